"""Writes of screenings and activity sessions: validated with full_clean() (the overlap and
film week rules, named in the message), saved in one transaction, so a refused row leaves
nothing behind. The calendar SEQUENCE is raised by TimeSlot.save() when the time, place,
state or subject changes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from core.models import EditConflict
from screenings.models import ActivitySession, Screening, SlotState, in_zone

OVERLAP_RULE = "screening_no_overlap_in_venue"


def _save(slot):
    """Save a validated slot; a screening saved by someone else in the same moment trips the
    database rule after clean() passed, and is reported as clean() would report it."""
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError as error:
        if OVERLAP_RULE not in str(error):
            raise
        slot.clean_no_overlap()
        raise ValidationError({"starts_at": ValidationError(str(error), code="overlap")}) from error


@transaction.atomic
def screening_create(*, guests=(), **fields) -> Screening:
    """A new screening from its fields (film, film_week, venue, starts_at, ends_at, ...)."""
    screening = Screening(**fields)
    screening.full_clean()
    _save(screening)
    screening.guests.set(guests)
    return screening


@transaction.atomic
def screening_update(*, screening: Screening, guests=None, **changes) -> Screening:
    """Change the given fields of a screening; `guests`, when given, replaces its guests."""
    for name, value in changes.items():
        setattr(screening, name, value)
    screening.full_clean()
    _save(screening)
    if guests is not None:
        screening.guests.set(guests)
    return screening


def screening_cancel(*, screening: Screening) -> Screening:
    """Keep the screening on the schedule, struck through, and free its slot."""
    return screening_update(screening=screening, state=Screening.State.CANCELLED)


@transaction.atomic
def activity_session_create(**fields) -> ActivitySession:
    session = ActivitySession(**fields)
    session.full_clean()
    _save(session)
    return session


@transaction.atomic
def activity_session_update(*, session: ActivitySession, **changes) -> ActivitySession:
    for name, value in changes.items():
        setattr(session, name, value)
    session.full_clean()
    _save(session)
    return session


class BulkAction:
    CANCEL = "cancel"
    SOLD_OUT = "sold_out"
    MOVE = "move"
    DUPLICATE = "duplicate"


def _moved(slot, delta):
    return {"starts_at": slot.starts_at + delta, "ends_at": slot.ends_at + delta}


def times_at(slot, local_start, zone):
    """The times of `slot` starting at the wall-clock time `local_start` in `zone`, its length
    kept."""
    starts_at = in_zone(local_start, zone)
    return {"starts_at": starts_at, "ends_at": starts_at + (slot.ends_at - slot.starts_at)}


def _on_day(slot, day):
    """The times of `slot` on `day` at the same wall-clock time of its venue."""
    zone = slot.venue.zone
    local = slot.starts_at.astimezone(zone)
    return times_at(slot, datetime.datetime.combine(day, local.time()), zone)


def slot_update(slot, **changes):
    if slot.is_screening:
        return screening_update(screening=slot, **changes)
    return activity_session_update(session=slot, **changes)


def slot_duplicate(slot, **times):
    if not slot.is_screening:
        return activity_session_create(
            activity=slot.activity, venue=slot.venue, is_sample=slot.is_sample, **times
        )
    fields = {
        name: getattr(slot, name) for name in ("film", "film_week", "venue", *SCREENING_COPIED)
    }
    return screening_create(guests=list(slot.guests.all()), **fields, **times)


SCREENING_COPIED = (
    "section_en",
    "section_zh",
    "language_note_en",
    "language_note_zh",
    "ticket_url",
    "is_sample",
)


def _bulk_step(slot, action, minutes, day):
    if action == BulkAction.CANCEL:
        return slot_update(slot, state=SlotState.CANCELLED)
    if action == BulkAction.SOLD_OUT:
        return slot_update(slot, state=SlotState.SOLD_OUT)
    if action == BulkAction.MOVE:
        return slot_update(slot, **_moved(slot, datetime.timedelta(minutes=minutes)))
    return slot_duplicate(slot, **_on_day(slot, day))


def slots_bulk_change(*, slots, action, minutes=0, day=None, on_written=None) -> list[str]:
    """Apply `action` to every slot, all or nothing: the errors, each naming its slot (none
    when everything was saved). Slots moved later are moved latest first (earliest first when
    moved earlier), so that a block does not run into the next one before that one moved.
    `on_written(slot, created)` is called for each slot saved (a duplicate is created), in the
    same transaction, so what it records is undone with the rest."""
    errors = []
    ordered = sorted(slots, key=lambda slot: slot.starts_at, reverse=minutes > 0)
    with transaction.atomic():
        for slot in ordered:
            name = slot.describe()
            try:
                with transaction.atomic():
                    written = _bulk_step(slot, action, minutes, day)
                    if on_written is not None:
                        on_written(written, action == BulkAction.DUPLICATE)
            except ValidationError as error:
                errors.extend(f"{name}: {message}" for message in error.messages)
            except EditConflict:
                errors.append(f"{name}: {stale_version_message()}")
        if errors:
            transaction.set_rollback(True)
    return errors


def stale_version_message():
    return gettext(
        "Someone else changed this item since the grid was loaded; reload the grid and try again."
    )
