"""/api/v1/jury-services/: jury service of published people at published festivals, with the
member that recommended them, its filters, and a number of queries that does not grow with the
rows shown."""

import pytest

from core.models import Status
from filmweek.models import JuryService
from tests.factories import make_festival_edition, make_institution, make_person

PUBLISHED = {"status": Status.PUBLISHED}


def people(body):
    return [row["person"]["slug"] for row in body["results"]]


def serve(person=None, **kw):
    kw.setdefault(
        "festival_edition", make_festival_edition(institution=make_institution(**PUBLISHED))
    )
    return JuryService.objects.create(person=person or make_person(**PUBLISHED), **kw)


def test_jury_service_list_shows_person_festival_section_and_recommender(db, get_json):
    moscow = make_institution(
        slug="moscow-iff", name_en="Moscow IFF", name_zh="莫斯科", **PUBLISHED
    )
    siff = make_institution(slug="siff", name_en="SIFF", **PUBLISHED)
    serve(
        make_person(slug="juror", name_en="Juror", name_zh="评委", **PUBLISHED),
        festival_edition=make_festival_edition(institution=moscow, number=45, year=2023),
        section_en="Main competition",
        section_zh="主竞赛",
        is_president=True,
        recommended_by=siff,
    )

    status, body = get_json("jury-services/")

    assert status == 200
    assert body["results"] == [
        {
            "person": {
                "slug": "juror",
                "name": {"en": "Juror", "zh": "评委"},
                "url": "http://testserver/en/people/juror/",
            },
            "festival": {
                "slug": "moscow-iff",
                "name": {"en": "Moscow IFF", "zh": "莫斯科"},
                "url": "http://testserver/en/institutions/moscow-iff/",
            },
            "edition_number": 45,
            "year": 2023,
            "section": {"en": "Main competition", "zh": "主竞赛"},
            "is_president": True,
            "recommended_by": {
                "slug": "siff",
                "name": {"en": "SIFF", "zh": ""},
                "url": "http://testserver/en/institutions/siff/",
            },
        }
    ]


def test_jury_service_list_leaves_out_drafts_from_rows_and_count(db, get_json):
    serve(make_person(slug="shown", **PUBLISHED))
    serve(make_person(slug="draft"))
    serve(
        make_person(slug="at-draft-festival", **PUBLISHED),
        festival_edition=make_festival_edition(institution=make_institution()),
    )

    status, body = get_json("jury-services/")

    assert [status, body["count"], people(body)] == [200, 1, ["shown"]]


def test_jury_service_list_names_no_draft_recommender(db, get_json):
    serve(recommended_by=make_institution())

    status, body = get_json("jury-services/")

    assert [status, body["results"][0]["recommended_by"]] == [200, None]


def test_jury_service_list_newest_year_first(db, get_json):
    serve(
        make_person(slug="old", **PUBLISHED),
        festival_edition=make_festival_edition(
            institution=make_institution(**PUBLISHED), year=2019
        ),
    )
    serve(make_person(slug="new", **PUBLISHED))

    status, body = get_json("jury-services/")

    assert [status, people(body)] == [200, ["new", "old"]]


def test_jury_service_list_filters_by_festival_and_year(db, get_json):
    moscow = make_institution(slug="moscow-iff", **PUBLISHED)
    serve(
        make_person(slug="in-moscow", **PUBLISHED),
        festival_edition=make_festival_edition(institution=moscow, year=2023),
    )
    serve(make_person(slug="elsewhere", **PUBLISHED))

    status, body = get_json("jury-services/", {"festival": "moscow-iff", "year": "2023"})

    assert [status, people(body)] == [200, ["in-moscow"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"festival": "nowhere"}, {"festival": ["This is not one of the choices."]}),
        ({"year": "1900"}, {"year": ["This is not one of the choices."]}),
    ],
)
def test_jury_service_list_invalid_filter_is_400_naming_the_parameter(
    db, get_json, params, expected
):
    serve()

    status, body = get_json("jury-services/", params)

    assert [status, body] == [400, expected]


def test_jury_service_list_draft_festival_is_not_a_choice(db, get_json):
    serve(festival_edition=make_festival_edition(institution=make_institution(slug="draft")))

    status, body = get_json("jury-services/", {"festival": "draft"})

    assert [status, body] == [400, {"festival": ["This is not one of the choices."]}]


@pytest.mark.parametrize("rows", [1, 3])
def test_jury_service_list_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    for _number in range(rows):
        serve(recommended_by=make_institution(**PUBLISHED))

    # The festival, year, recommending member and country choices (the juries page's
    # FilterSet), then the page's rows with their people and festivals.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/jury-services/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]
