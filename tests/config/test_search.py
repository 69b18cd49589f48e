"""The one search page: every name form of films, people, institutions and film weeks, in
Chinese (from one character), English and pinyin; published records only; hostile queries;
totals counted up to a limit; a constant number of queries; the stored search columns behind
it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from alliance.models import Institution
from config import search
from config.search import GROUP_SIZE
from core.models import Status
from core.search.text import SearchQuery
from filmweek.models import Film, FilmWeek, Person
from tests.factories import make_film, make_film_week, make_institution, make_person

PUBLISHED = {"status": Status.PUBLISHED}
SEARCH = "/en/search/"


def found(response):
    """{kind: [slug, ...]} of the results shown, in the page's order."""
    return {
        group.kind.key: [record.slug for record in group.results]
        for group in response.context["groups"]
    }


@pytest.fixture
def lei_jiayin(db):
    return make_person(slug="lei-jiayin", name_en="Lei Jiayin", name_zh="雷佳音", **PUBLISHED)


@pytest.fixture
def five_hundred_miles(db):
    return make_film(
        slug="five-hundred-miles",
        title_original="交换人生",
        title_en="Five Hundred Miles",
        title_zh="交换人生",
        **PUBLISHED,
    )


# What each kind is found by


@pytest.mark.parametrize(
    "q",
    [
        "雷佳音",
        "雷佳",
        "佳音",
        "Lei Jiayin",
        "lei jiayin",
        "LEI JIAYIN",
        "jiayin",
        "leijiayin",
        "lei jia yin",
        "Lei Jia Yin",
        "léi jiā yīn",
        "Léi Jiāyīn",
        "lei jiayin ",
    ],
)
def test_search_finds_person_by_every_name_form(client, lei_jiayin, q):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == {"people": ["lei-jiayin"]}


def test_search_finds_person_by_name_in_own_script(client, db):
    make_person(
        slug="alena", name_en="Alena Sviridova", name_original="Алёна Свиридова", **PUBLISHED
    )

    response = client.get(SEARCH, {"q": "алена свиридова"})

    assert found(response) == {"people": ["alena"]}


@pytest.mark.parametrize(
    "q",
    [
        "交换人生",
        "人生",
        "Five Hundred Miles",
        "hundred",
        "FIVE HUNDRED",
        "jiaohuanrensheng",
        "jiao huan ren sheng",
        "Jiāohuàn Rénshēng",
        "jiaohuan rensheng",
    ],
)
def test_search_finds_film_by_every_title_form(client, five_hundred_miles, q):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == {"films": ["five-hundred-miles"]}


def test_search_finds_film_by_original_title(client, db):
    make_film(slug="red-silk", title_original="Красный шёлк", title_en="The Red Silk", **PUBLISHED)

    response = client.get(SEARCH, {"q": "Красный шёлк"})

    assert found(response) == {"films": ["red-silk"]}


@pytest.mark.parametrize(
    "q",
    [
        "International Film Festival",
        "上海国际",
        "SIFF",
        "siff",
        "Shanghai",
        "上海",
        "shanghai guoji",
    ],
)
def test_search_finds_institution_by_names_short_name_and_city(client, db, q):
    make_institution(
        slug="siff",
        name_en="Shanghai International Film Festival",
        name_zh="上海国际电影节",
        short_name="SIFF",
        city_en="Shanghai",
        city_zh="上海",
        **PUBLISHED,
    )

    response = client.get(SEARCH, {"q": q})

    assert found(response) == {"institutions": ["siff"]}


@pytest.mark.parametrize(
    "q",
    ["Belt and Road Film Week", "一带一路", "film week 2023", "2023", "Dialogue", "对话", "duihua"],
)
def test_search_finds_film_week_by_name_theme_and_year(client, db, q):
    make_film_week(
        slug="week-2023",
        name_en="Belt and Road Film Week",
        name_zh="一带一路电影周",
        year=2023,
        theme_en="Dialogue",
        theme_zh="对话",
        **PUBLISHED,
    )
    make_film_week(slug="week-2025", name_en="Another Week", year=2025, **PUBLISHED)

    response = client.get(SEARCH, {"q": q})

    assert found(response) == {"film_weeks": ["week-2023"]}


def test_search_groups_kinds_in_a_fixed_order_with_counts(client, db):
    make_film_week(slug="qingdao-week", name_en="Qingdao Week", **PUBLISHED)
    make_institution(slug="qingdao-base", name_en="Qingdao Base", **PUBLISHED)
    make_person(slug="qingdao-person", name_en="Qingdao Person", **PUBLISHED)
    make_film(slug="qingdao-film-b", title_original="Qingdao B", **PUBLISHED)
    make_film(slug="qingdao-film-a", title_original="Qingdao A", **PUBLISHED)

    response = client.get(SEARCH, {"q": "qingdao"})

    assert found(response) == {
        "films": ["qingdao-film-a", "qingdao-film-b"],
        "people": ["qingdao-person"],
        "institutions": ["qingdao-base"],
        "film_weeks": ["qingdao-week"],
    }
    assert [group.total for group in response.context["groups"]] == [2, 1, 1, 1]
    assert response.context["total"] == 5


def test_search_links_each_result_to_its_page(client, lei_jiayin, five_hundred_miles):
    response = client.get(SEARCH, {"q": "lei jiayin"})

    html = response.content.decode()
    assert html.count('href="/en/people/lei-jiayin/"') == 1
    assert "雷佳音" in html


def test_search_hides_drafts(client, db):
    make_person(name_en="Lei Jiayin", name_zh="雷佳音", status=Status.DRAFT)
    make_film(title_original="交换人生", status=Status.DRAFT)
    make_institution(name_en="Lei Institution", status=Status.DRAFT)
    make_film_week(name_en="Lei Week", status=Status.DRAFT)

    response = client.get(SEARCH, {"q": "lei"})

    assert (found(response), response.context["total"]) == ({}, 0)


def test_search_in_chinese_shows_chinese_name_with_english_beside(client, lei_jiayin):
    response = client.get("/zh-hans/search/", {"q": "leijiayin"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/zh-hans/people/lei-jiayin/">雷佳音</a>' in html
    assert '<span class="search-other-name" lang="en">Lei Jiayin</span>' in html


# Typos: on every database


@pytest.mark.parametrize(
    ("q", "kind", "slug"),
    [("Lei Jiayn", "people", "lei-jiayin"), ("Laei Jiayin", "people", "lei-jiayin")],
)
def test_search_forgives_a_typo_in_a_name(client, lei_jiayin, q, kind, slug):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == {kind: [slug]}


def test_search_forgives_a_typo_in_a_title(client, db):
    make_film(
        slug="wandering-earth-2",
        title_original="流浪地球2",
        title_en="Wandering Earth 2",
        **PUBLISHED,
    )

    response = client.get(SEARCH, {"q": "Wandering Erth"})

    assert found(response) == {"films": ["wandering-earth-2"]}
    assert "Nothing matches “Wandering Erth” exactly; 1 close match:" in response.content.decode()


def test_search_shows_close_matches_only_without_exact_ones(client, db):
    make_film(slug="close", title_original="Wandering Earth", **PUBLISHED)
    make_film(slug="exact", title_original="Wandering Erth", **PUBLISHED)
    make_person(slug="close-person", name_en="Wandering Earthling", **PUBLISHED)

    response = client.get(SEARCH, {"q": "Wandering Erth"})

    assert found(response) == {"films": ["exact"]}
    assert "close match" not in response.content.decode()


def test_search_never_takes_a_year_for_a_typo(client, db):
    make_film_week(slug="week-2025", name_en="Film Week", year=2025, **PUBLISHED)

    response = client.get(SEARCH, {"q": "Film Week 2023"})

    assert found(response) == {}


# Short Chinese queries and two letters


@pytest.mark.parametrize("q", ["雷", "音", "佳音", "雷佳音"])
def test_search_finds_person_by_one_two_or_three_chinese_characters(client, lei_jiayin, q):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == {"people": ["lei-jiayin"]}


def test_search_needs_chinese_characters_side_by_side_and_in_order(client, db):
    make_film_week(slug="belt", name_en="Belt and Road", name_zh="一带一路电影周", **PUBLISHED)

    responses = [client.get(SEARCH, {"q": q}) for q in ["带一带", "路一", "一带一路", "带一"]]

    assert [found(response) for response in responses] == [{}, {}] + [{"film_weeks": ["belt"]}] * 2


def test_search_finds_two_letters_inside_a_word(client, lei_jiayin, five_hundred_miles):
    responses = [client.get(SEARCH, {"q": q}) for q in ["ay", "ED", "qx"]]

    assert [found(response) for response in responses] == [
        {"people": ["lei-jiayin"]},
        {"films": ["five-hundred-miles"]},
        {},
    ]


# Totals counted up to COUNT_LIMIT


def test_search_total_past_the_count_limit_reads_as_a_floor(client, db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    monkeypatch.setattr(search, "GROUP_SIZE", 2)
    for index in range(4):
        make_film(title_original=f"Journey {index}", **PUBLISHED)
    make_person(name_en="Journey Person", **PUBLISHED)

    response = client.get(SEARCH, {"q": "journey"})

    html = " ".join(response.content.decode().split())
    assert [group.total for group in response.context["groups"]] == [3, 1]
    assert "4+ results for “journey”" in html
    assert '<span class="search-count">3+</span>' in html
    assert "2 of 3+ are shown." in html
    assert "The first 2" not in html


def test_search_past_the_count_limit_shows_a_sample_in_order(client, db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    for index in range(6):
        make_film(slug=f"journey-{index}", title_original=f"Journey {5 - index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "journey"})

    titles = [film.title for film in response.context["groups"][0].results]
    assert (len(titles), titles) == (3, sorted(titles))


def test_search_total_below_the_count_limit_is_exact_and_grouped(client, db, monkeypatch):
    monkeypatch.setattr(search, "GROUP_SIZE", 2)
    for index in range(3):
        make_film(title_original=f"Journey {index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "journey"})

    html = " ".join(response.content.decode().split())
    assert "3 results for “journey”" in html
    assert "The first 2 of 3 are shown." in html


def test_search_close_total_at_the_count_limit_reads_as_a_floor(client, db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    for index in range(3):
        make_film(title_original=f"Wandering Earth {index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "Wandering Erth"})

    html = " ".join(response.content.decode().split())
    assert "Nothing matches “Wandering Erth” exactly; 2+ close matches:" in html
    assert '<span class="search-count">2+</span>' in html


@pytest.mark.parametrize(("limit", "capped"), [(3, True), (4, False)])
def test_first_close_caps_the_total_when_the_candidates_reach_the_count_limit(
    db, monkeypatch, limit, capped
):
    """As on PostgreSQL, whose candidates are not all close: the total is counted among the
    first COUNT_LIMIT candidates, so it is a floor once they reach it."""
    monkeypatch.setattr(search, "COUNT_LIMIT", limit)
    close = make_film(title_original="Wandering Earth", **PUBLISHED)
    for title in ["Haystack", "Mulan"]:
        make_film(title_original=title, **PUBLISHED)
    candidates = [Film.objects.all(), *[kind.queryset.none() for kind in search.KINDS[1:]]]

    found = search.first_close(candidates, SearchQuery.parse("Wandering Erth"))

    assert found[0] == ([close.pk], 1, capped)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram candidates")
def test_search_close_total_among_capped_candidates_reads_as_a_floor(client, db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    make_film(slug="close", title_original="Wandering Earth", **PUBLISHED)
    for index in range(2):  # candidates by their trigrams, but six edits away
        make_film(title_original=f"Wandering Earthlings {index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "Wandering Erth"})

    html = " ".join(response.content.decode().split())
    assert found(response) == {"films": ["close"]}
    assert "Nothing matches “Wandering Erth” exactly; 1+ close matches:" in html
    assert '<span class="search-count">1+</span>' in html


# Demo data: the facts of the source texts


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("人世", {"films": ["a-lifelong-journey"]}),
        ("jiaohuanrensheng", {"films": ["five-hundred-miles"]}),
        ("雷佳", {"people": ["lei-jiayin"]}),
        ("changan", {"films": ["the-longest-day-in-changan"]}),
    ],
)
def test_search_finds_demo_records(demo, client, q, expected):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == expected


def test_search_finds_demo_film_despite_typo(demo, client):
    response = client.get(SEARCH, {"q": "Wandering Erth"})

    assert found(response) == {"films": ["wandering-earth-2"]}


# Hostile and odd queries: always a page with a message


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Type a title, a name, a place, a theme or a year."),
        ({"q": ""}, "Type a title, a name, a place, a theme or a year."),
        ({"q": "   \t "}, "Type a title, a name, a place, a theme or a year."),
        ({"q": "\x00"}, "Type a title, a name, a place, a theme or a year."),
        ({"q": "!!!"}, "Your search holds no letters or digits to look for."),
        ({"q": "%"}, "Your search holds no letters or digits to look for."),
        ({"q": "_"}, "Your search holds no letters or digits to look for."),
        ({"q": "%%__%%"}, "Your search holds no letters or digits to look for."),
        ({"q": "x"}, "Type at least two letters or digits"),
        ({"q": "7"}, "Type at least two letters or digits"),
        ({"q": "l%n"}, "Nothing matches “l%n”."),
        ({"q": "l_i"}, "Nothing matches “l_i”."),
        ({"q": "'; DROP TABLE filmweek_person; --"}, "Nothing matches"),
        ({"q": "1 OR 1=1"}, "Nothing matches"),
        (
            {"q": "<script>alert(1)</script>"},
            "Nothing matches “&lt;script&gt;alert(1)&lt;/script&gt;”.",
        ),
        ({"q": "é" * 10_000}, "only its first 200 characters were used"),
    ],
)
def test_search_answers_odd_queries_with_a_message(client, lei_jiayin, params, message):
    response = client.get(SEARCH, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert found(response) == {}


def test_search_with_nul_bytes_ignores_them(client, lei_jiayin):
    response = client.get("/en/search/?q=lei%00jiayin%00")

    assert (response.status_code, found(response)) == (200, {"people": ["lei-jiayin"]})


def test_search_with_long_query_uses_its_first_200_characters(client, lei_jiayin):
    response = client.get(SEARCH, {"q": "lei jiayin" + " " * 190 + "x" * 10_000})

    query = response.context["query"]
    assert (response.status_code, query.text, query.shortened) == (200, "lei jiayin", True)
    assert found(response) == {"people": ["lei-jiayin"]}


def test_search_with_repeated_q_uses_the_last(client, lei_jiayin):
    response = client.get("/en/search/?q=nothing&q=lei+jiayin")

    assert found(response) == {"people": ["lei-jiayin"]}


def test_search_sql_looking_query_leaves_the_tables_alone(client, lei_jiayin):
    client.get(SEARCH, {"q": "'; DELETE FROM filmweek_person; --"})

    assert Person.objects.count() == 1


# Cut groups


def test_search_cuts_a_group_and_links_to_the_filtered_list(client, db):
    for index in range(GROUP_SIZE + 1):
        make_film(slug=f"journey-{index:02}", title_original=f"Journey {index:02}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "Journey"})

    group = response.context["groups"][0]
    assert (len(group.results), group.total, group.is_cut) == (GROUP_SIZE, GROUP_SIZE + 1, True)
    assert '<a href="/en/films/?q=Journey">All matching films</a>' in response.content.decode()


def test_search_cut_group_without_a_list_asks_for_more_words(client, db):
    for index in range(GROUP_SIZE + 1):
        make_institution(name_en=f"Festival {index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "festival"})

    assert "The first 20 of 21 are shown. Add a word to narrow the search." in " ".join(
        response.content.decode().split()
    )


def test_search_more_link_encodes_the_query(client, db):
    for index in range(GROUP_SIZE + 1):
        make_person(name_en=f"Zhang & Co {index}", **PUBLISHED)

    response = client.get(SEARCH, {"q": "zhang & co"})

    assert 'href="/en/people/?q=zhang%20%26%20co"' in response.content.decode()


# Query count


def _records_of_every_kind(rows):
    for index in range(rows):
        make_film(title_original=f"Needle film {index}", **PUBLISHED)
        make_person(name_en=f"Needle person {index}", country=None, **PUBLISHED)
        make_institution(name_en=f"Needle institution {index}", **PUBLISHED)
        make_film_week(name_en=f"Needle week {index}", **PUBLISHED)


@pytest.mark.parametrize("rows", [1, 3])
def test_search_queries_same_for_1_and_3_matches_per_kind(
    client, db, django_assert_num_queries, rows
):
    _records_of_every_kind(rows)

    with django_assert_num_queries(5):  # the matches of every kind, then each kind's records
        response = client.get(SEARCH, {"q": "needle"})

    assert [group.total for group in response.context["groups"]] == [rows] * 4


def test_search_fetches_only_the_kinds_with_matches(client, db, django_assert_num_queries):
    _records_of_every_kind(2)
    make_film(title_original="Haystack", **PUBLISHED)

    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"q": "haystack"})

    assert [group.total for group in response.context["groups"]] == [1]


def test_search_without_a_match_looks_for_typos_in_one_query(client, db, django_assert_num_queries):
    _records_of_every_kind(2)

    # The exact matches, then the close ones, of every kind at once.
    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"q": "haystack"})

    assert response.context["groups"] == []


def test_search_without_a_query_runs_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(SEARCH, {"q": "%"})


# The stored search text


def test_person_film_and_film_week_save_fill_search_text(db):
    person = make_person(name_en="Lei Jiayin", name_zh="雷佳音")
    film = make_film(title_original="人世间", title_en="A Lifelong Journey")
    week = make_film_week(name_en="Belt and Road Film Week", year=2023, theme_en="Dialogue")

    assert [person.search_text, film.search_text, week.search_text] == [
        "lei jiayin\n雷佳音\nlei jia yin\nleijiayin",
        "人世间\nren shi jian\nrenshijian\na lifelong journey",
        "belt and road film week 2023\ndialogue",
    ]


def test_person_save_with_update_fields_refreshes_search_text(db):
    person = make_person(name_en="Zeng Zhiwei")
    person.name_zh = "曾志伟"

    person.save(update_fields=["name_zh"])

    person.refresh_from_db()
    assert person.search_text.splitlines() == [
        "zeng zhiwei",
        "曾志伟",
        "ceng zhi wei",
        "cengzhiwei",
        "zeng zhi wei",
        "zengzhiwei",
    ]


def test_saves_fill_search_grams_from_search_text(db):
    person = make_person(name_en="Li", name_zh="雷")
    film = make_film(title_original="河流")
    week = make_film_week(name_en="W", year=2023, theme_zh="对")

    assert [person.search_grams, film.search_grams, week.search_grams] == [
        "li 雷 le ei",
        "河 流 河流 he li iu el",
        "20 02 23 对 du ui",
    ]


def test_person_save_with_update_fields_refreshes_search_grams(db):
    person = make_person(name_en="Zeng")
    person.name_zh = "曾"

    person.save(update_fields=["name_zh"])

    person.refresh_from_db()
    assert person.search_grams.split(" ")[:4] == ["ze", "en", "ng", "曾"]


def test_the_migration_fills_search_grams_of_existing_rows(db):
    make_film(title_original="河流")
    make_person(name_en="Lei Jiayin", name_zh="雷佳音")
    make_film_week(name_en="Week", year=2023)
    make_institution(name_en="SIFF", city_zh="上海")
    for model in (Film, Person, FilmWeek, Institution):
        model.objects.update(search_grams="")
    alliance_0009 = importlib.import_module("alliance.migrations.0009_search_grams")
    filmweek_0006 = importlib.import_module("filmweek.migrations.0006_search_grams")

    alliance_0009.fill_institution_grams(apps, None)
    filmweek_0006.fill_search_grams(apps, None)

    assert [
        Film.objects.get().search_grams,
        Person.objects.get().search_grams,
        FilmWeek.objects.get().search_grams,
        Institution.objects.get(name_en="SIFF").search_grams,
    ] == [
        "河 流 河流 he li iu el",
        "le ei ji ia ay yi in 雷 佳 音 雷佳 佳音 ij",
        "we ee ek 20 02 23",
        "si if ff 上 海 上海 sh ha an ng ai gh",
    ]


def test_the_migration_fills_search_grams_in_batches(db, monkeypatch):
    for index in range(5):
        make_film(title_original=f"河{index}")
    Film.objects.update(search_grams="")
    alliance_0009 = importlib.import_module("alliance.migrations.0009_search_grams")
    monkeypatch.setattr(alliance_0009, "BATCH_SIZE", 2)

    alliance_0009.fill_search_grams(apps.get_model("filmweek", "Film"))

    assert sorted(Film.objects.values_list("search_grams", flat=True)) == [
        f"河 he e{index}" for index in range(5)
    ]


def test_queryset_update_bypasses_save_and_the_migration_fills_search_text(db):
    make_film(title_original="交换人生", title_en="Five Hundred Miles")
    make_person(name_en="Lei Jiayin")
    make_film_week(name_en="Film Week", year=2023)
    make_institution(name_en="SIFF", city_en="Shanghai")
    for model in (Film, Person, FilmWeek, Institution):
        model.objects.update(search_text="")
    alliance_0004 = importlib.import_module("alliance.migrations.0004_search_text")
    filmweek_0002 = importlib.import_module("filmweek.migrations.0002_search_text")

    alliance_0004.fill_search_text(apps, None)
    filmweek_0002.fill_search_text(apps, None)

    assert [
        Film.objects.get().search_text,
        Person.objects.get().search_text,
        FilmWeek.objects.get().search_text,
        Institution.objects.get(name_en="SIFF").search_text,
    ] == [
        "交换人生\njiao huan ren sheng\njiaohuanrensheng\nfive hundred miles",
        "lei jiayin",
        "film week 2023",
        "siff\nshanghai",
    ]
