"""/api/v1/films/: published films only, bilingual titles, the film catalog's own filters, and a
number of queries that does not grow with the rows shown."""

import pytest

from core.models import Status
from filmweek.models import FilmCountry, Selection
from tests.factories import (
    make_award,
    make_country,
    make_credit,
    make_film,
    make_film_week,
    make_institution,
    make_person,
)
from tests.records import film_with

PUBLISHED = {"status": Status.PUBLISHED}


def slugs(body):
    return [row["slug"] for row in body["results"]]


def test_film_list_shows_titles_in_every_language_links_and_countries(db, get_json):
    film = make_film(
        slug="the-red-silk",
        title_original="Красный шёлк",
        title_en="The Red Silk",
        title_zh="红丝绸",
        year=2025,
        **PUBLISHED,
    )
    FilmCountry.objects.create(film=film, country=make_country("RU"), position=1)
    FilmCountry.objects.create(film=film, country=make_country("CN"), position=2)

    status, body = get_json("films/")

    assert status == 200
    assert body["results"] == [
        {
            "slug": "the-red-silk",
            "url": "http://testserver/en/films/the-red-silk/",
            "ics": "http://testserver/en/films/the-red-silk/calendar.ics",
            "title": {"original": "Красный шёлк", "en": "The Red Silk", "zh": "红丝绸"},
            "year": 2025,
            "kind": "feature",
            "countries": ["RU", "CN"],
        }
    ]


def test_film_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    make_film(slug="shown", **PUBLISHED)
    make_film(slug="draft")

    status, body = get_json("films/")

    assert [status, body["count"], slugs(body)] == [200, 1, ["shown"]]


def test_film_detail_of_a_draft_is_404(db, get_json):
    make_film(slug="draft")

    status, body = get_json("films/draft/")

    assert [status, body] == [404, {"detail": "No Film matches the given query."}]


def test_film_detail_credits_leave_out_draft_people(db, get_json):
    film = make_film(slug="still-life", **PUBLISHED)
    make_credit(film=film, person=make_person(slug="jia", name_en="Jia Zhangke", **PUBLISHED))
    make_credit(film=film, person=make_person(slug="hidden"), role="writer")

    status, body = get_json("films/still-life/")

    assert [status, [credit["person"]["slug"] for credit in body["credits"]]] == [200, ["jia"]]


def test_film_detail_award_names_no_draft_person(db, get_json):
    film = make_film(slug="still-life", **PUBLISHED)
    body_institution = make_institution(slug="venice", **PUBLISHED)
    make_award(film=film, person=make_person(slug="draft-person"), body=body_institution)

    status, body = get_json("films/still-life/")

    assert [status, [award["person"] for award in body["awards"]]] == [200, [None]]


def test_film_list_filters_with_the_film_catalogs_filterset(db, get_json):
    russian = make_film(slug="russian", **PUBLISHED)
    FilmCountry.objects.create(film=russian, country=make_country("RU"))
    chinese = make_film(slug="chinese", **PUBLISHED)
    FilmCountry.objects.create(film=chinese, country=make_country("CN"))

    status, body = get_json("films/", {"country": "RU"})

    assert [status, slugs(body)] == [200, ["russian"]]


def test_film_list_sorts_by_year_when_asked(db, get_json):
    make_film(slug="old", year=1990, **PUBLISHED)
    make_film(slug="new", year=2020, **PUBLISHED)

    status, body = get_json("films/", {"sort": "-year"})

    assert [status, slugs(body)] == [200, ["new", "old"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "XX"}, {"country": ["This is not one of the choices."]}),
        ({"kind": "opera"}, {"kind": ["This is not one of the choices."]}),
        ({"sort": "x" * 10_000}, {"sort": ["This is not one of the choices."]}),
        ({"year_min": "nineteen"}, {"year_min": ["Enter a whole number."]}),
        (
            {"year_min": "9" * 30},
            {"year_min": ["Ensure this value is less than or equal to 2100."]},
        ),
        ({"q": "a\x00b"}, {"q": ["Null characters are not allowed."]}),
        ({"country": ["RU", "\x00"]}, {"country": ["This is not one of the choices."]}),
        ({"film_week": "no-such-week"}, {"film_week": ["This is not one of the choices."]}),
    ],
)
def test_film_list_invalid_filter_is_400_naming_the_parameter(db, get_json, params, expected):
    make_country("RU")
    make_film(**PUBLISHED)

    status, body = get_json("films/", params)

    assert [status, body] == [400, expected]


def test_film_list_huge_search_is_400_not_500(db, get_json):
    status, body = get_json("films/", {"q": "x" * 100_000})

    assert status == 400
    assert list(body) == ["q"]


@pytest.mark.parametrize("rows", [1, 3])
def test_film_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    week = make_film_week(**PUBLISHED)
    for _number in range(rows):
        film = make_film(**PUBLISHED)
        for position, code in enumerate(["CN", "RU"]):
            FilmCountry.objects.create(film=film, country=make_country(code), position=position)
        Selection.objects.create(film=film, film_week=week)

    # The filter's choices (countries, languages, recent film weeks), the page's rows and their
    # production countries; a first page that holds every row is not counted.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/films/", {"sort": "year"})

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_film_detail_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    film = film_with(rows)

    # The film, then one query per list of film_records(): countries, languages, credits,
    # awards, film weeks, tour stops.
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/films/{film.slug}/")

    assert [response.status_code, len(response.json()["credits"])] == [200, rows]
