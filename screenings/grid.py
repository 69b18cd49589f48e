"""The programme grid of a film week in the back office: venues as columns, days and hours as
rows, screenings and activity sessions as blocks in the hour they start. Every time is in the
venue's own zone, so a column reads as that venue's printed programme.

Three queries whatever the number of slots: the screenings (with film and venue), the
sessions (with activity and venue), and the venues when the week has no slot yet."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from screenings.models import ActivitySession, Screening, SlotState, Venue

FIRST_HOUR, LAST_HOUR = 9, 23  # the hours shown unless a slot starts outside them
MAX_DAYS = 31  # a film week with wrong dates must not make a page of years
SLOT_KINDS = {"screening": Screening, "session": ActivitySession}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass
class Block:
    kind: str  # "screening" or "session"
    slot: object
    start: datetime.datetime  # in the venue's zone
    minutes: int
    change_url: str

    @property
    def is_cancelled(self):
        return self.slot.state == SlotState.CANCELLED


@dataclass
class Cell:
    venue: Venue
    start: datetime.datetime  # naive, the venue's wall clock
    blocks: list = field(default_factory=list)
    add_url: str = ""  # the screening add form, prefilled with film week, venue and start

    @property
    def start_text(self):
        return self.start.strftime(LOCAL_FORMAT)


@dataclass
class Row:
    day: datetime.date
    hour: int
    cells: list


@dataclass
class ProgrammeGrid:
    film_week: object
    venues: list
    rows: list


def week_slots(film_week):
    """The film week's screenings and activity sessions, with what their blocks show."""
    screenings = Screening.objects.filter(film_week=film_week).select_related("film", "venue")
    sessions = ActivitySession.objects.filter(activity__film_week=film_week).select_related(
        "activity", "venue"
    )
    return [("screening", slot) for slot in screenings] + [("session", slot) for slot in sessions]


def _block(kind, slot, change_urls):
    start = slot.starts_at.astimezone(slot.venue.zone)
    minutes = int((slot.ends_at - slot.starts_at).total_seconds() // 60)
    change_url = change_urls[kind].replace("/0/", f"/{slot.pk}/", 1)
    return Block(kind=kind, slot=slot, start=start, minutes=minutes, change_url=change_url)


def _days(film_week, blocks):
    first, last = film_week.starts_on, film_week.ends_on
    if first and last and first <= last:
        count = min((last - first).days + 1, MAX_DAYS)
        return [first + datetime.timedelta(days=n) for n in range(count)]
    return sorted({block.start.date() for block in blocks})[:MAX_DAYS]


def _hours(blocks):
    starts = [block.start.hour for block in blocks]
    return range(min([FIRST_HOUR, *starts]), max([LAST_HOUR, *starts]) + 1)


def _venues(blocks):
    by_pk = {block.slot.venue_id: block.slot.venue for block in blocks}
    if not by_pk:
        return list(Venue.objects.order_by("city_en", "name_en"))
    return sorted(by_pk.values(), key=lambda venue: (venue.city_en, venue.name_en))


def _cell(film_week, venue, day, hour, blocks, add_url):
    start = datetime.datetime.combine(day, datetime.time(hour))
    query = {
        "film_week": film_week.pk,
        "venue": venue.pk,
        "starts_at": start.strftime(LOCAL_FORMAT),
    }
    return Cell(venue=venue, start=start, blocks=blocks, add_url=f"{add_url}?{urlencode(query)}")


def programme_grid(film_week) -> ProgrammeGrid:
    change_urls = {
        kind: reverse(f"admin:screenings_{model._meta.model_name}_change", args=[0])
        for kind, model in SLOT_KINDS.items()
    }
    blocks = [_block(kind, slot, change_urls) for kind, slot in week_slots(film_week)]
    venues = _venues(blocks)
    add_url = reverse("admin:screenings_screening_add")
    placed = {}
    for block in sorted(blocks, key=lambda block: block.start):
        key = (block.slot.venue_id, block.start.date(), block.start.hour)
        placed.setdefault(key, []).append(block)
    rows = [
        Row(
            day=day,
            hour=hour,
            cells=[
                _cell(film_week, venue, day, hour, placed.get((venue.pk, day, hour), []), add_url)
                for venue in venues
            ],
        )
        for day in _days(film_week, blocks)
        for hour in _hours(blocks)
    ]
    return ProgrammeGrid(film_week=film_week, venues=venues, rows=rows)
