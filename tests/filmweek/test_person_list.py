"""The public people list /<lang>/people/: names in both scripts, what each person is known for,
facets, hostile query strings and a number of queries that does not grow with the rows."""

import re

import pytest
from pytest_django.asserts import assertInHTML

from alliance.models import InstitutionKind
from core.models import Status
from filmweek.models import Ambassador, JuryService, Person, Position
from tests.factories import (
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_person,
)
from tests.links import follow

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/people/"

EVERYONE = [
    "alena-sviridova",
    "kim-wai-chung",
    "lei-jiayin",
    "ning-hao",
    "oleg-brizhatty",
    "su-lun",
    "sun-hengqin",
    "zhang-xiaofei",
    "zhang-youhao",
    "zhao-tao",
]


def slugs(response):
    return [person.slug for person, _films, _roles in response.context["rows"]]


def results_heading(response):
    return re.search(r'id="results-heading">([^<]*)<', response.content.decode()).group(1)


def field_errors(response, name):
    match = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode()
    )
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def card_text(response, slug):
    """The visible text of the card of the person `slug`, whitespace collapsed."""
    html = response.content.decode()
    cards = re.findall(
        r'<li class="card person-card">(.*?)</li>\s*(?=<li class="card|</ul>)', html, re.S
    )
    for card in cards:
        if f"/people/{slug}/" in card:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()
    return None


def published_person(**kw):
    return make_person(**PUBLISHED, **kw)


# The whole list


def test_person_list_without_filters_shows_every_published_person_by_name(demo, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert slugs(response) == EVERYONE
    assert results_heading(response) == "10 people"


def test_person_list_in_chinese_keeps_the_pinyin_order(demo, client):
    response = client.get("/zh-hans/people/")

    assert slugs(response) == EVERYONE


def test_person_list_leaves_out_draft_people(db, client):
    published_person(slug="shown")
    make_person(slug="draft")

    response = client.get(URL)

    assert slugs(response) == ["shown"]
    assert results_heading(response) == "1 person"


def test_person_list_card_shows_names_in_both_scripts_roles_and_known_films(demo, client):
    response = client.get(URL)

    assert card_text(response, "zhao-tao") == (
        "Zhao Tao 赵涛 China · Cast Film week ambassador Juror Known for: Ash Is Purest White "
        "(2018), Mountains May Depart (2015), Io Sono Li (2011)"
    )


def test_person_list_card_in_chinese_shows_chinese_name_first(demo, client):
    response = client.get("/zh-hans/people/")

    assertInHTML(
        '<h3><a href="/zh-hans/people/zhao-tao/">赵涛</a></h3>', response.content.decode(), 1
    )
    assertInHTML(
        '<p class="other-names"><span lang="en">Zhao Tao</span></p>', response.content.decode(), 1
    )


def test_person_list_card_shows_name_in_its_own_script(demo, client):
    response = client.get(URL)

    assert card_text(response, "alena-sviridova") == (
        "Alena Sviridova 阿廖娜·斯维里多娃 Алёна Свиридова Russia · Theme song performer Known "
        "for: The Red Silk (2025)"
    )


def test_person_list_card_shows_at_most_three_films(demo, client):
    response = client.get(URL)

    assert card_text(response, "lei-jiayin") == (
        "Lei Jiayin 雷佳音 China · Cast Film week ambassador Known for: Five Hundred Miles (2023), "
        "Full River Red (2023), A Lifelong Journey (2022)"
    )


def test_person_list_card_names_a_film_once_for_several_roles(demo, client):
    response = client.get(URL)

    assert card_text(response, "su-lun") == (
        "Su Lun 苏伦 China · Director, Writer Known for: Five Hundred Miles (2023)"
    )


def test_person_list_card_shows_position(demo, client):
    response = client.get(URL)

    assert card_text(response, "sun-hengqin") == (
        "Sun Hengqin China CEO, Qingdao Oriental Film Metropolis"
    )


def test_person_list_known_for_leaves_out_draft_films(db, client):
    person = published_person(slug="actor", name_en="Actor")
    make_credit(person=person, film=make_film(title_original="Draft film"), role="cast")
    make_credit(person=person, film=make_film(title_original="Shown film", **PUBLISHED))

    response = client.get(URL)

    assert card_text(response, "actor") == "Actor Director Known for: Shown film (2020)"


# Each facet alone


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zhang", ["zhang-xiaofei", "zhang-youhao"]),
        ("HAO", ["ning-hao", "zhang-youhao", "zhao-tao"]),
        ("赵", ["zhao-tao"]),
        ("Алёна", ["alena-sviridova"]),
    ],
)
def test_person_list_query_searches_every_name(demo, client, query, expected):
    response = client.get(URL, {"q": query})

    assert slugs(response) == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_person_list_chinese_query_finds_in_each_language(demo, client, language):
    response = client.get(f"/{language}/people/", {"q": "雷佳"})

    assert slugs(response) == ["lei-jiayin"]


def test_person_list_country_filter_keeps_people_of_that_country(demo, client):
    response = client.get(URL, {"country": "RU"})

    assert slugs(response) == ["alena-sviridova", "oleg-brizhatty"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("director", ["ning-hao", "su-lun"]),
        ("cast", ["lei-jiayin", "zhang-xiaofei", "zhang-youhao", "zhao-tao"]),
        ("theme_song", ["alena-sviridova"]),
        ("set_decorator", ["kim-wai-chung"]),
        ("composer", []),
    ],
)
def test_person_list_role_filter_keeps_people_credited_so(demo, client, role, expected):
    response = client.get(URL, {"role": role})

    assert slugs(response) == expected


def test_person_list_role_filter_ignores_credits_on_draft_films(db, client):
    make_credit(person=published_person(slug="draft-only"), film=make_film(), role="director")
    make_credit(person=published_person(slug="shown"), film=make_film(**PUBLISHED), role="director")

    response = client.get(URL, {"role": "director"})

    assert slugs(response) == ["shown"]


def test_person_list_ambassador_filter_keeps_ambassadors(demo, client):
    response = client.get(URL, {"ambassador": "1"})

    assert slugs(response) == ["lei-jiayin", "zhao-tao"]


def test_person_list_ambassador_filter_ignores_draft_film_weeks(db, client):
    Ambassador.objects.create(
        film_week=make_film_week(**PUBLISHED), person=published_person(slug="shown")
    )
    Ambassador.objects.create(film_week=make_film_week(), person=published_person(slug="hidden"))

    response = client.get(URL, {"ambassador": "1"})

    assert slugs(response) == ["shown"]


def test_person_list_juror_filter_keeps_jurors(demo, client):
    response = client.get(URL, {"juror": "1"})

    assert slugs(response) == ["zhao-tao"]


def test_person_list_country_choices_are_countries_of_published_people(db, client):
    published_person(country=make_country("KZ"))
    make_person(country=make_country("FR"))

    response = client.get(URL)

    choices = list(response.context["filter"].form.fields["country"].choices)
    assert choices == [("", "Any country"), ("KZ", "Kazakhstan")]


# Facets combined


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "CN", "role": "director"}, ["ning-hao", "su-lun"]),
        ({"role": "cast", "juror": "1"}, ["zhao-tao"]),
        ({"role": "cast", "ambassador": "1", "q": "lei"}, ["lei-jiayin"]),
        ({"country": "RU", "ambassador": "1"}, []),
    ],
)
def test_person_list_combined_filters(demo, client, params, expected):
    response = client.get(URL, params)

    assert slugs(response) == expected


# Invalid values and hostile query strings


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("role", "opera", "This is not one of the choices."),
        ("country", "ZZ", "This is not one of the choices."),
        ("q", "a\x00b", "Null characters are not allowed."),
        ("q", "x" * 10_240, "Ensure this value has at most 200 characters (it has 10240)."),
    ],
)
def test_person_list_invalid_value_shows_message_and_applies_the_other_filters(
    db, client, name, value, message
):
    published_person(slug="ambassador")
    published_person(slug="other")
    Ambassador.objects.create(
        film_week=make_film_week(**PUBLISHED), person=published_person(slug="another-ambassador")
    )
    Ambassador.objects.create(
        film_week=make_film_week(**PUBLISHED),
        person=published_person(slug="ambassador-too", name_en="Zz"),
    )

    response = client.get(URL, {name: value, "ambassador": "1"})

    assert response.status_code == 200
    assert field_errors(response, name) == [message]
    assert slugs(response) == ["another-ambassador", "ambassador-too"]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        f"page={10**12}",
        "page=abc",
        "q=%00",
        "q=" + "x" * 10_240,
        "country=%00&role=%00",
        "role=cast&role=director&role=x",
        "ambassador=%00&juror=yes&juror=no",
        "unknown=1&o=name",
    ],
)
def test_person_list_hostile_query_string_answers_200(db, client, query):
    published_person()

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200


def _people(count):
    for number in range(count):
        published_person(name_en=f"Person {number:02}")


def _follow(client, response, rel):
    return follow(client, URL, response, rel)


def test_person_list_shows_24_people_a_page_and_the_rest_on_the_next(db, client):
    _people(25)

    first = client.get(URL)
    second = _follow(client, first, "next")

    assert [len(first.context["rows"]), len(second.context["rows"])] == [24, 1]
    assert results_heading(first) == "25 people"
    assert second.context["rows"][0][0].name_en == "Person 24"
    assert 'rel="next"' not in second.content.decode()


def test_person_list_previous_link_leads_back_to_the_same_people(db, client):
    _people(50)
    first = client.get(URL)

    back = _follow(client, _follow(client, first, "next"), "prev")

    assert slugs(back) == slugs(first)


def test_person_list_people_of_the_same_name_are_each_shown_once(db, client):
    people = [published_person(name_en="Li Wei") for _ in range(30)]

    first = client.get(URL)
    shown = slugs(first) + slugs(_follow(client, first, "next"))

    assert sorted(shown) == sorted(person.slug for person in people)


@pytest.mark.parametrize("page", ["0", "-1", "2", str(10**12)])
def test_person_list_old_page_numbers_show_the_first_page(db, client, page):
    _people(25)

    response = client.get(URL, {"page": page})

    assert slugs(response) == slugs(client.get(URL))


@pytest.mark.parametrize("cursor", ["junk", "A" * 5000, "WzEsIDJd", "WyJcdTAwMDAiLCAxXQ"])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_person_list_hostile_cursor_shows_the_first_page(db, client, cursor, direction):
    _people(25)

    response = client.get(URL, {direction: cursor})

    assert response.status_code == 200
    assert slugs(response) == slugs(client.get(URL))


def test_person_list_counts_no_further_than_a_thousand(db, client):
    Person.objects.bulk_create(
        Person(slug=f"many-{n}", name_en=f"Many {n}", status=Status.PUBLISHED) for n in range(1001)
    )

    response = client.get(URL)

    assert results_heading(response) == "More than 1,000 people"


# Queries


def _people_with_everything(rows):
    week = make_film_week(**PUBLISHED)
    edition = make_festival_edition(institution=make_institution(**PUBLISHED))
    base = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
    for _number in range(rows):
        person = published_person(country=make_country("CN"))
        for _film in range(4):
            make_credit(person=person, film=make_film(**PUBLISHED), role="cast")
        Ambassador.objects.create(film_week=week, person=person)
        JuryService.objects.create(person=person, festival_edition=edition)
        Position.objects.create(person=person, institution=base, title_en="CEO")


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    _people_with_everything(rows)

    # The choice of countries, the page's rows, their filmographies and positions; a first
    # page that holds every row is not counted. Then the counts: country, role and two flags,
    # and a capped count of the rows each choice is counted over (the role's, the country's).
    with django_assert_num_queries(10):
        response = client.get(URL, {"role": "cast", "ambassador": "1"})

    assert len(response.context["rows"]) == rows
