"""The programme grid of a film week in the back office: venues as columns, days and hours as
rows, screenings and activity sessions as blocks in the hour they start. Every time is in the
venue's own zone, so a column reads as that venue's printed programme.

Three queries whatever the number of slots: the screenings (with film and venue), the
sessions (with activity and venue), and the venues when the week has no slot yet. A week of
300 screenings in 12 venues has some 1,600 cells, written as HTML by grid_html.py (bench/grid.py
measures the page against its 150 ms)."""

import datetime
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from screenings.grid_html import add_link_html, block_html, row_html
from screenings.models import ActivitySession, Screening, SlotState, Venue

FIRST_HOUR, LAST_HOUR = 9, 23  # the hours shown unless a slot starts outside them
MAX_DAYS = 31  # a film week with wrong dates must not make a page of years
SLOT_KINDS = {"screening": Screening, "session": ActivitySession}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


# What a block and a column's heading show: a film's row is wide (texts, search columns).
SLOT_FIELDS = ("version", "starts_at", "ends_at", "state")
VENUE_FIELDS = ("venue__name_en", "venue__name_zh", "venue__city_en", "venue__city_zh")
VENUE_FIELDS += ("venue__time_zone",)
TITLE_FIELDS = ("title_en", "title_zh")


def week_slots(film_week, *, with_sessions=True):
    """The film week's screenings and (`with_sessions`) activity sessions, with what their
    blocks show."""
    screenings = (
        Screening.objects.filter(film_week=film_week)
        .select_related("film", "venue")
        .only(*SLOT_FIELDS, *VENUE_FIELDS, "film__title_original", *_prefixed("film", TITLE_FIELDS))
    )
    slots = [("screening", slot) for slot in screenings]
    if with_sessions:
        sessions = (
            ActivitySession.objects.filter(activity__film_week=film_week)
            .select_related("activity", "venue")
            .only(*SLOT_FIELDS, *VENUE_FIELDS, *_prefixed("activity", TITLE_FIELDS))
        )
        slots += [("session", slot) for slot in sessions]
    return slots


def _prefixed(relation, fields):
    return [f"{relation}__{field}" for field in fields]


def local_clock(slot):
    """The slot's start on its venue's wall clock, as a block shows it ("19:30")."""
    start = slot.starts_at.astimezone(slot.venue.zone)
    return f"{start.hour:02d}:{start.minute:02d}"


def _block(kind, slot, change_urls, states, may_move):
    start = slot.starts_at.astimezone(slot.venue.zone)
    block = {
        "kind": kind,
        "id": slot.pk,
        "version": slot.version,
        "selection": f"{kind}:{slot.pk}:{slot.version}",
        "venue": slot.venue,
        "start": start,
        "time": local_clock(slot),
        "minute": start.minute,
        "title": slot.title,
        "state": states[slot.state],
        "cancelled": slot.state == SlotState.CANCELLED,
        "minutes": int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        "change_url": change_urls[kind].replace("/0/", f"/{slot.pk}/", 1),
    }
    return {**block, "html": block_html(block, may_move=may_move)}


def _days(film_week, blocks):
    first, last = film_week.starts_on, film_week.ends_on
    if first and last and first <= last:
        count = min((last - first).days + 1, MAX_DAYS)
        return [first + datetime.timedelta(days=n) for n in range(count)]
    return sorted({block["start"].date() for block in blocks})[:MAX_DAYS]


def _hours(blocks):
    starts = [block["start"].hour for block in blocks]
    return range(min([FIRST_HOUR, *starts]), max([LAST_HOUR, *starts]) + 1)


def _venues(blocks):
    by_pk = {block["venue"].pk: block["venue"] for block in blocks}
    if not by_pk:
        return list(Venue.objects.order_by("city_en", "name_en"))
    return sorted(by_pk.values(), key=lambda venue: (venue.city_en, venue.name_en))


def _placed(blocks):
    """{(venue pk, local day, hour): [blocks starting then]}, each list in time order."""
    placed = {}
    for block in sorted(blocks, key=lambda block: block["start"]):
        start = block["start"]
        placed.setdefault((block["venue"].pk, start.date(), start.hour), []).append(block)
    return placed


def _add_links(film_week, venues):
    """{venue pk: the add form's address but the start}: an empty slot adds a screening of
    this film week at that venue, starting then."""
    base = reverse("admin:screenings_screening_add")
    return {
        venue.pk: f"{base}?film_week={film_week.pk}&venue={venue.pk}&starts_at=" for venue in venues
    }


def _row(day, hour, venues, placed, add_links, add_label):
    start = f"{day.isoformat()}T{hour:02d}:00"
    cells = []
    for venue in venues:
        blocks = placed.get((venue.pk, day, hour), [])
        add_link = ""
        if add_links and not blocks:
            add_link = add_link_html(add_links[venue.pk] + quote(start), add_label)
        cells.append((venue.pk, start, "".join(block["html"] for block in blocks), add_link))
    return {"hour": f"{hour:02d}:00", "cells": row_html(cells)}


def programme_grid(film_week, *, may_add=False, may_move=False, with_sessions=False):
    """{"venues": [...], "days": [{"title", "short", "rows": [{"hour", "cells"}]}]}, a row's
    cells as HTML; with `may_add`, each empty cell links to the add form, prefilled; with
    `may_move`, blocks can be dragged and selected; activity sessions are shown only
    `with_sessions` (whoever may view them)."""
    change_urls = {
        kind: reverse(f"admin:screenings_{model._meta.model_name}_change", args=[0])
        for kind, model in SLOT_KINDS.items()
    }
    states = {state: str(label) for state, label in SlotState.choices}
    blocks = [
        _block(kind, slot, change_urls, states, may_move)
        for kind, slot in week_slots(film_week, with_sessions=with_sessions)
    ]
    venues = _venues(blocks)
    placed = _placed(blocks)
    add_links = _add_links(film_week, venues) if may_add else {}
    hours = _hours(blocks)
    add_label = escape(gettext("Add a screening here"))
    # Date formats of the language: Chinese writes "2023年6月12日 星期一", and a row "6月12日".
    title_format = pgettext("programme grid: a day's heading, a date format", "l j F Y")
    short_format = pgettext("programme grid: a row's day, a date format", "D j")
    days = [
        {
            "title": formats.date_format(day, title_format),
            "short": formats.date_format(day, short_format),
            "rows": [_row(day, hour, venues, placed, add_links, add_label) for hour in hours],
        }
        for day in _days(film_week, blocks)
    ]
    return {"film_week": film_week, "venues": venues, "days": days}
