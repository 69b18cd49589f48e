"""The rows of screenings and activity sessions (the schedule, the venue page, and the upcoming
lists of film, person and film week pages), rendered by templates/screenings/includes/
slot_items.html: one template per list.

Each row is a dict of the values its item shows, worked out here: its times in the zone it is
shown in, its texts in the active language. What the rows of a page share is worked out once
for all of its lists (SlotRows): each date formatted once, the links filled in from URL
patterns reversed once (core.views.addresses), the words every row repeats translated once.
The template then reads plain values (a dict's keys are the cheapest thing Django's templates
look up), and writes the HTML."""

from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from core.models import active_suffix, in_language
from core.views.addresses import Addresses
from filmweek.models import Activity
from screenings.models import SlotState, zone_named
from screenings.queries import guests_of


def utc_offset(moment):
    """ "+0800": the offset as Django's date format "O" writes it."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{seconds // 60 % 60:02d}"


def _hours(moment):
    return f"{moment.hour:02d}:{moment.minute:02d}"


class SlotRows:
    """Makes the rows of the lists of one page (in one language), sharing among them the
    formatted dates, the reversed addresses and the translated words (`labels`)."""

    def __init__(self):
        self.address = Addresses()
        self.days = {}
        self.zones = {}
        self.suffix = active_suffix()
        # What get_state_display() and get_kind_display() give, worked out once.
        self.states = {state: str(label) for state, label in SlotState.choices}
        self.kinds = {
            kind: str(label) for kind, label in Activity._meta.get_field("kind").flatchoices
        }
        # Translated once for the page instead of once in every row, and marked safe as
        # {% translate %} marks a template's own words ("Q&A with" is written as it is).
        self.labels = {
            "q_and_a": mark_safe(gettext("Q&A with")),  # noqa: S308 (our own words)
            "add_to_calendar": mark_safe(gettext("Add to calendar")),  # noqa: S308
            "tickets": mark_safe(gettext("Tickets")),  # noqa: S308
            # Punctuation between the parts of a row: Chinese uses its own ("，" "、" "：").
            "place_separator": mark_safe(pgettext("between a venue and its city", ", ")),  # noqa: S308
            "list_separator": mark_safe(pgettext("between list items", ", ")),  # noqa: S308
            "after_label": mark_safe(pgettext("between a label and its value", ": ")),  # noqa: S308
            "star": mark_safe(gettext("Add to my programme")),  # noqa: S308
            "starred": mark_safe(gettext("In my programme")),  # noqa: S308
            "remove": mark_safe(gettext("Remove from this programme")),  # noqa: S308
            "sample": mark_safe(gettext("Sample data")),  # noqa: S308
        }
        # The stars' links without JavaScript: the programme page, adding the row's item.
        self.add_to_programme = f"{reverse('programme')}?add="

    def day(self, date):
        if date not in self.days:
            self.days[date] = formats.date_format(date, "DATE_FORMAT")
        return self.days[date]

    def tzinfo(self, zone):
        """The zone given as a tzinfo or an IANA name (as the `timezone` template filter takes
        it)."""
        if not isinstance(zone, str):
            return zone
        if zone not in self.zones:
            self.zones[zone] = zone_named(zone)
        return self.zones[zone]

    def rows(
        self,
        slots,
        zone=None,
        *,
        heading_offset="",
        show_zone=False,
        show_venue=False,
        show_film_week=False,
    ):
        """A row (a dict) for each slot, in order: in `zone` (a tzinfo or an IANA name), else in
        its venue's own zone. `heading_offset`: the UTC offset named above the list (a row whose
        offset differs names its own); `show_zone`: each row names its zone and offset;
        `show_venue`, `show_film_week`: each row links its venue, its film week."""
        self.zone, self.heading_offset = zone, heading_offset
        self.show_zone, self.show_venue, self.show_film_week = show_zone, show_venue, show_film_week
        return [self.row(slot) for slot in slots]

    def row(self, slot):
        zone = self.zone or slot.venue.time_zone
        tzinfo = self.tzinfo(zone)
        start, end = slot.starts_at.astimezone(tzinfo), slot.ends_at.astimezone(tzinfo)
        offset = utc_offset(start)
        if self.show_zone:
            zone_note = f"{zone}, UTC{offset}"
        elif self.heading_offset and offset != self.heading_offset:
            zone_note = f"UTC{offset}"
        else:
            zone_note = ""
        state = slot.state
        cancelled = state == SlotState.CANCELLED
        start_date, end_date = start.date(), end.date()
        row = {
            "is_screening": slot.is_screening,
            "cancelled": cancelled,
            "state": state,
            "state_label": "" if state == SlotState.SCHEDULED else self.states.get(state, state),
            "start_iso": start.isoformat(),
            "end_iso": end.isoformat(),
            "start_time": _hours(start),
            "end_time": _hours(end),
            "start_day": self.day(start_date),
            "end_day": self.day(end_date) if end_date != start_date else "",
            "zone_note": zone_note,
            "title": slot.title,
            "conflicts": self.conflicts(slot),
            "sample": slot.is_sample,
        }
        if slot.is_screening:
            self._screening(row, slot, cancelled)
        else:
            self._session(row, slot)
        row["star_url"] = self.add_to_programme + row["item"]
        if self.show_venue:
            venue = slot.venue
            row["venue_url"] = self.address("venue-detail", venue.slug)
            row["venue_name"], row["venue_city"] = venue.name, venue.city
        if self.show_film_week:
            film_week = slot.film_week
            row["film_week_url"] = self.address("film-week-detail", film_week.slug)
            row["film_week"] = film_week.dated_name
        return row

    def _screening(self, row, slot, cancelled):
        address = self.address
        row["anchor"] = f"screening-{slot.pk}"
        row["item"] = f"s{slot.pk}"
        row["url"] = address("film-detail", slot.film.slug)
        row["calendar_url"] = address("screening-calendar", slot.pk)
        row["kind"] = ""
        suffix = self.suffix
        row["section"] = in_language(slot.section_en, slot.section_zh, suffix)
        row["language_note"] = in_language(slot.language_note_en, slot.language_note_zh, suffix)
        row["guests"] = [
            {"url": address("person-detail", person.slug), "name": person.name}
            for person in guests_of(slot)
        ]
        row["ticket_url"] = "" if cancelled else slot.ticket_url

    def _session(self, row, slot):
        address = self.address
        row["anchor"] = f"session-{slot.pk}"
        row["item"] = f"a{slot.pk}"
        row["url"] = address("film-week-detail", slot.film_week.slug) + "#activities-heading"
        row["calendar_url"] = address("activity-session-calendar", slot.pk)
        kind = slot.activity.kind
        row["kind"] = self.kinds.get(kind, kind)
        row["section"] = row["language_note"] = row["ticket_url"] = ""
        row["guests"] = []

    def conflicts(self, slot):
        """ "Overlaps with: Title (Venue, 19:00); ...": the slots of a programme that `slot`
        overlaps (set by screenings.programme.mark_conflicts), each at its time in its venue's
        zone (or the zone shown); "" for none."""
        others = slot.__dict__.get("conflicts")
        if not others:
            return ""
        named = []
        for other in others:
            start = other.starts_at.astimezone(self.tzinfo(self.zone or other.venue.time_zone))
            named.append(
                gettext("%(title)s (%(venue)s, %(time)s)")
                % {"title": other.title, "venue": other.venue.name, "time": _hours(start)}
            )
        slots = pgettext("between the items of a list", "; ").join(named)
        return gettext("Overlaps with: %(slots)s") % {"slots": slots}


def slot_rows(slots, zone=None, **options):
    """The rows of one list, made by a SlotRows of their own (see SlotRows.rows)."""
    return SlotRows().rows(slots, zone, **options)
