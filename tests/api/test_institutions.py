"""/api/v1/institutions/: the published members the member directory's FilterSet selects, each
published institution's page as JSON, and a number of queries that does not grow with the rows
shown."""

import datetime

import pytest

from core.models import DatePrecision, Status
from tests.factories import (
    make_alliance,
    make_country,
    make_institution,
    make_membership,
)
from tests.records import institution_with

PUBLISHED = {"status": Status.PUBLISHED}


def slugs(body):
    return [row["slug"] for row in body["results"]]


def test_institution_list_shows_bilingual_names_links_and_memberships(db, get_json):
    alliance = make_alliance(slug="alliance", name_en="Alliance", name_zh="联盟", **PUBLISHED)
    institution = make_institution(
        slug="moscow-iff",
        name_en="Moscow International Film Festival",
        name_zh="莫斯科国际电影节",
        short_name="MIFF",
        country=make_country("RU"),
        city_en="Moscow",
        city_zh="莫斯科",
        website="https://moscowfilmfestival.ru",
        **PUBLISHED,
    )
    make_membership(
        alliance=alliance,
        institution=institution,
        joined_on=datetime.date(2018, 6, 16),
        is_founding=True,
    )

    status, body = get_json("institutions/")

    assert status == 200
    assert body["results"] == [
        {
            "slug": "moscow-iff",
            "url": "http://testserver/en/institutions/moscow-iff/",
            "name": {"en": "Moscow International Film Festival", "zh": "莫斯科国际电影节"},
            "short_name": "MIFF",
            "kind": "festival",
            "country": "RU",
            "city": {"en": "Moscow", "zh": "莫斯科"},
            "website": "https://moscowfilmfestival.ru",
            "memberships": [
                {
                    "alliance": {
                        "slug": "alliance",
                        "name": {"en": "Alliance", "zh": "联盟"},
                        "url": "http://testserver/en/alliances/alliance/",
                    },
                    "joined_on": "2018-06-16",
                    "joined_precision": "day",
                    "left_on": None,
                    "is_founding": True,
                    "recommended_by": None,
                    "note": {"en": "", "zh": ""},
                }
            ],
        }
    ]


def test_institution_list_leaves_out_drafts_and_non_members_from_rows_and_count(db, get_json):
    alliance = make_alliance(**PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(slug="member", **PUBLISHED))
    make_membership(alliance=alliance, institution=make_institution(slug="draft"))
    make_membership(
        alliance=make_alliance(), institution=make_institution(slug="in-draft", **PUBLISHED)
    )
    make_institution(slug="not-a-member", **PUBLISHED)

    status, body = get_json("institutions/")

    assert [status, body["count"], slugs(body)] == [200, 1, ["member"]]


def test_institution_list_rows_name_no_draft_alliance_nor_recommender(db, get_json):
    member = make_institution(slug="member", **PUBLISHED)
    make_membership(
        alliance=make_alliance(slug="shown", **PUBLISHED),
        institution=member,
        recommended_by=make_institution(slug="draft-recommender"),
    )
    make_membership(alliance=make_alliance(slug="draft"), institution=member)

    status, body = get_json("institutions/")

    memberships = body["results"][0]["memberships"]
    assert [status, [(row["alliance"]["slug"], row["recommended_by"]) for row in memberships]] == [
        200,
        [("shown", None)],
    ]


def test_institution_list_filters_with_the_member_directory_filterset(db, get_json):
    alliance = make_alliance(slug="belt-and-road", **PUBLISHED)
    other = make_alliance(slug="other", **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(slug="in", **PUBLISHED))
    make_membership(alliance=other, institution=make_institution(slug="out", **PUBLISHED))

    status, body = get_json("institutions/", {"alliance": "belt-and-road"})

    assert [status, slugs(body)] == [200, ["in"]]


def alliance_with_a_member_who_left():
    """Founded 16 June 2018: "a-now" joined then, "b-left" too and left on 1 January 2020."""
    alliance = make_alliance(founded_on=datetime.date(2018, 6, 16), **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(slug="a-now", **PUBLISHED))
    make_membership(
        alliance=alliance,
        institution=make_institution(slug="b-left", **PUBLISHED),
        left_on=datetime.date(2020, 1, 1),
    )
    return alliance


def test_institution_list_shows_current_members_unless_asked_for_former_ones(db, get_json):
    alliance_with_a_member_who_left()

    _status, current = get_json("institutions/")
    _status, every = get_json("institutions/", {"membership": "all"})

    assert [slugs(current), slugs(every)] == [["a-now"], ["a-now", "b-left"]]


def test_institution_list_pages_by_cursor(db, get_json):
    alliance = make_alliance(**PUBLISHED)
    for name in ["A", "B", "C"]:
        institution = make_institution(slug=name.lower(), name_en=name, **PUBLISHED)
        make_membership(alliance=alliance, institution=institution)

    _status, first = get_json("institutions/", {"limit": "2"})
    status, second = get_json(first["next"].removeprefix("http://testserver/api/v1/"))

    assert [slugs(first), status, slugs(second), second["next"]] == [["a", "b"], 200, ["c"], None]


@pytest.mark.parametrize(
    "parameter, value",
    [("kind", "cinema"), ("membership", "sometimes"), ("founding", "yes"), ("country", "XX")],
)
def test_institution_list_unknown_filter_value_is_400_naming_the_parameter(
    db, get_json, parameter, value
):
    make_membership(alliance=make_alliance(**PUBLISHED), institution=make_institution(**PUBLISHED))

    status, body = get_json("institutions/", {parameter: value})

    assert [status, body] == [400, {parameter: ["This is not one of the choices."]}]


def test_member_directory_page_still_shows_current_members_for_an_unknown_state(db, client):
    make_membership(
        alliance=make_alliance(**PUBLISHED),
        institution=make_institution(name_en="Current member", **PUBLISHED),
    )

    response = client.get("/en/members/", {"membership": "sometimes"})

    text = response.content.decode()
    assert [
        response.status_code,
        "Current member" in text,
        "current members are shown" in text,
    ] == [
        200,
        True,
        True,
    ]


def test_institution_detail_of_a_draft_is_404(db, get_json):
    make_institution(slug="draft")

    status, body = get_json("institutions/draft/")

    assert [status, body] == [404, {"detail": "No Institution matches the given query."}]


def test_institution_detail_of_a_non_member_is_shown(db, get_json):
    make_institution(slug="award-body", kind="award_body", **PUBLISHED)

    status, body = get_json("institutions/award-body/")

    assert [status, body["kind"], body["memberships"]] == [200, "award_body", []]


def test_institution_detail_shows_public_profile_without_staff_contacts(db, get_json):
    make_institution(
        slug="siff",
        name_en="Shanghai International Film Festival",
        name_zh="上海国际电影节",
        description_en="An A-category festival.",
        description_zh="A类电影节。",
        contact_email="press@siff.example",
        social_links="https://weibo.com/siff\nhttps://x.com/siff",
        **PUBLISHED,
    )

    status, body = get_json("institutions/siff/")

    assert status == 200
    assert [
        body["name"],
        body["description"],
        body["logo"],
        body["contact_email"],
        body["social_links"],
    ] == [
        {"en": "Shanghai International Film Festival", "zh": "上海国际电影节"},
        {"en": "An A-category festival.", "zh": "A类电影节。"},
        None,
        "press@siff.example",
        ["https://weibo.com/siff", "https://x.com/siff"],
    ]
    assert sorted(set(body) & {"representatives", "applications", "invitations"}) == []


def test_institution_detail_links_its_logo_by_absolute_address(db, get_json):
    make_institution(slug="siff", logo="logos/siff.png", **PUBLISHED)

    status, body = get_json("institutions/siff/")

    assert [status, body["logo"]] == [200, "http://testserver/media/logos/siff.png"]


def test_institution_detail_memberships_leave_out_draft_alliances(db, get_json):
    member = make_institution(slug="member", **PUBLISHED)
    make_membership(
        alliance=make_alliance(slug="shown", **PUBLISHED),
        institution=member,
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
    )
    make_membership(alliance=make_alliance(slug="draft", initiator=member), institution=member)

    status, body = get_json("institutions/member/")

    assert [
        status,
        [(row["alliance"]["slug"], row["joined_precision"]) for row in body["memberships"]],
        body["initiated_alliances"],
    ] == [200, [("shown", "month")], []]


def test_institution_detail_lists_every_related_row(db, get_json):
    institution = institution_with(3)

    status, body = get_json(f"institutions/{institution.slug}/")

    lists = [
        "memberships",
        "initiated_alliances",
        "alliance_units",
        "editions",
        "film_weeks_organised",
        "awards_given",
        "jurors_recommended",
        "films_made",
        "incentives",
        "positions",
        "tours",
    ]
    assert [status, [len(body[name]) for name in lists], body["films_made_count"]] == [
        200,
        [3] * len(lists),
        3,
    ]


def members(rows):
    alliance = make_alliance(**PUBLISHED)
    for _number in range(rows):
        member = make_institution(**PUBLISHED)
        make_membership(alliance=alliance, institution=member)
        make_membership(
            alliance=make_alliance(**PUBLISHED),
            institution=member,
            recommended_by=make_institution(**PUBLISHED),
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_institution_list_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    members(rows)

    # The filters' alliance, country and year choices (two queries), the page's institutions,
    # their memberships.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/institutions/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_institution_detail_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    institution = institution_with(rows)

    # The institution with its count of films made, then one query for each of its 14 lists.
    with django_assert_num_queries(15):
        response = client.get(f"/api/v1/institutions/{institution.slug}/")

    assert [response.status_code, len(response.json()["memberships"])] == [200, rows]


def test_institution_list_as_of_lists_the_members_of_that_day(db, get_json):
    alliance = alliance_with_a_member_who_left()
    make_membership(
        alliance=alliance,
        institution=make_institution(slug="c-april", **PUBLISHED),
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
    )

    found = [
        slugs(get_json("institutions/", {"as_of": day})[1])
        for day in ("2019-06-01", "2020-04-15", "2020-04-30")
    ]

    assert found == [["a-now", "b-left"], ["a-now"], ["a-now", "c-april"]]


@pytest.mark.parametrize("value", ["2020-02-30", "abc", "0000-01-01", "9999-12-31", "2018-01-01"])
def test_institution_list_bad_as_of_is_400_naming_the_parameter(db, get_json, value):
    make_membership(alliance=make_alliance(**PUBLISHED), institution=make_institution(**PUBLISHED))

    status, body = get_json("institutions/", {"as_of": value})

    assert [status, list(body)] == [400, ["as_of"]]
