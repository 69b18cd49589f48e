"""The rows of screenings and activity sessions (the schedule, the venue page, and the upcoming
lists of film, person and film week pages), rendered by one Jinja2 template per list.

Through a Django include per row, with its ten date filters and reversed URLs, the schedule's
150 rows were most of its time. Here the dates are formatted once per day shown, and each kind
of link is reversed once per list and then filled in."""

from functools import cache

from django.template.loader import get_template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.url_templates import Link
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
    """One slot with its times in the zone it is shown in."""

    def __init__(self, slot, zone):
        self.slot, self.zone = slot, zone
        tzinfo = _tzinfo(zone)
        self.start = slot.starts_at.astimezone(tzinfo)
        self.end = slot.ends_at.astimezone(tzinfo)
        self.offset = utc_offset(self.start)


@cache
def _links(language):
    """The links of every kind, for the language in their path."""
    return {
        "film": Link("film-detail"),
        "film_week": Link("film-week-detail"),
        "person": Link("person-detail"),
        "venue": Link("venue-detail"),
        "screening_calendar": Link("screening-calendar"),
        "session_calendar": Link("activity-session-calendar"),
    }


def slot_items(slots, zone=None, *, heading_offset="", **show):
    """The `<li>` of each slot, in order. `zone`: the zone the times are shown in (a tzinfo or
    an IANA name), else each slot's venue's; `heading_offset`: the UTC offset named above the
    list (a row whose offset differs names its own); `show`: show_date, show_zone, show_venue,
    show_film_week."""
    days = {}

    def day(moment):
        """DATE_FORMAT of the moment's date, formatted once per date."""
        date = moment.date()
        if date not in days:
            days[date] = formats.date_format(date, "DATE_FORMAT")
        return days[date]

    context = {
        "rows": [Row(slot, zone or slot.venue.time_zone) for slot in slots],
        "heading_offset": heading_offset,
        "day": day,
        "links": _links(get_language()),
        "labels": {
            "ends": _("ends %(day)s"),
            "qa_with": _("Q&A with"),
            "add_to_calendar": _("Add to calendar"),
            "tickets": _("Tickets"),
        },
        **show,
    }
    html = get_template("screenings/slot_items.html", using="jinja2").render(context)
    return mark_safe(html)  # noqa: S308 (an autoescaping template)
