"""An editor builds a day of a film week on the programme grid in a real browser: adds a
screening from an empty slot, drags it to another hour, sees a move onto another screening
refused with that screening named, and cancels a block with the bulk actions. The public
schedule of that week and its calendar (.ics) then show the day as built."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import expect

from core.models import Status
from screenings.models import Screening
from tests.browser.admin import sign_in_to_admin
from tests.browser.test_editor_flow import PASSWORD, choose_in_autocomplete, make_editor
from tests.factories import make_film, make_film_week, make_screening, make_venue

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED = {"status": Status.PUBLISHED}


def cell(page, venue, start):
    return page.locator(f'td[data-venue="{venue.pk}"][data-start="{start}"]')


def build_the_day(page, base, week, venue):
    """On the grid: add "Red Sorghum" at 10:00, drag it to 14:00 and then onto "Five Hundred
    Miles" at 18:00 (refused), then bulk-cancel "Five Hundred Miles". What the grid showed
    along the way: the added block left in its first slot, the moved block's time label, and
    the refusal."""
    grid = f"{base}/admin/screenings/screening/grid/{week.pk}/"
    page.goto(grid)
    cell(page, venue, "2023-06-12T10:00").locator("a.programme-grid-add").click()
    choose_in_autocomplete(page, "id_film", "Red", "Red Sorghum")
    page.click("button[name=_save]")
    page.goto(grid)
    added = page.locator(".programme-grid-block", has_text="Red Sorghum")
    added_in_slot = cell(page, venue, "2023-06-12T10:00").locator(".programme-grid-block")

    added.drag_to(cell(page, venue, "2023-06-12T14:00"))
    page.locator(".programme-grid-message", has_text="14:00").wait_for()
    shown = {
        "left_in_first_slot": added_in_slot.count(),
        "time_label": added.locator(".programme-grid-time").inner_text(),
        "in_new_slot": cell(page, venue, "2023-06-12T14:00")
        .locator(".programme-grid-block", has_text="Red Sorghum")
        .count(),
    }
    added.drag_to(cell(page, venue, "2023-06-12T18:00"))
    shown["refusal"] = page.locator(".programme-grid-message.is-refused").inner_text()

    page.goto(grid)
    page.locator(".programme-grid-block", has_text="Five Hundred Miles").locator(
        "input[name=slots]"
    ).check()
    page.select_option("select[name=action]", "cancel")
    page.click(".programme-grid-bulk button[type=submit]")
    page.locator(".programme-grid-block.is-cancelled", has_text="Five Hundred Miles").wait_for()
    return shown


def calendar_events(page, url):
    response = page.request.get(url)
    assert response.ok, response.status
    calendar = Calendar.from_ical(response.body())
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_editor_builds_a_day_on_the_grid_and_finds_it_public(page, live_server):
    base = live_server.url
    make_editor()
    week = make_film_week(
        name_en="Film Week", slug="film-week", starts_on=datetime.date(2023, 6, 12), **PUBLISHED
    )
    venue = make_venue(name_en="Shanghai Film Art Centre", time_zone="Asia/Shanghai", **PUBLISHED)
    make_film(title_en="Red Sorghum", slug="red-sorghum", **PUBLISHED)
    make_screening(
        film=make_film(title_en="Five Hundred Miles", **PUBLISHED),
        film_week=week,
        venue=venue,
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=SHANGHAI),
    )
    sign_in_to_admin(page, base, "editor", PASSWORD)

    shown = build_the_day(page, base, week, venue)
    page.goto(f"{base}/en/schedule/?film_week={week.slug}")
    moved_row = page.locator(".slot", has_text="Red Sorghum")
    cancelled_row = page.locator(".slot", has_text="Five Hundred Miles")
    expect(moved_row.locator(".slot-hours")).to_have_text("14:00–16:00")
    events = calendar_events(page, f"{base}/en/film-weeks/{week.slug}/calendar.ics")

    assert shown["left_in_first_slot"] == 0
    assert shown["in_new_slot"] == 1
    assert shown["time_label"] == "14:00"
    assert "“Five Hundred Miles”, Shanghai Film Art Centre" in shown["refusal"]
    moved = Screening.objects.get(film__title_en="Red Sorghum")
    assert moved.starts_at == datetime.datetime(2023, 6, 12, 14, 0, tzinfo=SHANGHAI)
    assert Screening.objects.get(film__title_en="Five Hundred Miles").state == "cancelled"
    expect(cancelled_row).to_have_class("slot is-cancelled")
    expect(cancelled_row.locator(".badge-cancelled")).to_have_text("Cancelled")
    expect(moved_row).not_to_have_class("slot is-cancelled")
    moved_event = events["Red Sorghum"]
    assert moved_event.decoded("dtstart") == datetime.datetime(2023, 6, 12, 14, 0, tzinfo=SHANGHAI)
    assert str(moved_event["status"]) == "CONFIRMED"
    assert str(events["Five Hundred Miles"]["status"]) == "CANCELLED"
