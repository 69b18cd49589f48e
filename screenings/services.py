"""Writes of screenings and activity sessions: validated with full_clean() (the overlap and
film week rules, named in the message), saved in one transaction, so a refused row leaves
nothing behind. The calendar SEQUENCE is raised by TimeSlot.save() when the time, place,
state or subject changes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from screenings.models import ActivitySession, Screening

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
