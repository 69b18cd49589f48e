"""The schedule on a phone in a real browser: one column without sideways scrolling, filters
folded away until opened, days and venues as headings, a cancelled screening struck through,
and the calendar links. Every step waits on what the page shows, never on a sleep."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from core.models import Status
from screenings.models import Screening
from tests.factories import (
    make_activity,
    make_activity_session,
    make_film,
    make_film_week,
    make_screening,
    make_venue,
)

# The live server needs committed data; see tests/browser/test_catalog.py.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(day, hour, minute=0):
    return datetime.datetime(2023, 6, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def programme():
    week = make_film_week(
        name_en="Belt and Road Film Week", year=2023, slug="brfw-2023", **PUBLISHED
    )
    art = make_venue(
        name_en="Shanghai Film Art Centre", city_en="Shanghai", slug="art-centre", **PUBLISHED
    )
    grand = make_venue(
        name_en="Grand Theatre with a rather long name for a small screen",
        city_en="Shanghai",
        slug="grand",
        **PUBLISHED,
    )

    def screen(venue, title, starts, **kw):
        return make_screening(
            film=make_film(title_en=title, **PUBLISHED),
            film_week=week,
            venue=venue,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            **kw,
        )

    screen(art, "Five Hundred Miles", shanghai(12, 19), section_en="Panorama")
    screen(
        grand, "Wandering Earth 2", shanghai(12, 14), language_note_en="Mandarin, English subtitles"
    )
    screen(art, "Cancelled film", shanghai(13, 10), state=Screening.State.CANCELLED)
    make_activity_session(
        activity=make_activity(film_week=week, title_en="Industry dialogue on co-production"),
        venue=grand,
        starts_at=shanghai(13, 9),
        ends_at=shanghai(13, 11),
    )
    return week


def page_width(page):
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_schedule_on_a_phone_reads_in_one_column(phone_page, live_server, programme):
    phone_page.goto(f"{live_server.url}/en/schedule/")

    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Schedule: Belt and Road Film Week 2023"
    )
    expect(phone_page.get_by_role("heading", level=2)).to_have_text(
        ["Monday, June 12, 2023", "Tuesday, June 13, 2023"]
    )
    expect(phone_page.get_by_role("heading", level=3)).to_have_text(
        [
            "Grand Theatre with a rather long name for a small screen, Shanghai",
            "Shanghai Film Art Centre, Shanghai",
            "Grand Theatre with a rather long name for a small screen, Shanghai",
            "Shanghai Film Art Centre, Shanghai",
        ]
    )
    scroll_width, viewport_width = page_width(phone_page)
    assert scroll_width <= viewport_width


def test_schedule_on_a_phone_filters_are_folded_until_opened(phone_page, live_server, programme):
    phone_page.goto(f"{live_server.url}/en/schedule/")
    venue = phone_page.get_by_label("Venue")
    expect(venue).to_be_hidden()

    phone_page.get_by_text("Filters and time zone").click()
    venue.select_option(label="Shanghai Film Art Centre, Shanghai (2)")
    phone_page.get_by_role("button", name="Show").click()

    expect(phone_page).to_have_url(re.compile(r"venue=art-centre"))
    expect(phone_page.locator(".slot-title")).to_have_text(
        [
            re.compile(r"^\s*Five Hundred Miles\s*$"),
            re.compile(r"^\s*Cancelled film\s+Cancelled\s*$"),
        ]
    )
    calendar = phone_page.get_by_role("link", name="Calendar (.ics) of what is shown")
    expect(calendar).to_have_attribute("href", re.compile(r"calendar\.ics\?.*venue=art-centre"))


def test_schedule_on_a_phone_day_links_and_time_zone_switch(phone_page, live_server, programme):
    phone_page.goto(f"{live_server.url}/en/schedule/")

    phone_page.get_by_role("navigation", name="Days").get_by_role(
        "link", name="Tue June 13"
    ).click()

    expect(phone_page).to_have_url(re.compile(r"day=2023-06-13"))
    expect(phone_page.get_by_role("heading", level=2)).to_have_text(["Tuesday, June 13, 2023"])
    expect(phone_page.locator(".slot-hours")).to_have_count(2)

    # With a filter in the address the filters stay unfolded.
    expect(phone_page.locator("details.schedule-filters")).to_have_attribute("open", "")
    phone_page.get_by_label("Show times in").select_option("Europe/Moscow")
    phone_page.get_by_role("button", name="Show").click()

    expect(phone_page.locator(".zone-note").first).to_have_text("Times in Europe/Moscow (UTC+0300)")
    expect(phone_page.locator(".slot-hours").first).to_have_text("04:00–06:00")


def test_schedule_on_a_phone_cancelled_struck_through_and_calendar_links(
    phone_page, live_server, programme
):
    phone_page.goto(f"{live_server.url}/en/schedule/?day=2023-06-13")

    cancelled = phone_page.locator(".slot.is-cancelled")
    expect(cancelled.locator(".badge-cancelled")).to_have_text("Cancelled")
    decoration = cancelled.locator("s").evaluate(
        "node => getComputedStyle(node).textDecorationLine"
    )
    assert decoration == "line-through"
    links = phone_page.get_by_role("link", name=re.compile("^Add to calendar"))
    expect(links).to_have_count(2)
    expect(links.first).to_have_attribute("href", re.compile(r"^/en/activity-sessions/\d+\.ics$"))
    box = links.first.bounding_box()
    assert box["height"] >= 24  # a target a finger can hit
