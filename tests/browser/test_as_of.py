"""Members as of a day, in a real browser and in both languages: a day typed into the date field
changes the members table, the map and the chart of the alliance page, and the member directory's
rows. In the demo, Shanghai (China) joined at the founding and Durban (South Africa) in "April
2020", counted from 30 April."""

import re

import pytest
from playwright.sync_api import expect

ALLIANCE = "/alliances/belt-and-road-film-festival-alliance/"
LANGUAGES = [
    # language, the date field's label, the alliance page's button, the heading of its table,
    # the directory's button
    ("en", "As of", "Show", "Members on April 15, 2020", "Apply filters"),
    ("zh-hans", "截至", "查看", "2020年4月15日的成员", "应用筛选"),
]


@pytest.mark.parametrize(("language", "label", "show", "heading", "apply"), LANGUAGES)
def test_alliance_page_as_of_a_day_changes_the_table_map_and_chart(
    page, live_server, demo, language, label, show, heading, apply
):
    page.goto(f"{live_server.url}/{language}{ALLIANCE}")
    members = page.locator("#members tbody th")
    countries = page.locator(".world-map .country.member")
    expect(members).to_have_count(2)
    expect(countries).to_have_count(2)
    expect(page.locator(".as-of-mark")).to_have_count(0)

    form = page.locator("form.as-of-form")
    form.get_by_label(label).fill("2020-04-15")
    form.get_by_role("button", name=show).click()

    expect(page).to_have_url(re.compile(r"\?as_of=2020-04-15$"))
    expect(page.locator("#members-heading")).to_have_text(heading)
    expect(members).to_have_count(1)
    expect(countries).to_have_count(1)
    expect(page.locator(".world-map .country.cn")).to_have_class("country cn member")
    expect(page.locator(".as-of-mark")).to_have_count(1)
    expect(page.locator("#partial-dates-note")).to_be_visible()


@pytest.mark.parametrize(("language", "label", "show", "heading", "apply"), LANGUAGES)
def test_member_directory_as_of_a_day_lists_the_members_of_that_day(
    page, live_server, demo, language, label, show, heading, apply
):
    page.goto(f"{live_server.url}/{language}/members/")
    rows = page.locator(".member-table tbody tr")
    expect(rows).to_have_count(2)

    form = page.locator("form.member-filters")
    form.get_by_label(label).fill("2020-04-30")
    form.get_by_role("button", name=apply).click()

    expect(page).to_have_url(re.compile(r"as_of=2020-04-30"))
    expect(rows).to_have_count(2)
    form = page.locator("form.member-filters")
    form.get_by_label(label).fill("2020-04-15")
    form.get_by_role("button", name=apply).click()

    expect(page).to_have_url(re.compile(r"as_of=2020-04-15"))
    expect(rows).to_have_count(1)
    expect(page.locator("#as-of-day")).to_be_visible()
    expect(form.get_by_label(label)).to_have_value("2020-04-15")
