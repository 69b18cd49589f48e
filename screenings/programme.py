"""The reads of a visitor's programme (its items come from screenings/programme_code.py): the
starred screenings and sessions by day with their conflicts, the starred films with their
upcoming screenings, and the starred items the catalog no longer shows. Only published records
are read: a draft or deleted item is "no longer in the catalog", and nothing more is said of
it."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from filmweek.models import Film
from filmweek.queries import FILM_LINK
from screenings.programme_code import Item
from screenings.queries import (
    in_time_order,
    published_guests,
    screening_details,
    session_details,
    with_details,
)

FILM_SCREENINGS = 10  # upcoming screenings shown under each starred film


@dataclass
class ProgrammeDay:
    day: object  # datetime.date, in the venues' own time
    slots: list


@dataclass
class Programme:
    days: list[ProgrammeDay] = field(default_factory=list)
    films: list = field(default_factory=list)  # with `upcoming_screenings`
    missing: list[Item] = field(default_factory=list)  # starred, not (or no longer) shown

    @property
    def conflict_count(self):
        return sum(1 for day in self.days for slot in day.slots if slot.conflicts)


def _pks(items, kind):
    return sorted(item.pk for item in items if item.kind == kind)


def starred_slots(items):
    """The published screenings and sessions among `items`, with what their rows and calendar
    events show, in time order."""
    slots = [
        *screening_details(joined=True).filter(pk__in=_pks(items, "s")),
        *session_details(joined=True).filter(pk__in=_pks(items, "a")),
    ]
    return in_time_order(with_details(slots))


def starred_films(items, now=None):
    """The published films among `items`, by title, each with its FILM_SCREENINGS first
    upcoming published screenings as `upcoming_screenings`."""
    upcoming = (
        screening_details(joined=True)
        .upcoming(now or timezone.now())
        .prefetch_related(published_guests())
        .order_by("starts_at", "pk")
    )
    films = (
        Film.objects.published()
        .filter(pk__in=_pks(items, "f"))
        .only(*FILM_LINK)
        .prefetch_related(
            Prefetch(
                "screenings",
                queryset=upcoming[:FILM_SCREENINGS],
                to_attr="upcoming_screenings",
            )
        )
    )
    return sorted(films, key=lambda film: (film.title, film.pk))


def mark_conflicts(slots):
    """Set on each slot `conflicts`: the other slots of `slots` that share a moment with it
    (one ending at 14:00 does not overlap one starting at 14:00); a cancelled slot has none and
    is no one's."""
    for slot in slots:
        slot.conflicts = []
    taking_place = sorted(
        (slot for slot in slots if not slot.is_cancelled), key=lambda slot: slot.starts_at
    )
    for index, slot in enumerate(taking_place):
        for other in taking_place[index + 1 :]:
            if other.starts_at >= slot.ends_at:
                break
            slot.conflicts.append(other)
            other.conflicts.append(slot)
    return slots


def read_programme(items, now=None) -> Programme:
    slots = mark_conflicts(starred_slots(items))
    # By the day each starts on in its venue's time, in time order within the day (sort() keeps
    # the order of equal keys).
    slots.sort(key=lambda slot: slot.local_day())
    films = starred_films(items, now)
    days = [
        ProgrammeDay(day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda slot: slot.local_day())
    ]
    shown = {Item("s" if slot.is_screening else "a", slot.pk) for slot in slots}
    shown |= {Item("f", film.pk) for film in films}
    missing = sorted(set(items) - shown)
    return Programme(days, films, missing)
