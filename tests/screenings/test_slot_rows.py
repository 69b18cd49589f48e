"""The helpers of the slot lists (screenings/slot_rows.py): offsets written as Django's date
format writes them, and links that are the URLs reverse() gives."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from screenings.slot_rows import Link, utc_offset

MOMENT = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Shanghai", "America/St_Johns", "Asia/Kathmandu", "America/Los_Angeles"]
)
def test_utc_offset_is_written_as_the_date_format_o(zone):
    local = MOMENT.astimezone(zoneinfo.ZoneInfo(zone))

    assert utc_offset(local) == dateformat.format(local, "O")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "name, argument",
    [
        ("film-detail", "the-red-silk"),
        ("venue-detail", "shanghai-film-art-centre-2"),
        ("screening-calendar", 12),
        ("activity-session-calendar", 987654321),
    ],
)
def test_link_is_the_reversed_url(language, name, argument):
    with translation.override(language):
        link = Link(name)

        assert link(argument) == reverse(name, args=[argument])
