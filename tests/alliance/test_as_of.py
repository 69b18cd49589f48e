"""Members as of a date (`?as_of=YYYY-MM-DD`): a membership known only to a month or a year counts
from the end of it, one that ended stops counting; the alliance page and the member directory show
the members of that day, and any other value gets a message beside the date field. Without a day
asked for they show today's members, counted by the same rule."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from alliance.models import Membership, has_begun_by
from alliance.queries import (
    alliance_list,
    growth_series,
    member_figures,
    member_figures_on,
    members_on,
    membership_dates,
)
from core.models import DatePrecision, Status, last_ended_by, period_end
from tests.factories import (
    make_alliance,
    make_country,
    make_institution,
    make_membership,
    make_milestone,
)
from tests.records import alliance_with

PUBLISHED = {"status": Status.PUBLISHED}
MEMBERS = "/en/members/"


def dated_alliance():
    """Founded 16 June 2018, with a member of each precision and one that left."""
    alliance = make_alliance(slug="dated", name_en="Dated Alliance", **PUBLISHED)
    china, south_africa, russia = make_country("CN"), make_country("ZA"), make_country("RU")

    def join(name, country, joined_on, precision=DatePrecision.DAY, **kw):
        institution = make_institution(name_en=name, country=country, **PUBLISHED)
        make_membership(
            alliance=alliance,
            institution=institution,
            joined_on=joined_on,
            joined_precision=precision,
            **kw,
        )

    join("Day Festival", china, datetime.date(2020, 4, 10))
    join("Month Festival", south_africa, datetime.date(2020, 4, 1), DatePrecision.MONTH)
    join("Year Festival", russia, datetime.date(2020, 1, 1), DatePrecision.YEAR)
    join("Left Festival", china, datetime.date(2019, 3, 1), left_on=datetime.date(2020, 4, 20))
    return alliance


def names(memberships):
    return sorted(membership.institution.name_en for membership in memberships)


def page_text(response):
    main = response.content.decode().split("<main", 1)[1].split("</main>")[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


def member_rows(response, table_id="members"):
    html = response.content.decode()
    table = html.split(f'<table id="{table_id}">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def directory_rows(response):
    html = response.content.decode()
    if '<table class="member-table">' not in html:
        return []
    table = html.split('<table class="member-table">', 1)[1].split("</table>", 1)[0]
    return [unescape(name) for name in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', table)]


def field_errors(response, name):
    match = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return (
        [unescape(error) for error in re.findall(r"<li>(.*?)</li>", match.group(1))]
        if match
        else []
    )


# The rule


@pytest.mark.parametrize(
    ("day", "precision", "last"),
    [
        (datetime.date(2020, 4, 15), DatePrecision.DAY, datetime.date(2020, 4, 15)),
        (datetime.date(2020, 4, 15), DatePrecision.MONTH, datetime.date(2020, 3, 31)),
        (datetime.date(2020, 4, 30), DatePrecision.MONTH, datetime.date(2020, 4, 30)),
        (datetime.date(2020, 2, 29), DatePrecision.MONTH, datetime.date(2020, 2, 29)),
        (datetime.date(2020, 4, 15), DatePrecision.YEAR, datetime.date(2019, 12, 31)),
        (datetime.date(2020, 12, 31), DatePrecision.YEAR, datetime.date(2020, 12, 31)),
    ],
)
def test_last_ended_by_is_the_end_of_the_last_period_over(day, precision, last):
    assert last_ended_by(day, precision) == last


COUNTED = [
    (datetime.date(2020, 4, 9), ["Left Festival"]),
    (datetime.date(2020, 4, 10), ["Day Festival", "Left Festival"]),
    (datetime.date(2020, 4, 20), ["Day Festival"]),
    (datetime.date(2020, 4, 29), ["Day Festival"]),
    (datetime.date(2020, 4, 30), ["Day Festival", "Month Festival"]),
    (datetime.date(2020, 12, 30), ["Day Festival", "Month Festival"]),
    (datetime.date(2020, 12, 31), ["Day Festival", "Month Festival", "Year Festival"]),
]


@pytest.mark.parametrize(("day", "counted"), COUNTED)
def test_membership_counted_on_honours_precision_and_leaving(db, day, counted):
    dated_alliance()

    memberships = Membership.objects.counted_on(day).select_related("institution")

    assert names(memberships) == counted


@pytest.mark.parametrize(("day", "counted"), COUNTED)
def test_members_on_loaded_rows_counts_as_the_database_does(db, day, counted):
    alliance = dated_alliance()

    on_day = members_on(membership_dates(alliance), day)

    assert (on_day.figures.members, on_day.membership_total) == (len(counted), len(counted))


@pytest.mark.parametrize("day", [day for day, _counted in COUNTED])
def test_begun_by_on_loaded_rows_agrees_with_the_database(db, day):
    alliance = dated_alliance()

    loaded = [row for row in membership_dates(alliance) if has_begun_by(row, day)]

    assert len(loaded) == Membership.objects.begun_by(day).count()


def test_members_on_notes_a_partial_date_begun_by_that_day(db):
    memberships = membership_dates(dated_alliance())

    notes = [
        members_on(memberships, day).partial_dates
        for day in (datetime.date(2019, 6, 1), datetime.date(2020, 4, 15))
    ]

    assert notes == [False, True]


def test_member_figures_on_milestone_days_honour_precision(db):
    alliance = dated_alliance()

    figures = member_figures_on(alliance, [datetime.date(2020, 4, 15), datetime.date(2020, 4, 30)])

    assert figures == [(2, 1), (2, 2)]


# The alliance page


def test_alliance_page_as_of_shows_the_members_countries_and_mark_of_that_day(db, client):
    alliance = dated_alliance()

    response = client.get(alliance.get_absolute_url(), {"as_of": "2020-04-30"})

    text = page_text(response)
    assert response.status_code == 200
    assert member_rows(response) == ["Month Festival", "Day Festival"]
    assert "On April 30, 2020: 2 members from 2 countries." in text
    assert "On April 30, 2020, members came from 2 countries:" in text
    assert re.findall(r'class="country (\w\w) member"', response.content.decode()) == ["cn", "za"]
    assert response.content.decode().count('<g class="as-of-mark">') == 1
    assert "counts from the end of that month or year" in text


def test_alliance_page_without_as_of_shows_today_and_no_mark(db, client):
    alliance = dated_alliance()

    response = client.get(alliance.get_absolute_url())

    assert member_rows(response) == ["Year Festival", "Month Festival", "Day Festival"]
    assert '<g class="as-of-mark">' not in response.content.decode()
    assert 'id="members-on-day"' not in response.content.decode()


def test_alliance_page_of_former_members_only_says_none_is_counted_today(db, client):
    alliance = make_alliance(slug="former", **PUBLISHED)
    make_membership(
        alliance=alliance,
        institution=make_institution(name_en="Left Festival", **PUBLISHED),
        joined_on=datetime.date(2019, 3, 1),
        left_on=datetime.date(2020, 4, 20),
    )

    response = client.get(alliance.get_absolute_url())

    assert response.context["memberships_shown"] == []
    assert "No member is counted today." in page_text(response)


def test_alliance_page_as_of_in_chinese_says_the_day_in_chinese(db, client):
    alliance = dated_alliance()

    response = client.get(f"/zh-hans/alliances/{alliance.slug}/", {"as_of": "2020-04-30"})

    text = page_text(response)
    assert member_rows(response) == ["Month Festival", "Day Festival"]
    assert "2020年4月30日：2家成员，来自2个国家。" in text


def test_alliance_page_as_of_a_milestone_day_agrees_with_its_computed_figures(db, client):
    alliance = dated_alliance()
    make_milestone(
        alliance=alliance, reported_on=datetime.date(2020, 4, 15), members=3, countries=3
    )

    response = client.get(alliance.get_absolute_url(), {"as_of": "2020-04-15"})

    milestone = response.context["growth"][0][1]
    on_day = response.context["on_day"]
    assert (on_day.figures, milestone) == ((2, 1), (2, 1))


def test_alliance_page_growth_steps_link_to_the_end_of_their_period(db, client):
    alliance = dated_alliance()

    response = client.get(alliance.get_absolute_url())

    links = re.findall(r'class="as-of-link" href="\?as_of=([\d-]+)"', response.content.decode())
    assert links == ["2019-03-01", "2020-04-10", "2020-04-20", "2020-04-30", "2020-12-31"]


def test_alliance_page_as_of_hides_draft_members(db, client):
    alliance = dated_alliance()
    make_membership(
        alliance=alliance,
        institution=make_institution(name_en="Draft Festival"),
        joined_on=datetime.date(2019, 1, 1),
    )

    response = client.get(alliance.get_absolute_url(), {"as_of": "2020-04-30"})

    assert member_rows(response) == ["Month Festival", "Day Festival"]
    assert response.context["on_day"].figures == (2, 2)


def test_alliance_page_of_a_draft_alliance_as_of_a_day_is_404(db, client):
    alliance = make_alliance(slug="hidden")

    response = client.get(alliance.get_absolute_url(), {"as_of": "2020-04-30"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-02-30", "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ("abc", "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ("0000-01-01", "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ("2020-05-31\x00", "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ("9999-12-31", "9999-12-31 is still to come: choose today or an earlier day."),
        (
            "2018-06-15",
            "Dated Alliance was founded on 2018-06-16: choose that day or a later one.",
        ),
    ],
)
def test_alliance_page_bad_as_of_says_why_and_shows_today(db, client, value, message):
    alliance = dated_alliance()

    response = client.get(alliance.get_absolute_url(), {"as_of": value})

    assert response.status_code == 200
    assert field_errors(response, "as_of") == [message]
    assert response.context["on_day"] is None
    assert len(member_rows(response)) == 3


def joined_this_month_and_this_year(alliance):
    """Adds to `alliance` a member known to have joined this month and one this year (each of a
    country of its own): neither counts before the end of its month or year."""
    today = timezone.localdate()
    joined = [("This Month", DatePrecision.MONTH, "KZ"), ("This Year", DatePrecision.YEAR, "UZ")]
    for name, precision, code in joined:
        make_membership(
            alliance=alliance,
            institution=make_institution(name_en=name, country=make_country(code), **PUBLISHED),
            joined_on=today,
            joined_precision=precision,
        )


def counted_today():
    """The names dated_alliance and joined_this_month_and_this_year count today, each from a
    country of its own."""
    today = timezone.localdate()
    over = {
        "This Month": today == period_end(today, DatePrecision.MONTH),
        "This Year": today == period_end(today, DatePrecision.YEAR),
    }
    return sorted(
        ["Day Festival", "Month Festival", "Year Festival", *(n for n, o in over.items() if o)]
    )


def alliance_page_shows(response):
    """What the alliance page shows of its members: the rows, their total, the figures, the
    countries, the map and the note on dates known only to a month or a year."""
    context = response.context
    shown = context["on_day"].figures if context["on_day"] else context["figures_now"]
    return {
        "rows": sorted(member_rows(response)),
        "total": context["memberships_total"],
        "figures": shown,
        "countries": [(row.country.code, row.members) for row in context["member_countries"]],
        "map": re.findall(r'class="country (\w\w) member"', response.content.decode()),
        "note": 'id="partial-dates-note"' in response.content.decode(),
    }


def test_alliance_page_without_as_of_shows_what_as_of_today_shows(db, client):
    alliance = dated_alliance()
    joined_this_month_and_this_year(alliance)

    today = client.get(alliance.get_absolute_url())
    as_of_today = client.get(
        alliance.get_absolute_url(), {"as_of": timezone.localdate().isoformat()}
    )

    shown = alliance_page_shows(today)
    assert shown == alliance_page_shows(as_of_today)
    assert (shown["rows"], shown["note"]) == (counted_today(), True)
    assert shown["figures"] == (len(counted_today()), len(counted_today()))


def test_member_figures_today_agree_everywhere(db):
    alliance = dated_alliance()
    joined_this_month_and_this_year(alliance)
    today = timezone.localdate()
    memberships = membership_dates(alliance)

    listed = alliance_list().get(pk=alliance.pk)
    figures = {
        "alliance list": (listed.members, listed.countries),
        "member figures": member_figures(alliance),
        "milestone figures": member_figures_on(alliance, [today])[0],
        "growth series": growth_series(memberships, today)[-1][2:],
        "members on": members_on(memberships, today).figures,
    }

    expected = (len(counted_today()), len(counted_today()))
    assert figures == dict.fromkeys(figures, expected)


@pytest.mark.parametrize("rows", [1, 3])
def test_alliance_page_as_of_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    alliance = alliance_with(rows)
    day = (alliance.founded_on + datetime.timedelta(days=200)).isoformat()

    with django_assert_num_queries(7):
        response = client.get(alliance.get_absolute_url(), {"as_of": day})

    assert response.context["on_day"].figures.members == rows


# The member directory


def test_member_list_as_of_shows_the_members_of_that_day_former_ones_too(db, client):
    dated_alliance()

    response = client.get(MEMBERS, {"as_of": "2020-04-15"})

    assert directory_rows(response) == ["Day Festival", "Left Festival"]
    assert "Memberships as they were on April 15, 2020." in page_text(response)
    assert "counts from the end of that month or year" in page_text(response)


def test_member_list_as_of_former_are_those_that_had_left_by_then(db, client):
    dated_alliance()

    response = client.get(MEMBERS, {"as_of": "2020-04-29", "membership": "former"})

    assert directory_rows(response) == ["Left Festival"]


def test_member_list_as_of_keeps_the_other_filters(db, client):
    dated_alliance()

    response = client.get(MEMBERS, {"as_of": "2020-12-31", "country": "ZA"})

    assert directory_rows(response) == ["Month Festival"]


def test_member_list_as_of_in_chinese_says_the_day_in_chinese(db, client):
    dated_alliance()

    response = client.get("/zh-hans/members/", {"as_of": "2020-04-30"})

    assert directory_rows(response) == ["Day Festival", "Month Festival"]
    assert "以下为2020年4月30日时的成员资格。" in page_text(response)


def test_member_list_as_of_hides_drafts(db, client):
    alliance = dated_alliance()
    make_membership(alliance=alliance, institution=make_institution(name_en="Draft Festival"))
    hidden = make_alliance(slug="hidden")
    make_membership(alliance=hidden, institution=make_institution(name_en="In Draft", **PUBLISHED))

    response = client.get(MEMBERS, {"as_of": "2020-04-30"})

    assert directory_rows(response) == ["Day Festival", "Month Festival"]


def test_member_list_as_of_without_partial_dates_has_no_note(db, client):
    dated_alliance()

    response = client.get(MEMBERS, {"as_of": "2019-06-01"})

    assert directory_rows(response) == ["Left Festival"]
    assert 'id="partial-dates-note"' not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2020-02-30"}, "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ({"as_of": "abc"}, "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ({"as_of": "0000-01-01"}, "Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        ({"as_of": "9999-12-31"}, "9999-12-31 is still to come: choose today or an earlier day."),
        (
            {"as_of": "2018-01-01", "alliance": "dated"},
            "Dated Alliance was founded on 2018-06-16: choose that day or a later one.",
        ),
        (
            {"as_of": "2018-01-01"},
            "Dated Alliance was founded on 2018-06-16: choose that day or a later one.",
        ),
    ],
)
def test_member_list_bad_as_of_says_why_and_keeps_the_other_filters(db, client, query, message):
    dated_alliance()

    response = client.get(MEMBERS, {**query, "country": "CN"})

    assert response.status_code == 200
    assert field_errors(response, "as_of") == [message]
    assert directory_rows(response) == ["Day Festival"]


def test_member_list_without_as_of_shows_what_as_of_today_shows(db, client):
    joined_this_month_and_this_year(dated_alliance())

    today = client.get(MEMBERS)
    as_of_today = client.get(MEMBERS, {"as_of": timezone.localdate().isoformat()})

    shown = [
        (
            directory_rows(response),
            response.context["filter"].facet_counts,
            'id="partial-dates-note"' in response.content.decode(),
        )
        for response in (today, as_of_today)
    ]
    assert shown[0] == shown[1]
    assert (sorted(shown[0][0]), shown[0][2]) == (counted_today(), True)


@pytest.mark.parametrize("rows", [1, 3])
def test_member_list_as_of_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    alliance = make_alliance(**PUBLISHED)
    for _index in range(rows):
        make_membership(
            alliance=alliance,
            institution=make_institution(country=make_country("CN"), **PUBLISHED),
            recommended_by=make_institution(**PUBLISHED),
            joined_on=datetime.date(2020, 4, 1),
            joined_precision=DatePrecision.MONTH,
        )

    # choices (2); the first alliance's founding; the partial dates' note; count; the rows;
    # the counts of six choices and one flag
    with django_assert_num_queries(13):
        response = client.get(MEMBERS, {"as_of": "2020-05-31"})

    assert len(directory_rows(response)) == rows
