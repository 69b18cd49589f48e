"""The search's results contract, on the demo catalog, as a table of queries and the first
result each must give: exact Latin names and titles, typos, pinyin spaced, joined and with
tones, Chinese substrings, aliases, institutions and film weeks. The same table passes on
SQLite and on PostgreSQL (core/search/text.py says the rule)."""

import pytest

from alliance.models import Institution
from filmweek.models import Film, FilmWeek, Person

TABLE = [
    # Latin names and titles, as written
    ("Five Hundred Miles", "films", "five-hundred-miles"),
    ("still life", "films", "still-life"),
    ("Mulan", "films", "mulan"),
    ("Lei Jiayin", "people", "lei-jiayin"),
    ("Zhao Tao", "people", "zhao-tao"),
    ("Sviridova", "people", "alena-sviridova"),
    ("Durban", "institutions", "durban-international-film-festival"),
    ("SIFF", "institutions", "shanghai-international-film-festival"),
    ("State Film Administration", "institutions", "state-film-administration"),
    # Typos: one edit up to 7 letters, two past them
    ("durbn", "institutions", "durban-international-film-festival"),
    ("Zhao Tai", "people", "zhao-tao"),
    ("Lei Jiayn", "people", "lei-jiayin"),
    ("Laei Jiayin", "people", "lei-jiayin"),
    ("Sviridva", "people", "alena-sviridova"),
    ("Wandering Erth", "films", "wandering-earth-2"),
    ("Five Hundred Mils", "films", "five-hundred-miles"),
    ("Montains May Depart", "films", "mountains-may-depart"),
    ("Ash Is Purist White", "films", "ash-is-purest-white"),
    ("Pacifc Rim", "films", "pacific-rim-uprising"),
    ("Moskow International", "institutions", "moscow-international-film-festival"),
    ("Donatelo", "institutions", "david-di-donatello-awards"),
    ("Qingdau", "institutions", "qingdao-oriental-film-metropolis"),
    # Pinyin: spaced, joined, with tones
    ("jiao huan ren sheng", "films", "five-hundred-miles"),
    ("jiaohuanrensheng", "films", "five-hundred-miles"),
    ("jiāo huàn rén shēng", "films", "five-hundred-miles"),
    ("lei jia yin", "people", "lei-jiayin"),
    ("Léi Jiāyīn", "people", "lei-jiayin"),
    ("zhang xiaofei", "people", "zhang-xiaofei"),
    ("manjianghong", "films", "full-river-red"),
    ("shan he gu ren", "films", "mountains-may-depart"),
    ("shànghǎi guójì diànyǐngjié", "institutions", "shanghai-international-film-festival"),
    ("yi dai yi lu dian ying zhou", "film_weeks", "belt-and-road-film-week-2023"),
    # Chinese substrings
    ("交换", "films", "five-hundred-miles"),
    ("流浪地球", "films", "wandering-earth-2"),
    ("人世", "films", "a-lifelong-journey"),
    ("雷佳", "people", "lei-jiayin"),
    ("赵涛", "people", "zhao-tao"),
    ("德班", "institutions", "durban-international-film-festival"),
    ("东方影都", "institutions", "qingdao-oriental-film-metropolis"),
    ("上海合作组织", "institutions", "shanghai-cooperation-organisation"),
    ("电影周", "film_weeks", "belt-and-road-film-week-2023"),
    # Aliases (given by the fixture below), exact and with a typo
    ("Shun Li and the Poet", "films", "io-sono-li"),
    ("Shun Li", "films", "io-sono-li"),
    ("Shun Li and the Poett", "films", "io-sono-li"),
    ("Tao Zhao", "people", "zhao-tao"),
    ("MIFF", "institutions", "moscow-international-film-festival"),
    # Film weeks
    ("Belt and Road Film Week 2023", "film_weeks", "belt-and-road-film-week-2023"),
    ("film week 2018", "film_weeks", "belt-and-road-film-week-2018"),
    ("SCO Film and Television Week", "film_weeks", "sco-film-and-television-week-2025"),
]


@pytest.fixture
def aliases(demo):
    for model, slug, names in [
        (Film, "io-sono-li", "Shun Li and the Poet"),
        (Person, "zhao-tao", "Tao Zhao"),
        (Institution, "moscow-international-film-festival", "MIFF\nMoscow IFF"),
    ]:
        record = model.objects.get(slug=slug)
        record.aliases = names
        record.save()


def url_of(kind, slug):
    model = {"films": Film, "people": Person, "institutions": Institution, "film_weeks": FilmWeek}
    return model[kind].objects.get(slug=slug).get_absolute_url()


def first_result(response):
    """(kind, slug) of the first result the search page shows, or None."""
    groups = response.context["groups"]
    return (groups[0].kind.key, groups[0].results[0].slug) if groups else None


def test_search_table_has_forty_queries_or_more():
    assert len(TABLE) >= 40


# One test over the whole table (the demo is loaded once), comparing {query: first result}.


def test_search_table_queries_give_expected_first_results(client, aliases):
    found = {q: first_result(client.get("/en/search/", {"q": q})) for q, _kind, _slug in TABLE}

    assert found == {q: (kind, slug) for q, kind, slug in TABLE}


def test_search_table_queries_suggest_expected_record_first(client, aliases):
    suggested = {
        q: client.get("/en/search/suggest/", {"q": q}).json()["suggestions"][0]["url"]
        for q, _kind, _slug in TABLE
    }

    assert suggested == {q: url_of(kind, slug) for q, kind, slug in TABLE}
