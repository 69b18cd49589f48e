"""The helpers of the slot lists (screenings/slot_rows.py): offsets written as Django's date
format writes them."""

import datetime
import zoneinfo

import pytest
from django.utils import dateformat

from screenings.slot_rows import utc_offset

MOMENT = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Shanghai", "America/St_Johns", "Asia/Kathmandu", "America/Los_Angeles"]
)
def test_utc_offset_is_written_as_the_date_format_o(zone):
    local = MOMENT.astimezone(zoneinfo.ZoneInfo(zone))

    assert utc_offset(local) == dateformat.format(local, "O")
