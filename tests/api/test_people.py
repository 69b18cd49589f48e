"""/api/v1/people/: published people only, names in every script, the people list's filters,
and a number of queries that does not grow with the rows shown."""

import pytest

from core.models import Status
from filmweek.models import Ambassador, JuryService, Position
from tests.factories import (
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_person,
)
from tests.records import person_with

PUBLISHED = {"status": Status.PUBLISHED}


def test_person_list_shows_names_in_every_script_and_known_films(db, get_json):
    person = make_person(
        slug="alena-sviridova",
        name_en="Alena Sviridova",
        name_zh="阿廖娜",
        name_original="Алёна Свиридова",
        country=make_country("RU"),
        **PUBLISHED,
    )
    make_credit(
        person=person, film=make_film(slug="red-silk", title_original="Red Silk", **PUBLISHED)
    )
    make_credit(person=person, film=make_film(slug="draft-film"))

    status, body = get_json("people/")

    assert status == 200
    assert body["results"] == [
        {
            "slug": "alena-sviridova",
            "url": "http://testserver/en/people/alena-sviridova/",
            "ics": "http://testserver/en/people/alena-sviridova/calendar.ics",
            "name": {"original": "Алёна Свиридова", "en": "Alena Sviridova", "zh": "阿廖娜"},
            "country": "RU",
            "is_ambassador": False,
            "is_juror": False,
            "known_for": [
                {
                    "slug": "red-silk",
                    "title": {"original": "Red Silk", "en": "", "zh": ""},
                    "year": 2020,
                    "url": "http://testserver/en/films/red-silk/",
                }
            ],
        }
    ]


def test_person_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    make_person(slug="shown", **PUBLISHED)
    make_person(slug="draft")

    status, body = get_json("people/")

    assert [status, body["count"], [row["slug"] for row in body["results"]]] == [
        200,
        1,
        ["shown"],
    ]


def test_person_detail_of_a_draft_is_404(db, get_json):
    make_person(slug="draft")

    status, _body = get_json("people/draft/")

    assert status == 404


def test_person_list_filters_with_the_people_lists_filterset(db, get_json):
    ambassador = make_person(slug="ambassador", **PUBLISHED)
    make_person(slug="other", **PUBLISHED)
    Ambassador.objects.create(film_week=make_film_week(**PUBLISHED), person=ambassador)

    status, body = get_json("people/", {"ambassador": "1"})

    assert [status, [row["slug"] for row in body["results"]]] == [200, ["ambassador"]]


def test_person_list_invalid_role_is_400_naming_the_parameter(db, get_json):
    status, body = get_json("people/", {"role": "astronaut"})

    assert [status, body] == [400, {"role": ["This is not one of the choices."]}]


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    edition = make_festival_edition(institution=make_institution(**PUBLISHED))
    week = make_film_week(**PUBLISHED)
    for _number in range(rows):
        person = make_person(country=make_country("CN"), **PUBLISHED)
        for _film in range(4):
            make_credit(person=person, film=make_film(**PUBLISHED), role="cast")
        Ambassador.objects.create(film_week=week, person=person)
        JuryService.objects.create(person=person, festival_edition=edition)
        Position.objects.create(person=person, institution=edition.institution, title_en="CEO")

    # The choice of countries, the page's rows, their filmographies and positions.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/people/", {"role": "cast"})

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_person_detail_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    person = person_with(rows)

    # The person, then one query per list of person_pages().
    with django_assert_num_queries(10):
        response = client.get(f"/api/v1/people/{person.slug}/")

    assert [response.status_code, len(response.json()["filmography"])] == [200, rows]
