"""Reads of the screenings pages, each with the select_related/prefetch_related its page needs,
and the pure functions that arrange what was read (schedule by day and venue, tour stops by
year and country)."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.utils import dateformat, timezone

from alliance.models import Country
from core.db.queries import read_connection, via
from core.models import Status, active_suffix, in_language
from core.views.addresses import Addresses
from core.views.drafts import visible
from filmweek.models import FilmCountry, FilmWeek, Person
from filmweek.queries import FILM_LINK, FILM_WEEK_LINK, PERSON_LINK
from screenings.models import (
    ActivitySession,
    Screening,
    Tour,
    TourStop,
    Venue,
    zone_or_default,
)

PUBLISHED = Status.PUBLISHED


# Tours


def visible_stops():
    """Tour stops of published films at editions of published hosts."""
    return TourStop.objects.filter(
        film__status=PUBLISHED, host_edition__institution__status=PUBLISHED
    )


def tour_pages(drafts=False):
    """Published tours (drafts too for a staff preview) with their stops of published films
    at editions of published hosts."""
    return (
        visible(Tour, drafts)
        .select_related("organiser")
        .prefetch_related(
            Prefetch(
                "stops",
                queryset=visible_stops()
                .select_related("film", "host_edition__institution__country")
                .order_by("-starts_on", "film__title_en"),
            )
        )
    )


def tour_list():
    """Published tours with the counts their card shows, by name."""
    shown = Q(stops__film__status=PUBLISHED, stops__host_edition__institution__status=PUBLISHED)
    return (
        Tour.objects.published()
        .select_related("organiser")
        .annotate(
            stop_count=Count("stops", filter=shown, distinct=True),
            film_count=Count("stops__film", filter=shown, distinct=True),
            host_count=Count("stops__host_edition__institution", filter=shown, distinct=True),
            country_count=Count(
                "stops__host_edition__institution__country", filter=shown, distinct=True
            ),
            first_stop_on=Min("stops__starts_on", filter=shown),
            last_stop_on=Max("stops__starts_on", filter=shown),
        )
        .order_by("name_en", "pk")
    )


@dataclass
class CountryStops:
    country: Country | None  # None: a host without a country (an international body)
    stops: list


@dataclass
class YearStops:
    year: int
    countries: list[CountryStops]


def stops_by_year_and_country(stops) -> list[YearStops]:
    """Stops grouped by year (newest first), then by the host's country (by name); no query
    when the stops come from tour_pages()."""

    def country_of(stop):
        return stop.host_edition.institution.country

    def country_key(stop):
        country = country_of(stop)
        return (country is None, str(country.name) if country else "")

    ordered = sorted(stops, key=lambda stop: (stop.starts_on, stop.film.title))
    ordered.sort(key=country_key)
    ordered.sort(key=lambda stop: stop.starts_on.year, reverse=True)
    years = []
    for year, in_year in groupby(ordered, key=lambda stop: stop.starts_on.year):
        countries = [
            CountryStops(country_of(group[0]), group)
            for group in (list(rows) for _key, rows in groupby(in_year, key=country_key))
        ]
        years.append(YearStops(year, countries))
    return years


def tour_figures(stops):
    """Stops, distinct films, host festivals and their countries of a tour's stops."""
    institutions = {stop.host_edition.institution for stop in stops}
    return {
        "stops": len(stops),
        "films": len({stop.film_id for stop in stops}),
        "hosts": len(institutions),
        "countries": len({inst.country_id for inst in institutions if inst.country_id}),
    }


# Screenings and activity sessions

# The columns a row of screenings or sessions shows of its venue, its film and its film week
# (a link and a name), read instead of every column: synopses, descriptions and search texts
# are long.
VENUE_ROW = ("slug", "name_en", "name_zh", "city_en", "city_zh", "time_zone")
SLOT_ROW = ("starts_at", "ends_at", "state", "is_sample")
SCREENING_ROW = (*SLOT_ROW, "section_en", "section_zh", "language_note_en", "language_note_zh")
SCREENING_ROW += ("ticket_url", *via("venue", VENUE_ROW), *via("film", FILM_LINK))
SESSION_ROW = (*SLOT_ROW, *via("venue", VENUE_ROW), *via("activity", ("kind", "title_en")))
SESSION_ROW += ("activity__title_zh", *via("activity__film_week", FILM_WEEK_LINK))
# A calendar's events say more: the venue's address, the film week, the activity's description
# and the revision of each slot (the venue page's list reads these too). The slots of a venue or
# a film week name few venues and film weeks: each is read once, after the slots (with_details),
# not once with each slot.
SLOT_EVENT = (*SLOT_ROW, "sequence", "updated_at", "venue")
SCREENING_EVENT = (*SLOT_EVENT, "section_en", "section_zh", "language_note_en")
SCREENING_EVENT += ("language_note_zh", "ticket_url", "film_week", *via("film", FILM_LINK))
SESSION_EVENT = (*SLOT_EVENT, *via("activity", ("kind", "title_en", "title_zh", "film_week")))
SESSION_EVENT += ("activity__description_en", "activity__description_zh")
EVENT_VENUE = (*VENUE_ROW, "address")


def published_guests():
    """The published Q&A guests of screenings, by name, as `published_guests` (a list: a
    prefetch into the `guests` manager costs a queryset for each screening)."""
    return Prefetch(
        "guests",
        queryset=Person.objects.published().only(*PERSON_LINK).order_by("name_en"),
        to_attr="published_guests",
    )


def guests_of(screening):
    """The published Q&A guests of a screening: prefetched as `published_guests` by the
    screenings' queries, else into the `guests` relation (as the film, person and film week
    pages read them)."""
    guests = getattr(screening, "published_guests", None)
    return screening.guests.all() if guests is None else guests


def screening_details(*, joined=False):
    """Published screenings with what their calendar events and the rows of the venue page say
    but their guests, and but their venues and film weeks unless `joined` (with_details reads
    what is missing)."""
    screenings = Screening.objects.published()
    if joined:
        return screenings.select_related("film", "venue", "film_week").only(
            *SCREENING_EVENT, *via("venue", EVENT_VENUE), *via("film_week", FILM_WEEK_LINK)
        )
    return screenings.select_related("film").only(*SCREENING_EVENT)


def session_details(*, joined=False):
    """Published activity sessions with what their calendar events and the rows of the venue
    page say, but their venues and film weeks unless `joined` (with_details reads what is
    missing)."""
    sessions = ActivitySession.objects.published()
    if joined:
        return sessions.select_related("activity__film_week", "venue").only(
            *SESSION_EVENT, *via("venue", EVENT_VENUE), *via("activity__film_week", FILM_WEEK_LINK)
        )
    return sessions.select_related("activity").only(*SESSION_EVENT)


def with_details(slots):
    """Prefetch what `slots` (of screening_details() and session_details()) show of their
    guests, and of their venues and film weeks unless joined: a query for each, each venue and
    film week read once however many slots it has (the slots of a venue or of a film week have
    one of them and few of the other)."""
    screenings = [slot for slot in slots if slot.is_screening]
    sessions = [slot for slot in slots if not slot.is_screening]
    venues = Prefetch("venue", queryset=Venue.objects.only(*EVENT_VENUE))
    film_weeks = FilmWeek.objects.only(*FILM_WEEK_LINK)
    prefetch_related_objects(
        screenings, venues, Prefetch("film_week", queryset=film_weeks), published_guests()
    )
    prefetch_related_objects(sessions, venues, Prefetch("activity__film_week", queryset=film_weeks))
    return slots


RECENT_SCHEDULE_WEEKS = 30


def _ends_and_weeks():
    """(end, film week id) of the published screenings and of the activity sessions."""
    screenings = Screening.objects.published().values_list("ends_at", "film_week")
    sessions = ActivitySession.objects.published().values_list("ends_at", "activity__film_week")
    return screenings, sessions


def _first_of_each(querysets):
    """The first row of each queryset, in one query: a UNION ALL of the parts, each read down
    its own index with its own ORDER BY and LIMIT. Django's union() cannot order the parts on
    SQLite; a part wrapped in a FROM subquery can be ordered on both databases."""
    connection = read_connection(querysets[0].model)
    parts = [
        queryset[:1].query.get_compiler(connection=connection).as_sql() for queryset in querysets
    ]
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({part}) part_{index}" for index, (part, _) in enumerate(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        return cursor.fetchall()


def default_film_week_id(now=None):
    """The film week of the first slot not over yet (the one that ends soonest); else of the
    slot that ended last. Reads down the slots' ends_at indexes, whatever the number of film
    weeks and slots: one query when a slot is still to come, a second one when none is. (The
    four parts in one query took 3 ms more at 1M screenings, PostgreSQL setting up the memoized
    joins of both screening parts; two parts take 0.1 ms.)"""
    screenings, sessions = _ends_and_weeks()
    now = now or timezone.now()
    rows = _first_of_each(
        [
            screenings.upcoming(now).order_by("ends_at"),
            sessions.upcoming(now).order_by("ends_at"),
        ]
    )
    if rows:
        return min((_moment(ends_at), film_week) for ends_at, film_week in rows)[1]
    rows = _first_of_each([screenings.order_by("-ends_at"), sessions.order_by("-ends_at")])
    return max((_moment(ends_at), film_week) for ends_at, film_week in rows)[1] if rows else None


def _moment(value):
    """A datetime from a raw cursor: SQLite gives the text it stores (UTC)."""
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return value


def schedule_film_weeks(*, also_id=None, also_slug=None):
    """The film weeks offered by the schedule: the RECENT_SCHEDULE_WEEKS latest published ones
    with a published screening or session, plus the one of `also_id` (the default, which has
    one: see default_film_week_id) and the one of `also_slug` (chosen in the URL, perhaps an
    older edition) if it has one too; newest first, with what the schedule shows of them. A
    second query reads those two when the latest do not include them: asking for all of them
    in one query reads every film week."""
    screenings = Screening.objects.filter(
        film_week=OuterRef("pk"), film__status=PUBLISHED, venue__status=PUBLISHED
    )
    sessions = ActivitySession.objects.filter(
        activity__film_week=OuterRef("pk"), venue__status=PUBLISHED
    )
    weeks = FilmWeek.objects.published().only(*FILM_WEEK_LINK).order_by("-year", "name_en", "pk")
    with_slots = Q(Exists(screenings) | Exists(sessions))
    latest = list(weeks.filter(with_slots)[:RECENT_SCHEDULE_WEEKS])
    missing = Q()
    if also_id is not None and all(week.pk != also_id for week in latest):
        # The default week is that of a published slot: no need to look for one.
        missing |= Q(pk=also_id)
    if also_slug is not None and all(week.slug != also_slug for week in latest):
        missing |= Q(slug=also_slug) & with_slots
    # Any other film week comes after the latest ones, in the same order.
    return latest + list(weeks.filter(missing)) if missing else latest


def schedule_venues():
    """The published venues as plain values: what the venue and city choices show."""
    return list(
        Venue.objects.published()
        .order_by("city_en", "name_en", "pk")
        .values("slug", "name_en", "name_zh", "city_en", "city_zh", "time_zone")
    )


def schedule_film_countries():
    """The codes of the production countries of the films of published screenings."""
    screened = Screening.objects.filter(
        film=OuterRef("film"), film_week__status=PUBLISHED, venue__status=PUBLISHED
    )
    made_here = FilmCountry.objects.filter(
        Exists(screened), film__status=PUBLISHED, country=OuterRef("pk")
    )
    return list(Country.objects.filter(Exists(made_here)).values_list("code", flat=True))


def venue_pages(drafts=False):
    return visible(Venue, drafts).select_related("country")


def upcoming_at(venue, now=None, limit=None):
    """The venue's published screenings and sessions still to come, by start; the first
    `limit` of them when given, with their details (with_details: the venue read once)."""
    parts = [screening_details(), session_details()]
    slots = [
        slot
        for part in parts
        for slot in part.filter(venue=venue).upcoming(now).order_by("starts_at", "pk")[:limit]
    ]
    # At one venue, time order (in_time_order) is by start, then key.
    chosen = sorted(slots, key=lambda slot: (slot.starts_at, slot.pk))[:limit]
    return with_details(chosen)


def in_time_order(slots):
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.venue.name, slot.pk))


# The schedule, arranged


class SlotKey(NamedTuple):
    """A slot of the schedule as its order, its days and its pages need it: plain values, in
    the order they sort by (day in the zone shown, the venue's city and name, start)."""

    day: datetime.date
    city: str
    venue_name: str
    venue_id: int
    starts_at: datetime.datetime
    pk: int
    is_session: bool


KEY_COLUMNS = ("pk", "starts_at", "venue_id", "venue__time_zone")
KEY_COLUMNS += ("venue__city_en", "venue__city_zh", "venue__name_en", "venue__name_zh")


def schedule_keys(screenings, sessions, zone=None) -> list[SlotKey]:
    """The SlotKeys of the published slots `screenings` and `sessions` (querysets), in schedule
    order: by day (in `zone`, else each venue's own), then venue (by city and name in the active
    language), then start. A query of plain values for each, however many slots there are; a
    slot's row is read only if its page shows it (schedule_rows)."""
    suffix = active_suffix()
    zones = {}
    keys = []
    for is_session, part in ((False, screenings), (True, sessions)):
        for pk, starts_at, venue_id, time_zone, *names in part.order_by().values_list(*KEY_COLUMNS):
            shown_in = (
                zone
                or zones.get(time_zone)
                or zones.setdefault(time_zone, zone_or_default(time_zone))
            )
            city_en, city_zh, name_en, name_zh = names
            keys.append(
                SlotKey(
                    starts_at.astimezone(shown_in).date(),
                    in_language(city_en, city_zh, suffix),
                    in_language(name_en, name_zh, suffix),
                    venue_id,
                    starts_at,
                    pk,
                    is_session,
                )
            )
    keys.sort()
    return keys


def schedule_rows(keys):
    """The slots of `keys` (SlotKeys) in that order, with what a row of them shows: a query for
    the screenings and one for the sessions among them (by primary key) and one for the
    screenings' published Q&A guests."""
    wanted = {False: [], True: []}
    for key in keys:
        wanted[key.is_session].append(key.pk)
    parts = {
        False: Screening.objects.select_related("film", "venue")
        .only(*SCREENING_ROW)
        .prefetch_related(published_guests()),
        True: ActivitySession.objects.select_related("activity__film_week", "venue").only(
            *SESSION_ROW
        ),
    }
    found = {
        (is_session, slot.pk): slot
        for is_session, pks in wanted.items()
        if pks
        for slot in parts[is_session].filter(pk__in=pks)
    }
    # A slot deleted since its key was read is left out.
    return [slot for key in keys if (slot := found.get((key.is_session, key.pk)))]


@dataclass
class VenueSlots:
    venue: Venue
    zone: datetime.tzinfo
    url: str  # the venue's page
    slots: list = field(default_factory=list)

    @property
    def offset(self):
        """The UTC offset of the first slot in the zone shown, as the date format "O" writes
        it ("+0800"): the one the block's heading names."""
        return dateformat.format(self.slots[0].starts_at.astimezone(self.zone), "O")


@dataclass
class ScheduleDay:
    day: datetime.date
    venues: list[VenueSlots] = field(default_factory=list)

    @property
    def anchor(self):
        """ "day-20230612": the id of the day's heading."""
        return f"day-{self.day.year:04d}{self.day.month:02d}{self.day.day:02d}"


def schedule_order(slots, zone=None):
    """Slots (model instances) in the order of schedule_keys()."""

    def key(slot):
        venue = slot.venue
        day = slot.local_day(zone)
        return (
            day,
            venue.city,
            venue.name,
            venue.pk,
            slot.starts_at,
            slot.pk,
            not slot.is_screening,
        )

    return sorted(slots, key=key)


def by_day_and_venue(keys, slots, zone=None) -> list[ScheduleDay]:
    """Group `slots` (the slots of `keys`, SlotKeys in schedule order) into days, then venues."""
    days = []
    chosen = {(key.is_session, key.pk): key for key in keys}
    addresses = Addresses()
    for slot in slots:
        day = chosen[not slot.is_screening, slot.pk].day
        if not days or days[-1].day != day:
            days.append(ScheduleDay(day))
        venues = days[-1].venues
        if not venues or venues[-1].venue.pk != slot.venue_id:
            venue = slot.venue
            url = addresses("venue-detail", venue.slug)
            venues.append(VenueSlots(venue, zone or venue.zone, url))
        venues[-1].slots.append(slot)
    return days
