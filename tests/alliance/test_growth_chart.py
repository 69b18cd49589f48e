"""The growth of an alliance: the step series computed from membership dates, the geometry of its
chart, and the chart, its table and the reported milestones on the alliance page."""

import datetime
import random
import re
import xml.etree.ElementTree as ET
from html import unescape
from types import SimpleNamespace

import pytest
from django.utils import formats, timezone

from alliance import charts
from alliance.models import is_counted_on
from alliance.queries import GrowthPoint, growth_series, growth_table, membership_dates
from core.models import DatePrecision, Status
from tests.factories import (
    make_alliance,
    make_country,
    make_institution,
    make_membership,
    make_milestone,
)

ALLIANCE = "/en/alliances/belt-and-road-film-festival-alliance/"
PUBLISHED = {"status": Status.PUBLISHED}
SVG = "{http://www.w3.org/2000/svg}"


def growth_svg(response):
    """The growth chart's <svg> element, parsed as XML."""
    html = response.content.decode()
    match = re.search(r'<svg [^>]*role="img".*?</svg>', html, re.S)
    return ET.fromstring(match.group(0))


def table_rows(response, table_id):
    """The text of each cell of each body row of the table `table_id`."""
    html = response.content.decode()
    body = html.split(f'<table id="{table_id}">', 1)[1].split("</tbody>", 1)[0].split("<tbody>")[1]
    return [
        [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", cell))).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def synthetic_alliance():
    """Founded 16 June 2018: a founding Chinese member, a Chinese member of 2019 who left on
    15 March 2021, a South African member of April 2020 and a member with no country."""
    alliance = make_alliance(founded_on=datetime.date(2018, 6, 16), **PUBLISHED)
    china, south_africa = make_country("CN"), make_country("ZA")
    make_membership(
        alliance=alliance,
        institution=make_institution(country=china, **PUBLISHED),
        joined_on=datetime.date(2018, 6, 16),
        is_founding=True,
    )
    make_membership(
        alliance=alliance,
        institution=make_institution(country=china, **PUBLISHED),
        joined_on=datetime.date(2019, 1, 1),
        joined_precision=DatePrecision.YEAR,
        left_on=datetime.date(2021, 3, 15),
    )
    make_membership(
        alliance=alliance,
        institution=make_institution(country=south_africa, **PUBLISHED),
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
    )
    make_membership(
        alliance=alliance,
        institution=make_institution(country=None, **PUBLISHED),
        joined_on=datetime.date(2022, 5, 9),
    )
    return alliance


def loaded_memberships(alliance):
    return membership_dates(alliance)


def join(alliance, joined_on, precision, **kw):
    """A membership of a new published institution."""
    return make_membership(
        alliance=alliance,
        institution=make_institution(**PUBLISHED),
        joined_on=joined_on,
        joined_precision=precision,
        **kw,
    )


# The series


def test_growth_series_steps_at_each_start_and_end_then_today(db):
    alliance = synthetic_alliance()

    series = growth_series(loaded_memberships(alliance), today=datetime.date(2024, 1, 1))

    # A month or a year known only to that counts from its last day.
    assert series == [
        GrowthPoint(datetime.date(2018, 6, 16), DatePrecision.DAY, members=1, countries=1),
        GrowthPoint(datetime.date(2019, 12, 31), DatePrecision.YEAR, members=2, countries=1),
        GrowthPoint(datetime.date(2020, 4, 30), DatePrecision.MONTH, members=3, countries=2),
        GrowthPoint(datetime.date(2021, 3, 15), DatePrecision.DAY, members=2, countries=2),
        GrowthPoint(datetime.date(2022, 5, 9), DatePrecision.DAY, members=3, countries=2),
        GrowthPoint(datetime.date(2024, 1, 1), DatePrecision.DAY, members=3, countries=2),
    ]


def test_growth_series_leaves_out_dates_after_today_and_a_month_not_over(db):
    alliance = synthetic_alliance()

    series = growth_series(loaded_memberships(alliance), today=datetime.date(2020, 4, 15))

    assert [(p.day, p.members, p.countries) for p in series] == [
        (datetime.date(2018, 6, 16), 1, 1),
        (datetime.date(2019, 12, 31), 2, 1),
        (datetime.date(2020, 4, 15), 2, 1),
    ]


def test_growth_series_leaves_out_a_membership_left_before_its_month_was_over(db):
    alliance = make_alliance(founded_on=datetime.date(2018, 1, 1), **PUBLISHED)
    join(
        alliance, datetime.date(2020, 4, 1), DatePrecision.MONTH, left_on=datetime.date(2020, 4, 20)
    )

    series = growth_series(loaded_memberships(alliance), today=datetime.date(2021, 1, 1))

    assert series == [GrowthPoint(datetime.date(2021, 1, 1), DatePrecision.DAY, 0, 0)]


def test_growth_series_counts_a_rejoining_institution_once(db):
    alliance = make_alliance(**PUBLISHED)
    institution = make_institution(**PUBLISHED)
    make_membership(
        alliance=alliance,
        institution=institution,
        joined_on=datetime.date(2018, 6, 16),
        left_on=datetime.date(2019, 6, 1),
    )
    make_membership(alliance=alliance, institution=institution, joined_on=datetime.date(2019, 6, 1))

    series = growth_series(loaded_memberships(alliance), today=datetime.date(2020, 1, 1))

    assert [(p.day, p.members) for p in series] == [
        (datetime.date(2018, 6, 16), 1),
        (datetime.date(2019, 6, 1), 1),
        (datetime.date(2020, 1, 1), 1),
    ]


def test_growth_series_takes_the_finest_precision_of_a_shared_date(db):
    alliance = make_alliance(founded_on=datetime.date(2018, 1, 1), **PUBLISHED)
    join(alliance, datetime.date(2019, 1, 1), DatePrecision.YEAR)
    join(alliance, datetime.date(2019, 12, 1), DatePrecision.MONTH)

    series = growth_series(loaded_memberships(alliance), today=datetime.date(2020, 1, 1))

    assert series[0] == GrowthPoint(datetime.date(2019, 12, 31), DatePrecision.MONTH, 2, 1)
    assert series[0].display == "December 2019"


def test_growth_series_of_loaded_memberships_runs_no_query(db, django_assert_num_queries):
    memberships = loaded_memberships(synthetic_alliance())
    list(memberships)

    with django_assert_num_queries(0):
        growth_series(memberships, today=datetime.date(2024, 1, 1))


def test_membership_dates_reads_plain_values_of_published_members_in_one_query(
    db, django_assert_num_queries
):
    alliance = synthetic_alliance()
    draft = make_institution()
    make_membership(alliance=alliance, institution=draft, joined_on=datetime.date(2024, 1, 1))

    with django_assert_num_queries(1):
        rows = membership_dates(alliance)

    read = sorted(
        (row.joined_on, row.left_on, row.institution.country and row.institution.country.code)
        for row in rows
    )
    assert read == [
        (datetime.date(2018, 6, 16), None, "CN"),
        (datetime.date(2019, 1, 1), datetime.date(2021, 3, 15), "CN"),
        (datetime.date(2020, 4, 1), None, "ZA"),
        (datetime.date(2022, 5, 9), None, None),
    ]


def test_growth_series_without_memberships_is_today_with_nobody(db):
    series = growth_series([], today=datetime.date(2024, 1, 1))

    assert series == [GrowthPoint(datetime.date(2024, 1, 1), DatePrecision.DAY, 0, 0)]


# The geometry


def _counted_day_by_day(memberships, day):
    """The members and countries counted on `day`, counted directly (what the sweep keeps)."""
    counted = [m.institution for m in memberships if is_counted_on(m, day)]
    countries = {i.country_id for i in counted if i.country_id is not None}
    return len({i.pk for i in counted}), len(countries)


@pytest.mark.parametrize("seed", range(5))
def test_growth_series_equals_a_count_on_each_date(seed):
    chance = random.Random(seed)
    institutions = [
        SimpleNamespace(pk=pk, country_id=chance.choice([None, 1, 2, 3, 4])) for pk in range(30)
    ]
    memberships = []
    for _ in range(80):
        joined = datetime.date(2018, 1, 1) + datetime.timedelta(days=chance.randrange(3000))
        left = joined + datetime.timedelta(days=chance.randrange(0, 900))
        memberships.append(
            SimpleNamespace(
                institution=chance.choice(institutions),
                joined_on=joined,
                joined_precision=chance.choice(list(DatePrecision.values)),
                left_on=left if chance.random() < 0.4 else None,
            )
        )
    today = datetime.date(2025, 6, 1)

    points = growth_series(memberships, today)

    assert [(p.members, p.countries) for p in points] == [
        _counted_day_by_day(memberships, point.day) for point in points
    ]


def test_step_path_holds_each_value_until_the_next_point():
    path = charts.step_path([(0, 10), (5, 10), (10, 4.25), (20, 4.25)])

    assert path == "M0 10H5H10V4.2H20"


def test_step_path_of_no_points_is_empty():
    assert charts.step_path([]) == ""


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (2, [0, 1, 2]),
        (7, [0, 2, 4, 6, 8]),
        (55, [0, 20, 40, 60]),
        (480, [0, 100, 200, 300, 400, 500]),
    ],
)
def test_value_ticks_are_round_steps_up_to_the_maximum(maximum, ticks):
    assert charts.value_ticks(maximum) == ticks


def test_year_ticks_skip_years_when_there_are_too_many():
    ticks = charts.year_ticks(datetime.date(2018, 1, 1), datetime.date(2026, 11, 21))

    assert [day.year for day in ticks] == [2018, 2020, 2022, 2024, 2026]


def test_year_ticks_start_at_the_first_new_year_inside():
    ticks = charts.year_ticks(datetime.date(2018, 6, 16), datetime.date(2021, 2, 1))

    assert ticks == [
        datetime.date(2019, 1, 1),
        datetime.date(2020, 1, 1),
        datetime.date(2021, 1, 1),
    ]


def test_linear_maps_the_domain_onto_the_span():
    scale = charts.linear((0, 60), (230, 14))

    assert (scale(0), scale(30), scale(60)) == (230, 122, 14)


def test_growth_chart_places_points_markers_and_ticks():
    series = [
        charts.Datum(datetime.date(2020, 1, 1), 1, 1),
        charts.Datum(datetime.date(2022, 1, 1), 2, 1),
    ]
    reported = [charts.Datum(datetime.date(2021, 1, 1), 4, 2, ref="milestone")]

    chart = charts.growth_chart(series, reported, today=datetime.date(2022, 1, 1))

    # x: 2020-01-01 -> 40, 2022-01-01 -> 468; y: 0 -> 230, 4 -> 14
    assert chart.members_path == "M40 176H468V122"
    assert chart.countries_path == "M40 176H468"
    assert chart.x_ticks == [
        charts.Tick("40", "2020"),
        charts.Tick("254.3", "2021"),
        charts.Tick("468", "2022"),
    ]
    assert chart.y_ticks == [
        charts.Tick("230", "0"),
        charts.Tick("176", "1"),
        charts.Tick("122", "2"),
        charts.Tick("68", "3"),
        charts.Tick("14", "4"),
    ]
    assert [(m.x, m.y_members, m.y_countries, m.datum.ref) for m in chart.markers] == [
        ("254.3", "14", "122", "milestone")
    ]
    assert chart.markers[0].members_diamond == "M254.3 9L259.3 14L254.3 19L249.3 14Z"


# The page


def test_alliance_page_growth_chart_is_well_formed_svg_with_one_marker_per_milestone(demo, client):
    response = client.get(ALLIANCE)

    svg = growth_svg(response)
    markers = svg.findall(f".//{SVG}g[@class='milestone']")
    assert len(markers) == 3
    assert [m.find(f"{SVG}title").text.strip() for m in markers] == [
        "June 16, 2018: 31 members from 29 countries, reported in “Introduction to the Alliance”",
        "May 2020: 49 members from 43 countries, reported in “Introduction to the Alliance”",
        "2023: 55 members from 48 countries, reported in “The Belt and Road Film Week | Zhao Tao "
        "and Lei Jiayin invited as Promotion Ambassadors”",
    ]


def test_alliance_page_growth_chart_is_labelled_by_its_title_and_description(demo, client):
    response = client.get(ALLIANCE)

    svg = growth_svg(response)
    labelled_by = svg.get("aria-labelledby").split()
    assert svg.get("role") == "img"
    assert [svg.find(f".//*[@id='{id}']").tag for id in labelled_by] == [
        f"{SVG}title",
        f"{SVG}desc",
    ]
    assert svg.find(f"{SVG}title").text == "Members and countries over time"


def test_alliance_page_growth_chart_axis_shows_the_years(demo, client):
    response = client.get(ALLIANCE)

    svg = growth_svg(response)
    labels = [text.text for text in svg.findall(f".//{SVG}g[@class='axis axis-x']/{SVG}text")]
    years = range(2018, timezone.localdate().year + 1)
    step = next(s for s in range(1, 20) if len(years[::s]) <= 8)
    assert labels == [str(year) for year in years[::step]]


def test_alliance_page_growth_table_has_the_computed_steps(demo, client):
    response = client.get(ALLIANCE)

    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert table_rows(response, "growth-steps") == [
        ["June 16, 2018", "1", "1"],
        ["April 2020", "2", "2"],
        [f"Today, {today}", "2", "2"],
    ]


def test_alliance_page_milestone_table_has_reported_and_computed_counts(demo, client):
    response = client.get(ALLIANCE)

    rows = table_rows(response, "milestones")
    assert [row[:4] for row in rows] == [
        ["June 16, 2018 At founding", "31", "29", "1 / 1"],
        ["May 2020 As of May 2020", "49", "43", "2 / 2"],
        ["2023 In 2023", "55", "48", "2 / 2"],
    ]
    assert [row[4] for row in rows] == [
        "Introduction to the Alliance , Belt and Road Film Festival Alliance",
        "Introduction to the Alliance , Belt and Road Film Festival Alliance",
        "The Belt and Road Film Week | Zhao Tao and Lei Jiayin invited as Promotion Ambassadors "
        ", Shanghai International Film Festival",
    ]


def test_alliance_page_in_chinese_has_a_well_formed_chart(demo, client):
    response = client.get("/zh-hans/alliances/belt-and-road-film-festival-alliance/")

    svg = growth_svg(response)
    assert len(svg.findall(f".//{SVG}g[@class='milestone']")) == 3
    assert table_rows(response, "growth-steps")[1] == ["2020年4月", "2", "2"]


def test_alliance_page_growth_chart_draws_the_drop_when_a_member_leaves(db, client):
    alliance = synthetic_alliance()
    make_milestone(alliance=alliance, members=5, countries=3)

    response = client.get(alliance.get_absolute_url())

    steps = [row[1:] for row in table_rows(response, "growth-steps")]
    assert steps == [["1", "1"], ["2", "1"], ["3", "2"], ["2", "2"], ["3", "2"], ["3", "2"]]
    assert len(growth_svg(response).findall(f".//{SVG}g[@class='milestone']")) == 1


def test_alliance_page_past_the_table_limit_lists_one_step_a_year_and_today(
    db, client, monkeypatch
):
    monkeypatch.setattr("alliance.queries.GROWTH_TABLE_ROWS", 5)
    alliance = synthetic_alliance()  # 6 steps: 2018, 2019, 2020, 2021, 2022 and today

    response = client.get(alliance.get_absolute_url())

    rows = table_rows(response, "growth-steps")
    assert [row[0] for row in rows[:-1]] == [
        "June 16, 2018",
        "2019",
        "April 2020",
        "March 15, 2021",
        "May 9, 2022",
    ]
    assert rows[-1][0].startswith("Today, ")
    assert "at the last date of each year" in response.content.decode()


def test_growth_table_keeps_the_last_step_of_each_year():
    points = [
        GrowthPoint(datetime.date(2020, 1, 5), DatePrecision.DAY, 1, 1),
        GrowthPoint(datetime.date(2020, 9, 1), DatePrecision.DAY, 2, 1),
        GrowthPoint(datetime.date(2021, 2, 1), DatePrecision.DAY, 3, 2),
        GrowthPoint(datetime.date(2021, 2, 3), DatePrecision.DAY, 3, 2),
    ]

    rows, yearly = growth_table(points)

    assert yearly is False
    assert rows == points


def test_growth_table_past_the_limit_keeps_the_last_step_of_each_year(monkeypatch):
    monkeypatch.setattr("alliance.queries.GROWTH_TABLE_ROWS", 3)
    points = [
        GrowthPoint(datetime.date(2020, 1, 5), DatePrecision.DAY, 1, 1),
        GrowthPoint(datetime.date(2020, 9, 1), DatePrecision.DAY, 2, 1),
        GrowthPoint(datetime.date(2021, 2, 1), DatePrecision.DAY, 3, 2),
        GrowthPoint(datetime.date(2021, 2, 3), DatePrecision.DAY, 3, 2),  # today
    ]

    rows, yearly = growth_table(points)

    assert yearly is True
    assert rows == [points[1], points[2], points[3]]


def test_alliance_page_without_members_has_no_chart(db, client):
    alliance = make_alliance(**PUBLISHED)

    response = client.get(alliance.get_absolute_url())

    assert response.status_code == 200
    assert 'role="img"' not in response.content.decode()
