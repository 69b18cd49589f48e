"""/api/v1/alliances/: published alliances only, with their criteria, scope, units, memberships,
reported milestones with their sources and the member figures computed here, and a number of
queries that does not grow with the rows shown."""

import datetime

import pytest
from django.utils import timezone

from alliance.models import AllianceItem, AllianceUnit
from core.models import DatePrecision, Status
from tests.factories import (
    make_alliance,
    make_country,
    make_festival_edition,
    make_institution,
    make_membership,
    make_milestone,
    make_source,
)
from tests.records import alliance_with

PUBLISHED = {"status": Status.PUBLISHED}
FOUNDED = datetime.date(2018, 6, 16)


def slugs(body):
    return [row["slug"] for row in body["results"]]


def test_alliance_list_shows_bilingual_names_links_and_member_figures(db, get_json):
    initiator = make_institution(slug="siff", name_en="SIFF", name_zh="上海国际电影节", **PUBLISHED)
    alliance = make_alliance(
        slug="belt-and-road",
        name_en="Belt and Road Film Festival Alliance",
        name_zh="一带一路电影节联盟",
        founded_on=FOUNDED,
        initiator=initiator,
        **PUBLISHED,
    )
    for code in ["CN", "RU", "RU"]:
        institution = make_institution(country=make_country(code), **PUBLISHED)
        make_membership(alliance=alliance, institution=institution)

    status, body = get_json("alliances/")

    assert status == 200
    assert body["results"] == [
        {
            "slug": "belt-and-road",
            "url": "http://testserver/en/alliances/belt-and-road/",
            "name": {"en": "Belt and Road Film Festival Alliance", "zh": "一带一路电影节联盟"},
            "description": {"en": "", "zh": ""},
            "founded_on": "2018-06-16",
            "initiator": {
                "slug": "siff",
                "name": {"en": "SIFF", "zh": "上海国际电影节"},
                "url": "http://testserver/en/institutions/siff/",
            },
            "member_count": 3,
            "country_count": 2,
        }
    ]


def test_alliance_list_leaves_out_drafts_from_rows_counts_and_links(db, get_json):
    shown = make_alliance(slug="shown", initiator=make_institution(), **PUBLISHED)
    make_alliance(slug="draft")
    make_membership(alliance=shown, institution=make_institution(**PUBLISHED))
    make_membership(alliance=shown, institution=make_institution(country=make_country("RU")))

    status, body = get_json("alliances/")

    row = body["results"][0]
    assert [status, body["count"], slugs(body)] == [200, 1, ["shown"]]
    assert [row["initiator"], row["member_count"], row["country_count"]] == [None, 1, 1]


def test_alliance_list_pages_by_cursor(db, get_json):
    for name in ["A", "B", "C"]:
        make_alliance(slug=name.lower(), name_en=name, **PUBLISHED)

    _status, first = get_json("alliances/", {"limit": "2"})
    status, second = get_json(first["next"].removeprefix("http://testserver/api/v1/"))

    assert [slugs(first), status, slugs(second), second["next"]] == [["a", "b"], 200, ["c"], None]


def test_alliance_list_malformed_cursor_is_400_naming_it(db, get_json):
    make_alliance(**PUBLISHED)

    status, body = get_json("alliances/", {"after": "not-a-cursor"})

    assert [status, list(body)] == [400, ["after"]]


def test_alliance_detail_of_a_draft_is_404(db, get_json):
    make_alliance(slug="draft")

    status, body = get_json("alliances/draft/")

    assert [status, body] == [404, {"detail": "No Alliance matches the given query."}]


def test_alliance_detail_shows_criteria_and_scope_in_order(db, get_json):
    alliance = make_alliance(slug="open", **PUBLISHED)
    for position, text in [(2, "Second"), (1, "First")]:
        AllianceItem.objects.create(
            alliance=alliance, kind="criterion", position=position, text_en=text, text_zh=text
        )
    AllianceItem.objects.create(alliance=alliance, kind="scope", text_en="Exchange", text_zh="交流")

    status, body = get_json("alliances/open/")

    assert [status, body["criteria"], body["scope"]] == [
        200,
        [{"en": "First", "zh": "First"}, {"en": "Second", "zh": "Second"}],
        [{"en": "Exchange", "zh": "交流"}],
    ]


def test_alliance_detail_shows_milestones_with_sources_beside_computed_figures(db, get_json):
    alliance = make_alliance(slug="open", founded_on=FOUNDED, **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(**PUBLISHED))
    make_membership(alliance=alliance, institution=make_institution())  # a draft: not counted
    source = make_source(title="Founding report", publisher="SIFF", url="https://example.org/r")
    make_milestone(
        alliance=alliance,
        reported_on=datetime.date(2018, 6, 1),
        reported_precision=DatePrecision.MONTH,
        label_en="At founding",
        label_zh="成立时",
        members=31,
        countries=29,
        source=source,
    )

    status, body = get_json("alliances/open/")

    assert [status, body["milestones"]] == [
        200,
        [
            {
                "reported_on": "2018-06-01",
                "reported_precision": "month",
                "label": {"en": "At founding", "zh": "成立时"},
                "members": 31,
                "countries": 29,
                "computed_members": 1,
                "computed_countries": 1,
                "source": {
                    "title": "Founding report",
                    "title_zh": "",
                    "publisher": "SIFF",
                    "publisher_zh": "",
                    "url": "https://example.org/r",
                    "published_on": None,
                },
            }
        ],
    ]


def test_alliance_detail_memberships_and_counts_leave_out_drafts(db, get_json):
    alliance = make_alliance(slug="open", founded_on=FOUNDED, **PUBLISHED)
    member = make_institution(slug="member", country=make_country("RU"), **PUBLISHED)
    make_membership(
        alliance=alliance,
        institution=member,
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
        is_founding=False,
        recommended_by=make_institution(slug="draft-recommender"),
    )
    make_membership(alliance=alliance, institution=make_institution(slug="draft-member"))

    status, body = get_json("alliances/open/")

    assert status == 200
    assert body["memberships"] == [
        {
            "institution": {
                "slug": "member",
                "name": {"en": member.name_en, "zh": ""},
                "url": "http://testserver/en/institutions/member/",
            },
            "country": "RU",
            "joined_on": "2020-04-01",
            "joined_precision": "month",
            "left_on": None,
            "is_founding": False,
            "recommended_by": None,
            "note": {"en": "", "zh": ""},
        }
    ]
    assert [
        body["member_count"],
        body["country_count"],
        body["membership_count"],
        body["member_countries"],
    ] == [1, 1, 1, [{"country": "RU", "members": 1}]]


def test_alliance_detail_shows_growth_from_joining_dates_up_to_today(db, get_json):
    alliance = make_alliance(slug="open", founded_on=FOUNDED, **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(**PUBLISHED))
    make_membership(
        alliance=alliance,
        institution=make_institution(country=make_country("RU"), **PUBLISHED),
        joined_on=datetime.date(2020, 1, 1),
        joined_precision=DatePrecision.YEAR,
    )

    status, body = get_json("alliances/open/")

    today = timezone.localdate().isoformat()
    assert [status, body["growth"], body["growth_is_yearly"]] == [
        200,
        [
            {"date": "2018-06-16", "precision": "day", "members": 1, "countries": 1},
            {"date": "2020-12-31", "precision": "year", "members": 2, "countries": 2},
            {"date": today, "precision": "day", "members": 2, "countries": 2},
        ],
        False,
    ]


def test_alliance_detail_units_initiator_and_founding_edition_leave_out_drafts(db, get_json):
    alliance = make_alliance(
        slug="open",
        initiator=make_institution(),
        founded_during=make_festival_edition(institution=make_institution()),
        **PUBLISHED,
    )
    guide = make_institution(slug="guide", **PUBLISHED)
    AllianceUnit.objects.create(alliance=alliance, institution=guide, role="guiding")
    AllianceUnit.objects.create(alliance=alliance, institution=make_institution(), role="host")

    status, body = get_json("alliances/open/")

    assert [status, body["initiator"], body["founded_during"], body["host_units"]] == [
        200,
        None,
        None,
        [],
    ]
    assert [unit["slug"] for unit in body["guiding_units"]] == ["guide"]


def test_alliance_detail_names_the_festival_edition_it_was_founded_during(db, get_json):
    festival = make_institution(slug="siff", name_en="SIFF", name_zh="上海国际电影节", **PUBLISHED)
    edition = make_festival_edition(institution=festival, number=21, year=2018)
    make_alliance(slug="open", founded_during=edition, website="https://example.org", **PUBLISHED)

    status, body = get_json("alliances/open/")

    assert [status, body["founded_during"], body["website"]] == [
        200,
        {
            "institution": {
                "slug": "siff",
                "name": {"en": "SIFF", "zh": "上海国际电影节"},
                "url": "http://testserver/en/institutions/siff/",
            },
            "number": 21,
            "year": 2018,
        },
        "https://example.org",
    ]


def test_alliance_detail_lists_memberships_up_to_its_limit(db, get_json, monkeypatch):
    monkeypatch.setattr("api.views.alliance.ALLIANCE_MEMBERSHIPS", 2)
    alliance = make_alliance(slug="open", **PUBLISHED)
    for _number in range(3):
        make_membership(alliance=alliance, institution=make_institution(**PUBLISHED))

    status, body = get_json("alliances/open/")

    assert [status, len(body["memberships"]), body["membership_count"]] == [200, 2, 3]


@pytest.mark.parametrize("rows", [1, 3])
def test_alliance_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    for _number in range(rows):
        alliance_with(2)

    # The page's alliances with their initiators and member figures.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/alliances/")

    assert [response.status_code, len(response.json()["results"])] == [200, rows]


@pytest.mark.parametrize("rows", [1, 3])
def test_alliance_detail_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    alliance = alliance_with(rows)

    # The alliance, its items, units and milestones; the membership dates, the figures at the
    # milestones' dates and the memberships listed.
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/alliances/{alliance.slug}/")

    body = response.json()
    lists = [body["criteria"], body["host_units"], body["milestones"], body["memberships"]]
    assert [response.status_code, [len(each) for each in lists]] == [200, [rows] * 4]
