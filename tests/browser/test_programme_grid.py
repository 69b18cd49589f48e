"""An editor builds a day of a film week on the programme grid in a real browser: adds a
screening from an empty slot, drags it to another hour, sees a move onto another screening
refused with that screening named, and cancels a block with the bulk actions."""

import datetime
from zoneinfo import ZoneInfo

from screenings.models import Screening
from tests.browser.admin import sign_in_to_admin
from tests.browser.test_editor_flow import PASSWORD, choose_in_autocomplete, make_editor
from tests.factories import make_film, make_film_week, make_screening, make_venue

SHANGHAI = ZoneInfo("Asia/Shanghai")


def cell(page, venue, start):
    return page.locator(f'td[data-venue="{venue.pk}"][data-start="{start}"]')


def test_editor_adds_moves_is_refused_and_cancels_on_the_grid(page, live_server):
    base = live_server.url
    make_editor()
    week = make_film_week(name_en="Film Week", starts_on=datetime.date(2023, 6, 12))
    venue = make_venue(name_en="Shanghai Film Art Centre")
    make_film(title_en="Red Sorghum", slug="red-sorghum")
    make_screening(
        film=make_film(title_en="Five Hundred Miles"),
        film_week=week,
        venue=venue,
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=SHANGHAI),
    )
    grid = f"{base}/admin/screenings/screening/grid/{week.pk}/"

    sign_in_to_admin(page, base, "editor", PASSWORD)
    page.goto(grid)
    cell(page, venue, "2023-06-12T10:00").locator("a.programme-grid-add").click()
    choose_in_autocomplete(page, "id_film", "Red", "Red Sorghum")
    page.click("button[name=_save]")
    page.goto(grid)
    added = page.locator(".programme-grid-block", has_text="Red Sorghum")
    added_in_slot = cell(page, venue, "2023-06-12T10:00").locator(".programme-grid-block")

    added.drag_to(cell(page, venue, "2023-06-12T14:00"))
    page.locator(".programme-grid-message", has_text="14:00").wait_for()
    time_label = added.locator(".programme-grid-time").inner_text()
    added.drag_to(cell(page, venue, "2023-06-12T18:00"))
    refusal = page.locator(".programme-grid-message.is-refused").inner_text()

    page.goto(grid)
    page.locator(".programme-grid-block", has_text="Five Hundred Miles").locator(
        "input[name=slots]"
    ).check()
    page.select_option("select[name=action]", "cancel")
    page.click(".programme-grid-bulk button[type=submit]")
    page.locator(".programme-grid-block.is-cancelled", has_text="Five Hundred Miles").wait_for()

    assert added_in_slot.count() == 0
    assert time_label == "14:00"
    assert "“Five Hundred Miles”, Shanghai Film Art Centre" in refusal
    moved = Screening.objects.get(film__title_en="Red Sorghum")
    assert moved.starts_at == datetime.datetime(2023, 6, 12, 14, 0, tzinfo=SHANGHAI)
    assert Screening.objects.get(film__title_en="Five Hundred Miles").state == "cancelled"
