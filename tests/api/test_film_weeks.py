"""/api/v1/film-weeks/: published film weeks only, with links to their page and calendar, the
film week list's filters, and a number of queries that does not grow with the rows shown."""

import pytest

from core.models import Status
from filmweek.models import Ambassador, Selection
from tests.factories import make_film, make_film_week, make_institution, make_person
from tests.records import film_week_with

PUBLISHED = {"status": Status.PUBLISHED}


def test_film_week_list_shows_names_links_and_counts_of_published_rows(db, get_json):
    organiser = make_institution(slug="siff", name_en="SIFF", name_zh="上海国际电影节", **PUBLISHED)
    week = make_film_week(
        slug="week-2023", name_en="Film Week", name_zh="电影周", organiser=organiser, **PUBLISHED
    )
    Selection.objects.create(film_week=week, film=make_film(**PUBLISHED))
    Selection.objects.create(film_week=week, film=make_film())
    Ambassador.objects.create(film_week=week, person=make_person())

    status, body = get_json("film-weeks/")

    row = body["results"][0]
    assert status == 200
    assert [row["name"], row["url"], row["ics"], row["organiser"]["slug"]] == [
        {"en": "Film Week", "zh": "电影周"},
        "http://testserver/en/film-weeks/week-2023/",
        "http://testserver/en/film-weeks/week-2023/calendar.ics",
        "siff",
    ]
    assert [row["film_count"], row["ambassador_count"]] == [1, 0]


def test_film_week_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    make_film_week(slug="shown", **PUBLISHED)
    make_film_week(slug="draft")

    status, body = get_json("film-weeks/")

    assert [status, body["count"], [row["slug"] for row in body["results"]]] == [
        200,
        1,
        ["shown"],
    ]


def test_film_week_detail_of_a_draft_is_404(db, get_json):
    make_film_week(slug="draft")

    status, _body = get_json("film-weeks/draft/")

    assert status == 404


def test_film_week_detail_names_no_draft_organiser(db, get_json):
    make_film_week(slug="week", organiser=make_institution(slug="draft-organiser"), **PUBLISHED)

    status, body = get_json("film-weeks/week/")

    assert [status, body["organiser"]] == [200, None]


def test_film_week_list_filters_by_year_with_the_film_week_filterset(db, get_json):
    make_film_week(slug="old", year=2019, **PUBLISHED)
    make_film_week(slug="new", year=2023, **PUBLISHED)

    status, body = get_json("film-weeks/", {"year": "2019"})

    assert [status, [row["slug"] for row in body["results"]]] == [200, ["old"]]


def test_film_week_list_unknown_year_is_400_naming_the_parameter(db, get_json):
    make_film_week(year=2023, **PUBLISHED)

    status, body = get_json("film-weeks/", {"year": "1900"})

    assert [status, body] == [400, {"year": ["This is not one of the choices."]}]


@pytest.mark.parametrize("rows", [1, 3])
def test_film_week_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    for _number in range(rows):
        film_week_with(2)

    # The organiser and year choices, then the page's rows with their counts.
    with django_assert_num_queries(3):
        response = client.get("/api/v1/film-weeks/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_film_week_detail_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    week = film_week_with(rows)

    # The film week, then one query per list: ambassadors, selections, activities, their
    # participants, figures, quotes (no screenings to come: asked for none).
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/film-weeks/{week.slug}/")

    assert [response.status_code, len(response.json()["ambassadors"])] == [200, rows]
