"""The rows of screenings and activity sessions (the schedule, the venue page, and the upcoming
lists of film, person and film week pages), rendered by templates/screenings/includes/
slot_items.html: one template per list, with each row's times worked out here in the zone it is
shown in and each date formatted once."""

from django.utils import formats

from screenings.models import zone_named


def utc_offset(moment):
    """ "+0800": the offset as Django's date format "O" writes it."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{seconds // 60 % 60:02d}"


def _tzinfo(zone):
    """The zone given as a tzinfo or an IANA name (as the `timezone` template filter takes it)."""
    return zone_named(zone) if isinstance(zone, str) else zone


class Row:
    """One slot with its times in the zone it is shown in; `end_day` only when it ends on
    another day than it starts."""

    def __init__(self, slot, zone, day):
        self.slot, self.zone = slot, zone
        tzinfo = _tzinfo(zone)
        self.start = slot.starts_at.astimezone(tzinfo)
        self.end = slot.ends_at.astimezone(tzinfo)
        self.offset = utc_offset(self.start)
        self.start_day = day(self.start.date())
        self.end_day = day(self.end.date()) if self.end.date() != self.start.date() else ""
        self.start_time = self.start.strftime("%H:%M")
        self.end_time = self.end.strftime("%H:%M")


def slot_rows(slots, zone=None):
    """A Row for each slot, in order: in `zone` (a tzinfo or an IANA name), else in its venue's
    own zone."""
    days = {}

    def day(date):
        if date not in days:
            days[date] = formats.date_format(date, "DATE_FORMAT")
        return days[date]

    return [Row(slot, zone or slot.venue.time_zone, day) for slot in slots]
