"""Reads of the screenings pages, each with the select_related/prefetch_related its page needs,
and the pure functions that arrange what was read (schedule by day and venue, tour stops by
year and country)."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from alliance.base import Status
from alliance.drafts import visible
from alliance.models import Country
from filmweek.models import FilmWeek, Person
from screenings.models import ActivitySession, Screening, Tour, TourStop, Venue

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


def published_guests():
    return Prefetch("guests", queryset=Person.objects.published().order_by("name_en"))


def screening_rows():
    """Published screenings with what a schedule row shows (guests are prefetched by the
    caller, after paging)."""
    return Screening.objects.published().select_related("film", "venue", "film_week")


def session_rows():
    """Published activity sessions with what a schedule row shows."""
    return ActivitySession.objects.published().select_related("activity__film_week", "venue")


def schedule_film_weeks():
    """Published film weeks with at least one published screening or session, each with the
    start of its next slot and of its last one (for choosing the week shown by default)."""
    now = timezone.now()
    screenings = Screening.objects.published().filter(film_week=OuterRef("pk"))
    sessions = ActivitySession.objects.published().filter(activity__film_week=OuterRef("pk"))

    def first_start(slots):
        return Subquery(slots.order_by("starts_at").values("starts_at")[:1])

    def last_start(slots):
        return Subquery(slots.order_by("-starts_at").values("starts_at")[:1])

    return list(
        FilmWeek.objects.published()
        .filter(Exists(screenings) | Exists(sessions))
        .annotate(
            next_screening=first_start(screenings.filter(ends_at__gt=now)),
            next_session=first_start(sessions.filter(ends_at__gt=now)),
            last_screening=last_start(screenings),
            last_session=last_start(sessions),
        )
        .order_by("-year", "name_en", "pk")
    )


def default_film_week(film_weeks):
    """The film week with the soonest slot still to come; else the one that ended last."""

    def soonest(week):
        starts = [day for day in (week.next_screening, week.next_session) if day]
        return min(starts) if starts else None

    def latest(week):
        return max(day for day in (week.last_screening, week.last_session) if day)

    coming = [week for week in film_weeks if soonest(week)]
    if coming:
        return min(coming, key=soonest)
    return max(film_weeks, key=latest, default=None)


def schedule_venues():
    return list(Venue.objects.published().order_by("city_en", "name_en", "pk"))


def schedule_film_countries():
    """Production countries of the films of published screenings."""
    screenings = Screening.objects.published()
    return list(Country.objects.filter(film_countries__film__screenings__in=screenings).distinct())


def venue_pages(drafts=False):
    return visible(Venue, drafts).select_related("country")


def upcoming_at(venue, now=None):
    """The venue's published screenings and sessions still to come, by start."""
    screenings = screening_rows().filter(venue=venue).upcoming(now)
    sessions = session_rows().filter(venue=venue).upcoming(now)
    return in_time_order([*screenings.prefetch_related(published_guests()), *sessions])


def in_time_order(slots):
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.venue.name, slot.pk))


# The schedule, arranged


@dataclass
class VenueSlots:
    venue: Venue
    zone: datetime.tzinfo
    slots: list = field(default_factory=list)


@dataclass
class ScheduleDay:
    day: datetime.date
    venues: list[VenueSlots] = field(default_factory=list)


def schedule_order(slots, zone=None):
    """Slots by day (in `zone`, else each venue's own), then venue, then start."""

    def key(slot):
        venue = slot.venue
        return (slot.local_day(zone), venue.city, venue.name, venue.pk, slot.starts_at, slot.pk)

    return sorted(slots, key=key)


def by_day_and_venue(ordered_slots, zone=None) -> list[ScheduleDay]:
    """Group slots already in schedule_order() into days, then venues."""
    days = []
    for slot in ordered_slots:
        day = slot.local_day(zone)
        if not days or days[-1].day != day:
            days.append(ScheduleDay(day))
        venues = days[-1].venues
        if not venues or venues[-1].venue.pk != slot.venue.pk:
            venues.append(VenueSlots(slot.venue, zone or slot.venue.zone))
        venues[-1].slots.append(slot)
    return days
