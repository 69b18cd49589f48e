"""iCalendar (RFC 5545) files of screenings and activity sessions.

Each slot is one VEVENT whose UID never changes (its table and primary key), so a calendar
program that imports the file again, or subscribes to it, updates the event instead of adding a
second one; SEQUENCE tells it which version is newer. Times are written in the venue's zone
with a VTIMEZONE for every zone used. The text is in the language of the URL, each sentence
translated whole (Chinese orders and punctuates it its own way)."""

import datetime
import functools

from django.http import HttpResponse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from core.views.addresses import Addresses
from screenings.queries import guests_of

PRODID = "-//Film Alliance Catalog//Schedule//EN"
UID_DOMAIN = "film-alliance-catalog"
# VTIMEZONE rules are written for this margin around the events, not for 1970-2038.
ZONE_MARGIN = datetime.timedelta(days=366)


def uid(slot):
    kind = "screening" if slot.is_screening else "activity-session"
    return f"{kind}-{slot.pk}@{UID_DOMAIN}"


def _location(venue):
    # One sentence each, so that Chinese can order the parts and punctuate them its own way.
    parts = {"venue": venue.name, "address": venue.address, "city": venue.city}
    if venue.address:
        return pgettext("calendar event location", "%(venue)s, %(address)s, %(city)s") % parts
    return pgettext("calendar event location", "%(venue)s, %(city)s") % parts


def _description(slot):
    lines = []
    if slot.is_screening:
        if slot.section:
            lines.append(_("Section: %(section)s") % {"section": slot.section})
        if slot.language_note:
            lines.append(_("Language: %(language)s") % {"language": slot.language_note})
        guests = [person.name for person in guests_of(slot)]
        if guests:
            separator = pgettext("between list items", ", ")
            lines.append(_("Q&A with %(guests)s") % {"guests": separator.join(guests)})
        if slot.ticket_url:
            lines.append(_("Tickets: %(url)s") % {"url": slot.ticket_url})
    else:
        lines.append(slot.activity.get_kind_display())
        if slot.activity.description:
            lines.append(slot.activity.description)
    lines.append(slot.film_week.dated_name)
    if slot.state not in (slot.State.SCHEDULED, slot.State.CANCELLED):
        lines.append(str(slot.get_state_display()))
    if slot.is_sample:
        lines.append(_("Sample data: made up to show the site's features, not a real event."))
    return "\n".join(lines)


def _page_url(slot, request, addresses):
    if slot.is_screening:
        return request.build_absolute_uri(addresses("film-detail", slot.film.slug))
    return request.build_absolute_uri(addresses("film-week-detail", slot.film_week.slug))


def slot_event(slot, request, addresses=None) -> Event:
    """The event of `slot`; `addresses` (core.views.addresses), shared by the events of one
    calendar, fills in the links of the pages they name."""
    zone = slot.venue.zone
    event = Event()
    event.add("uid", uid(slot))
    # Without a METHOD, DTSTAMP is when the event was last revised (RFC 5545, 3.8.7.2).
    event.add("dtstamp", slot.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", slot.updated_at.astimezone(datetime.UTC))
    event.add("sequence", slot.sequence)
    event.add("dtstart", slot.starts_at.astimezone(zone))
    event.add("dtend", slot.ends_at.astimezone(zone))
    event.add("summary", slot.title)
    event.add("location", _location(slot.venue))
    event.add("description", _description(slot))
    event.add("url", _page_url(slot, request, addresses or Addresses()))
    event.add("status", "CANCELLED" if slot.is_cancelled else "CONFIRMED")
    return event


def build_calendar(name, slots, request) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    addresses = Addresses()
    for slot in slots:
        calendar.add_component(slot_event(slot, request, addresses))
    if slots:
        first_year = (min(slot.starts_at for slot in slots) - ZONE_MARGIN).year
        last_year = (max(slot.ends_at for slot in slots) + ZONE_MARGIN).year
        # Each zone's VTIMEZONE goes first, as add_missing_timezones() would put it.
        zones = [_vtimezone(tzid, first_year, last_year) for tzid in calendar.get_missing_tzids()]
        known = sorted((zone for zone in zones if zone), key=lambda zone: zone.tz_name)
        calendar.subcomponents[:0] = known
    return calendar


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE of `tzid` for whole years: working out its transitions takes about 40 ms,
    so a calendar of venues in nine zones took 350 ms before any event was written."""
    try:
        return Timezone.from_tzid(
            tzid,
            first_date=datetime.date(first_year, 1, 1),
            last_date=datetime.date(last_year, 12, 31),
        )
    except ValueError:  # a zone icalendar does not know: left out, as add_missing_timezones does
        return None


def calendar_response(name, slots, request, filename) -> HttpResponse:
    """The calendar as a download named `filename`.ics (in the URL's language)."""
    calendar = build_calendar(name, slots, request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    language = get_language() or "en"
    response["Content-Disposition"] = f'inline; filename="{filename}-{language}.ics"'
    response["Content-Language"] = language
    return response
