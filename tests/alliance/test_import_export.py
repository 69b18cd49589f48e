"""Importing and exporting institutions with their memberships in the admin."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group

from alliance.models import Institution, Membership
from config.demo.sync import row_counts
from tests.factories import make_alliance, make_user
from tests.imports import (
    checksum,
    csv_bytes,
    export_data,
    import_file,
    preview,
    problems,
    row_types,
)

pytestmark = pytest.mark.django_db

HEADER = ["slug", "name_en", "name_zh", "kind", "country", "city_en", "status", "memberships"]
INSTITUTIONS = [
    HEADER,
    [
        "siff",
        "Shanghai International Film Festival",
        "上海国际电影节",
        "festival",
        "CN",
        "Shanghai",
        "published",
        "brffa 2018-06-16 founding",
    ],
    [
        "",
        "Kazakhfilm",
        "",
        "institution",
        "kz",
        "Almaty",
        "",
        "brffa 2020-04",
    ],
    ["", "Asia-Pacific Screen Awards", "", "award_body", "", "", "", ""],
]


@pytest.fixture
def manager_client(client):
    user = make_user(is_staff=True, username="manager")
    user.groups.set([Group.objects.get(name="Membership managers")])
    client.force_login(user)
    return client


@pytest.fixture
def alliance():
    return make_alliance(
        slug="brffa",
        name_en="Belt and Road Film Festival Alliance",
        founded_on=datetime.date(2018, 6, 16),
    )


def memberships():
    return sorted(
        Membership.objects.values_list(
            "institution__slug", "alliance__slug", "joined_on", "joined_precision", "is_founding"
        )
    )


def test_institution_file_imports_institutions_and_memberships(manager_client, alliance):
    previewed, confirmed = import_file(manager_client, Institution, csv_bytes(INSTITUTIONS))

    assert row_types(previewed) == ["new", "new", "new"]
    assert confirmed.status_code == 302
    assert sorted(Institution.objects.values_list("slug", "country__code", "status")) == [
        ("asia-pacific-screen-awards", None, "draft"),
        ("kazakhfilm", "KZ", "draft"),
        ("siff", "CN", "published"),
    ]
    assert memberships() == [
        ("kazakhfilm", "brffa", datetime.date(2020, 4, 1), "month", False),
        ("siff", "brffa", datetime.date(2018, 6, 16), "day", True),
    ]


def test_institution_file_twice_changes_nothing(manager_client, alliance):
    import_file(manager_client, Institution, csv_bytes(INSTITUTIONS))
    counts, digest = row_counts(), checksum(Institution, Membership)

    previewed, _confirmed = import_file(manager_client, Institution, csv_bytes(INSTITUTIONS))

    assert row_types(previewed) == ["skip", "skip", "skip"]
    assert (row_counts(), checksum(Institution, Membership)) == (counts, digest)


def test_membership_before_the_founding_is_refused_naming_the_column(manager_client, alliance):
    rows = [HEADER, [*INSTITUTIONS[1][:7], "brffa 2017"]]

    previewed = preview(manager_client, Institution, csv_bytes(rows))

    assert problems(previewed) == [
        "Row 2, column “memberships”, value “brffa 2017”: Belt and Road Film Festival "
        "Alliance was founded on 2018-06-16: no one can join it before."
    ]
    assert (Institution.objects.count(), Membership.objects.count()) == (0, 0)


def test_unknown_alliance_and_bad_words_are_named(manager_client, alliance):
    rows = [
        HEADER,
        [*INSTITUTIONS[1][:7], "sco 2019"],
        [*INSTITUTIONS[2][:7], "brffa 2020-04 founder"],
    ]

    previewed = preview(manager_client, Institution, csv_bytes(rows))

    assert problems(previewed) == [
        "Row 2, column “memberships”, value “sco 2019”: “sco” is not the slug of an existing "
        "alliance.",
        "Row 3, column “memberships”, value “brffa 2020-04 founder”: “brffa 2020-04 founder”: "
        "after the date only “founding” and “left <date>” may follow.",
    ]


def test_unknown_country_code_is_named(manager_client, alliance):
    rows = [HEADER, [*INSTITUTIONS[1][:4], "ZZ", *INSTITUTIONS[1][5:]]]

    previewed = preview(manager_client, Institution, csv_bytes(rows))

    assert problems(previewed) == [
        "Row 2, column “country”, value “ZZ”: expected an ISO country code such as KZ."
    ]


def test_leaving_date_is_added_to_the_listed_membership(manager_client, alliance):
    import_file(manager_client, Institution, csv_bytes(INSTITUTIONS))
    rows = [HEADER, [*INSTITUTIONS[2][:7], "brffa 2020-04 left 2023-01-01"]]

    previewed, _confirmed = import_file(manager_client, Institution, csv_bytes(rows))

    assert row_types(previewed) == ["update"]
    assert Membership.objects.get(institution__slug="kazakhfilm").left_on == datetime.date(
        2023, 1, 1
    )


def test_export_writes_memberships_as_they_are_imported(manager_client, alliance):
    import_file(manager_client, Institution, csv_bytes(INSTITUTIONS))

    response = export_data(manager_client, Institution, "?kind__exact=festival")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["slug"], row["memberships"]) for row in rows] == [
        ("siff", "brffa 2018-06-16 founding")
    ]
