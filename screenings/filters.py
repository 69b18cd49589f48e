"""Filters of the schedule. Every value from the URL is checked against a fixed list (or parsed
as a date); a value that fails becomes a message beside its filter, the filter is not applied,
and the rest of the page still works. The API's screening and session lists take the same
FilterSet and refuse such a value instead (a 400 naming it).

The schedule shows screenings and activity sessions together, so the filter set builds both
lists itself instead of filtering one queryset."""

import datetime
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries import countries

from alliance.models import Country
from core.cache.versions import cached_choices
from core.db.facets import counted_by, grouped_counts
from core.forms import choice_filters
from core.forms.facets import CountedFilters
from core.forms.widgets import FastSelect
from core.models import active_suffix, in_language
from filmweek.filters import SLUG, film_week_choices
from filmweek.models import Activity, ActivityKind, Film, FilmCountry, FilmWeek
from screenings import queries
from screenings.models import (
    ActivitySession,
    Screening,
    Venue,
    known_time_zones,
    zone_named,
    zone_or_default,
)

UNKNOWN_VALUE = _("Unknown value: this filter is not applied.")
FILMS = "film"

# Offered in the time zone switch beside the zones of the venues; any other IANA name given in
# the URL (?tz=America/Lima) is accepted too.
COMMON_ZONES = [
    "UTC",
    "Africa/Cairo",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Almaty",
    "Asia/Bangkok",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tashkent",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Moscow",
]


def choice(**kwargs):
    kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
    kwargs.setdefault("method", "not_applied_here")
    kwargs.setdefault("widget", FastSelect)
    return choice_filters.ChoiceFilter(**kwargs)


def zone_label(name, now=None):
    """ "Europe/Moscow (UTC+03:00)", with the offset the zone has now."""
    moment = now or datetime.datetime.now(datetime.UTC)
    offset = moment.astimezone(zone_named(name)).strftime("%z")
    return f"{name} (UTC{offset[:3]}:{offset[3:]})"


def film_country_choices():
    """(code, name) of the production countries of scheduled films, in the active language;
    kept in the cache until a table they come from is written to."""

    def compute():
        names = dict(countries)  # every country's name in the active language, at once
        codes = queries.schedule_film_countries()
        return sorted(((code, names[code]) for code in codes), key=lambda choice: choice[1])

    tables = [Screening, FilmCountry, Film, FilmWeek, Venue, Country]
    return cached_choices("schedule-countries", tables, compute)


def venue_choices():
    """The venue and city choices, and the venues' time zones, in the active language; kept in
    the cache until a venue is written to."""

    def compute():
        venues = queries.schedule_venues()
        suffix = active_suffix()
        names = [
            (
                venue,
                in_language(venue["name_en"], venue["name_zh"], suffix),
                in_language(venue["city_en"], venue["city_zh"], suffix),
            )
            for venue in venues
        ]
        cities = {venue["city_en"]: city for venue, _name, city in names}
        separator = pgettext("between a venue and its city", ", ")
        return {
            "venue": [(venue["slug"], f"{name}{separator}{city}") for venue, name, city in names],
            "city": sorted(cities.items(), key=lambda item: item[1]),
            "zones": {venue["time_zone"] for venue in venues},
        }

    return cached_choices("schedule-venues", [Venue], compute)


def _starts_on(day, zone):
    """Slots starting on `day` in `zone`."""
    first = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    after = datetime.datetime.combine(day + datetime.timedelta(days=1), first.time(), tzinfo=zone)
    return Q(starts_at__gte=first, starts_at__lt=after)


def published_slots():
    return Screening.objects.published(), ActivitySession.objects.published()


# What each counted filter groups screenings and activity sessions by (None: sessions have none).
SLOT_FACETS = {
    "film_week": ("film_week__slug", "activity__film_week__slug"),
    "venue": ("venue__slug", "venue__slug"),
    "city": ("venue__city_en", "venue__city_en"),
    "country": ("film__film_countries__country__code", None),
    "kind": (Value(FILMS), "activity__kind"),
}


class ScheduleFilter(CountedFilters, django_filters.FilterSet):
    film_week = choice(
        label=_("Film week"),
        empty_label=None,
        error_messages={"invalid_choice": _("Unknown film week: the current one is shown.")},
    )
    day = django_filters.DateFilter(
        method="day_not_applied_here",
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Not a date (use YYYY-MM-DD): every day is shown.")},
    )
    venue = choice(label=_("Venue"), empty_label=_("All venues"))
    city = choice(label=_("City"), empty_label=_("All cities"))
    country = choice(label=_("Film country"), empty_label=_("All countries"))
    kind = choice(
        label=_("What"),
        empty_label=_("Screenings and activities"),
        choices=[(FILMS, _("Film screenings")), *ActivityKind.choices],
    )
    tz = choice(
        label=_("Show times in"),
        empty_label=_("Each venue's local time"),
        error_messages={
            "invalid_choice": _("Unknown time zone: each venue's local time is shown.")
        },
    )

    count_models = (
        Screening,
        ActivitySession,
        Activity,
        Venue,
        Film,
        FilmCountry,
        FilmWeek,
        Country,
    )

    def __init__(self, data=None, *, request=None, prefix=None):
        default_id = queries.default_film_week_id()
        asked = str((data or {}).get("film_week") or "")[:100]
        # Only a slug is looked up: anything else (a NUL, which PostgreSQL refuses) is simply
        # not a choice, and the form says so.
        self.film_weeks = queries.schedule_film_weeks(
            also_id=default_id, also_slug=asked if SLUG.fullmatch(asked) else None
        )
        defaults = [week for week in self.film_weeks if week.pk == default_id]
        self.default_film_week = defaults[0] if defaults else None
        if data is not None and not asked and self.default_film_week:
            # The week shown is the week the select shows as chosen.
            data = data.copy()
            data["film_week"] = self.default_film_week.slug
        super().__init__(data, Screening.objects.none(), request=request, prefix=prefix)
        self.filters["film_week"].extra["choices"] = film_week_choices(self.film_weeks)
        venues = venue_choices()
        self.filters["venue"].extra["choices"] = venues["venue"]
        self.filters["city"].extra["choices"] = venues["city"]
        self.venue_zones = venues["zones"]
        self.filters["country"].extra["choices"] = film_country_choices()
        self.filters["tz"].extra["choices"] = self.zone_choices(data)

    def zone_choices(self, data):
        names = self.venue_zones | set(COMMON_ZONES)
        asked = (data or {}).get("tz")
        if isinstance(asked, str) and asked in known_time_zones():
            names.add(asked)
        return [(name, zone_label(name)) for name in sorted(names & known_time_zones())]

    # The value's type hints name each parameter's type in the API's schema.
    def not_applied_here(self, queryset, name, value: str):
        """The filters are applied by chosen_slots(), to screenings and sessions alike."""
        return queryset

    def day_not_applied_here(self, queryset, name, value: datetime.date):
        """The day is applied to the slots' keys (keys), or by on_chosen_day()."""
        return queryset

    @cached_property
    def values(self):
        """The valid values given; an invalid one is left out (its message is on the form)."""
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def chosen_film_week(self):
        slug = self.values.get("film_week")
        chosen = [week for week in self.film_weeks if week.slug == slug]
        return chosen[0] if chosen else self.default_film_week

    @property
    def display_zone(self):
        """The zone the viewer chose, or None: each venue's own."""
        return zone_named(self.values.get("tz"))

    @property
    def chosen_day(self) -> datetime.date | None:
        return self.values.get("day")

    def chosen_slots(self, screenings, sessions, *, but=None):
        """`screenings` and `sessions` (querysets of published slots) of the chosen film week
        that pass every filter but the day, and but the filter named `but` if one is (those of
        every film week for "film_week"): the slots its options are counted over."""
        values = {name: value for name, value in self.values.items() if name != but}
        if but != "film_week":
            week = self.chosen_film_week
            if week is None:
                return screenings.none(), sessions.none()
            screenings = screenings.filter(film_week=week)
            sessions = sessions.filter(activity__film_week=week)
        return self.narrowed(screenings, sessions, values)

    def narrowed(self, screenings, sessions, values):
        """`screenings` and `sessions` that pass the venue, city, country and kind in `values`."""
        if "venue" in values:
            screenings = screenings.filter(venue__slug=values["venue"])
            sessions = sessions.filter(venue__slug=values["venue"])
        if "city" in values:
            screenings = screenings.filter(venue__city_en=values["city"])
            sessions = sessions.filter(venue__city_en=values["city"])
        if "country" in values:
            screenings = screenings.filter(film__film_countries__country__code=values["country"])
            sessions = sessions.none()  # activities have no film country
        kind = values.get("kind")
        if kind == FILMS:
            sessions = sessions.none()
        elif kind:
            screenings = screenings.none()
            sessions = sessions.filter(activity__kind=kind)
        return screenings, sessions

    def count_facets(self):
        """How many slots each option gives with the other filters, on the chosen day if one
        is: one query per filter, over screenings and sessions together."""
        counts = {}
        for name, (screening_by, session_by) in SLOT_FACETS.items():
            screenings, sessions = self.chosen_slots(*published_slots(), but=name)
            screenings, sessions = self.on_chosen_day(screenings), self.on_chosen_day(sessions)
            # The other facets count one week's slots; the film weeks', every week's.
            if name == "film_week" and not self.countable(screenings, sessions):
                continue
            counted = [counted_by(screenings, screening_by)]
            if session_by is not None:
                counted.append(counted_by(sessions, session_by))
            counts[name] = grouped_counts(*counted)
        return counts

    def counted_names(self):
        return list(SLOT_FACETS)

    def on_chosen_day(self, slots):
        """`slots` (a queryset of published slots) that start on the chosen day, if one is: in
        the zone shown, else in each venue's own, as the page's days are (schedule_keys), but in
        SQL, for a list paged by the database (the API's)."""
        day = self.chosen_day
        if day is None:
            return slots
        if not datetime.MINYEAR < day.year < datetime.MAXYEAR:
            return slots.none()  # no slot starts then, and its bounds have no UTC equivalent
        zone = self.display_zone
        if zone is not None:
            return slots.filter(_starts_on(day, zone))
        condition = Q()
        for name in self.venue_zones:
            condition |= Q(venue__time_zone=name) & _starts_on(day, zone_or_default(name))
        return slots.filter(condition) if condition else slots.none()

    @cached_property
    def week_keys(self):
        """The SlotKeys of the film week's screenings and sessions that pass every filter but
        the day, in schedule order (plain values: a slot's row is read only if it is shown)."""
        chosen = self.chosen_slots(*published_slots())
        return queries.schedule_keys(*chosen, self.display_zone)

    @property
    def keys(self):
        """week_keys on the chosen day, if one is."""
        day = self.chosen_day
        if day is None:
            return self.week_keys
        return [key for key in self.week_keys if key.day == day]

    def week_days(self):
        """The days that have slots in week_keys, for the day links."""
        return sorted({key.day for key in self.week_keys})

    def slots(self, screenings, sessions):
        """The slots of `screenings` and `sessions` (querysets of queries.screening_details() and
        session_details()) that pass every filter, in schedule order, with their details: every
        one is read (the schedule's calendar)."""
        zone, day = self.display_zone, self.chosen_day
        screenings, sessions = self.chosen_slots(screenings, sessions)
        slots = queries.with_details([*screenings, *sessions])
        ordered = queries.schedule_order(slots, zone)
        return [slot for slot in ordered if day is None or slot.local_day(zone) == day]
