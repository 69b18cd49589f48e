import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import Country, FestivalEdition, Institution
from core.models import (
    Bilingual,
    DatePrecision,
    Publishable,
    Status,
    Versioned,
    catalog_history,
    format_partial_date,
    normalise_partial_date,
    related_or_none,
    related_text,
)
from filmweek.models import Activity, Film, FilmWeek, Person


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name):
    """The time zone called `name` (an IANA name such as "Europe/Moscow"), or None for anything
    else: the names come from URLs too, so nothing here may raise."""
    if not isinstance(name, str) or name not in known_time_zones():
        return None
    return zoneinfo.ZoneInfo(name)


DEFAULT_ZONE = "Asia/Shanghai"


def zone_or_default(name):
    """The time zone called `name`, else Asia/Shanghai: the zone of a venue whose stored name
    is not a known zone."""
    return zone_named(name) or zoneinfo.ZoneInfo(DEFAULT_ZONE)


def validate_time_zone(value):
    if zone_named(value) is None:
        raise ValidationError(
            _("%(zone)s is not a known time zone, such as Asia/Shanghai."), params={"zone": value}
        )


def in_zone(naive: datetime.datetime, zone) -> datetime.datetime:
    """`naive` as a time in `zone`; a time the clocks skip (02:30 when they go from 02:00 to
    03:00) is refused rather than silently moved."""
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks skip it."),
            code="nonexistent_time",
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": str(zone)},
        )
    return aware


SAMPLE_HELP = _(
    "Made up by the demo loader to show the site's features, not a fact of the sources; "
    "manage.py remove_sample_data deletes it."
)


class Venue(Versioned, Publishable):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    city = Bilingual(
        models.CharField, _("city (English)"), _("city (Chinese)"), max_length=100, required=True
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="venues", verbose_name=_("country")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=SAMPLE_HELP)

    history = catalog_history()

    class Meta:
        ordering = ["city_en", "name_en"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="venue_capacity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.name_en}, {self.city_en}"

    def get_absolute_url(self):
        return reverse("venue-detail", kwargs={"slug": self.slug})

    @property
    def zone(self):
        """The venue's time zone; Asia/Shanghai if the stored name is not a known zone."""
        return zone_or_default(self.time_zone)


class SlotState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    SOLD_OUT = "sold_out", _("Sold out")
    MOVED = "moved", _("Moved")


class SlotQuerySet(models.QuerySet):
    def occupying(self):
        """Slots that hold their venue's time. A cancelled screening stays on the schedule,
        struck through, but frees its slot for another screening."""
        return self.exclude(state=SlotState.CANCELLED)

    def overlapping(self, venue, starts_at, ends_at):
        """Slots of `venue` that share any moment of [starts_at, ends_at): one ending at 14:00
        does not overlap one starting at 14:00."""
        return self.filter(venue=venue, starts_at__lt=ends_at, ends_at__gt=starts_at)

    def upcoming(self, now=None):
        """Slots that have not ended yet."""
        return self.filter(ends_at__gt=now or timezone.now())


class TimeSlot(models.Model):
    """What screenings and activity sessions share: a venue's time, a state, and the SEQUENCE
    number their calendar events carry.

    `sequence` goes up by one whenever a saved slot changes one of its `calendar_fields`, so
    that calendar programs replace the event they hold instead of keeping the old time. A
    "moved" slot shows its new time and place (which it occupies); a cancelled one is kept."""

    State = SlotState

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(
        _("state"), max_length=10, choices=SlotState.choices, default=SlotState.SCHEDULED
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=SAMPLE_HELP)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    calendar_fields = ("venue_id", "starts_at", "ends_at", "state")

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding and self.pk is not None and self._calendar_changed(update_fields):
            self.sequence += 1
            if update_fields is not None:
                update_fields = {*update_fields, "sequence"}
        super().save(*args, update_fields=update_fields, **kwargs)
        self._saved_calendar_values = self._calendar_values()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_calendar_values = instance._calendar_values()
        return instance

    def _calendar_values(self, names=None):
        # __dict__, not getattr: a deferred field must not cost a query here.
        return tuple(self.__dict__.get(name) for name in names or self.calendar_fields)

    def _calendar_changed(self, update_fields):
        names = self.calendar_fields
        if update_fields is not None:
            chosen = {name.removesuffix("_id") for name in update_fields}
            names = tuple(name for name in names if name.removesuffix("_id") in chosen)
            if not names:
                return False
        saved = getattr(self, "_saved_calendar_values", None)
        if saved is None:
            saved = type(self)._default_manager.filter(pk=self.pk).values_list(*names).first()
            return saved is not None and tuple(saved) != self._calendar_values(names)
        saved_by_name = dict(zip(self.calendar_fields, saved, strict=True))
        return tuple(saved_by_name[name] for name in names) != self._calendar_values(names)

    @property
    def is_cancelled(self):
        return self.state == SlotState.CANCELLED

    def local_day(self, zone=None):
        """The day the slot starts on in `zone` (its venue's zone by default): a screening from
        23:30 to 01:30 belongs to the day it starts."""
        return self.starts_at.astimezone(zone or self.venue.zone).date()

    def describe(self):
        """How a message names this slot, in the active language: its title (the film's or
        the activity's), venue and local times."""
        return f"“{self.title}”, {self.venue.name}, {self.local_times_text()}"

    def local_times_text(self):
        """ "2023-06-12 19:00–21:00 (Asia/Shanghai)" in the venue's time (UTC in a past version
        whose venue was deleted since), for messages."""
        venue = related_or_none(self, "venue")
        zone, zone_name = (venue.zone, venue.time_zone) if venue else (datetime.UTC, "UTC")
        start, end = self.starts_at.astimezone(zone), self.ends_at.astimezone(zone)
        end_format = "%H:%M" if end.date() == start.date() else "%Y-%m-%d %H:%M"
        return f"{start:%Y-%m-%d %H:%M}–{end.strftime(end_format)} ({zone_name})"

    def clean_times(self):
        """Errors of the times alone; True when they are usable for the checks that follow."""
        if self.starts_at is None or self.ends_at is None:
            return False
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": self.ends_after_start_message})
        return True

    def clean_within(self, film_week):
        """The slot starts on a day of its film week, in the venue's time zone; in its year
        when it has no dates yet. A film week with one of its dates is not checked on the
        missing side.

        Only clean() holds this rule (and so every path that writes slots: the admin's forms,
        the import, the services), no database constraint: the day is the venue's local day,
        which SQLite cannot compute (it has no time zones), and the rule spans the slot, its
        film week and its venue."""
        if film_week is None or self.venue_id is None:
            return
        day = self.local_day()
        first, last = film_week.starts_on, film_week.ends_on
        if first is None and last is None:
            if day.year != film_week.year:
                raise self.outside_error(
                    _(
                        "This starts on %(day)s (%(zone)s time), outside %(year)s, the year of "
                        "%(film_week)s, which has no dates yet."
                    ),
                    "outside_film_week_year",
                    film_week,
                    day,
                    year=film_week.year,
                )
        elif (first and day < first) or (last and day > last):
            raise self.outside_error(
                _(
                    "This starts on %(day)s (%(zone)s time), outside the dates of %(film_week)s: "
                    "%(dates)s."
                ),
                "outside_film_week",
                film_week,
                day,
                dates=film_week_dates_text(film_week),
            )

    def outside_error(self, message, code, film_week, day, **params):
        """The error of a slot that starts on `day`, outside its film week."""
        params |= {
            "day": day.isoformat(),
            "zone": self.venue.time_zone,
            "film_week": f"{film_week.name} {film_week.year}",
        }
        return ValidationError({"starts_at": ValidationError(message, code=code, params=params)})


def film_week_dates_text(film_week):
    first, last = film_week.starts_on, film_week.ends_on
    if first and last:
        return f"{first.isoformat()} – {last.isoformat()}"
    if first:
        return _("from %(day)s") % {"day": first.isoformat()}
    return _("until %(day)s") % {"day": last.isoformat()}


class ScreeningQuerySet(SlotQuerySet):
    def published(self):
        """Screenings of published films in published film weeks at published venues."""
        return self.filter(
            film__status=Status.PUBLISHED,
            film_week__status=Status.PUBLISHED,
            venue__status=Status.PUBLISHED,
        )


class Screening(Versioned, TimeSlot):
    """A film shown at a venue. No two screenings that are not cancelled overlap in one venue:
    an exclusion constraint on PostgreSQL and triggers on SQLite (migration 0003) hold the
    rule, and clean() states it naming the screening already there."""

    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("film")
    )
    film_week = models.ForeignKey(
        FilmWeek, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("film week")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("venue")
    )
    section = Bilingual(
        models.CharField, _("section (English)"), _("section (Chinese)"), max_length=120
    )
    language_note = Bilingual(
        models.CharField,
        _("language and subtitles (English)"),
        _("language and subtitles (Chinese)"),
        max_length=120,
        en={"help_text": _("e.g. Mandarin, English subtitles")},
        zh={"help_text": _("e.g. 普通话，英文字幕")},
    )
    ticket_url = models.URLField(_("ticket link"), blank=True)
    guests = models.ManyToManyField(
        Person,
        blank=True,
        related_name="screening_appearances",
        verbose_name=_("Q&A guests"),
    )

    objects = ScreeningQuerySet.as_manager()

    calendar_fields = (*TimeSlot.calendar_fields, "film_id")
    is_screening = True
    ends_after_start_message = _("A screening ends after it starts.")

    history = catalog_history("sequence")

    class Meta:
        ordering = ["starts_at", "venue"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="screening_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["scheduled", "cancelled", "sold_out", "moved"]),
                name="screening_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["venue", "starts_at"], name="screening_venue_start"),
            # The schedule's default week: the first slot not over yet, else the last one.
            models.Index(fields=["ends_at"], name="screening_end"),
        ]

    def __str__(self):
        film, venue = related_text(self, "film"), related_text(self, "venue")
        return f"{film} at {venue}, {self.local_times_text()}"

    @property
    def title(self):
        return self.film.title

    def clean(self):
        times_usable = self.clean_times()
        if self.ticket_url and not self.ticket_url.lower().startswith(("http://", "https://")):
            raise ValidationError({"ticket_url": _("Ticket links start with http:// or https://.")})
        if not times_usable or self.venue_id is None:
            return
        if self.film_week_id is not None:
            self.clean_within(self.film_week)
        self.clean_no_overlap()

    def clean_no_overlap(self):
        if self.is_cancelled:
            return
        conflict = (
            Screening.objects.occupying()
            .overlapping(self.venue_id, self.starts_at, self.ends_at)
            .exclude(pk=self.pk)
            .select_related("film", "venue")
            .order_by("starts_at")
            .first()
        )
        if conflict is not None:
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _("This venue already has a screening at this time: %(screening)s."),
                        code="overlap",
                        params={"screening": conflict.describe()},
                    )
                }
            )


class ActivitySessionQuerySet(SlotQuerySet):
    def published(self):
        """Sessions of activities of published film weeks at published venues."""
        return self.filter(
            activity__film_week__status=Status.PUBLISHED, venue__status=Status.PUBLISHED
        )


class ActivitySession(Versioned, TimeSlot):
    """A forum, industry dialogue or market promotion of a film week held at a venue at a
    time, so that it appears on the schedule beside the screenings. Sessions do not take part
    in the no-overlap rule: it guards a venue's screen, and talks are often held in another
    room of the same building."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="activity_sessions", verbose_name=_("venue")
    )

    objects = ActivitySessionQuerySet.as_manager()

    calendar_fields = (*TimeSlot.calendar_fields, "activity_id")
    is_screening = False
    ends_after_start_message = _("A session ends after it starts.")

    history = catalog_history("sequence")

    class Meta:
        ordering = ["starts_at", "venue"]
        verbose_name = _("activity session")
        verbose_name_plural = _("activity sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="activity_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(state__in=SlotState.values), name="activity_session_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["venue", "starts_at"], name="activity_session_venue_start"),
            models.Index(fields=["ends_at"], name="activity_session_end"),
        ]

    def __str__(self):
        activity = related_or_none(self, "activity")
        title = activity.title_en if activity else related_text(self, "activity")
        return f"{title} at {related_text(self, 'venue')}, {self.local_times_text()}"

    @property
    def title(self):
        return self.activity.title

    @property
    def film_week(self):
        return self.activity.film_week

    def clean(self):
        if self.clean_times() and self.activity_id is not None:
            self.clean_within(self.activity.film_week)


class Tour(Versioned, Publishable):
    """A programme that sends films to member festivals (the Belt and Road Film Tour)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    organiser = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="tours", verbose_name=_("organiser")
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )

    history = catalog_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("tour-detail", kwargs={"slug": self.slug})


class TourStop(Versioned):
    class Premiere(models.TextChoices):
        WORLD = "world", _("World premiere")
        INTERNATIONAL = "international", _("International premiere")
        NATIONAL = "national", _("National premiere")
        NONE = "", _("Not a premiere")

    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="stops", verbose_name=_("tour")
    )
    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="tour_stops", verbose_name=_("film")
    )
    host_edition = models.ForeignKey(
        FestivalEdition,
        on_delete=models.PROTECT,
        related_name="tour_stops",
        verbose_name=_("host festival edition"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    dates_precision = models.CharField(
        _("dates known to"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    section = Bilingual(
        models.CharField, _("section (English)"), _("section (Chinese)"), max_length=120
    )
    premiere = models.CharField(
        _("premiere status"), max_length=13, choices=Premiere.choices, blank=True
    )

    history = catalog_history()

    class Meta:
        ordering = ["-starts_on", "tour"]
        verbose_name = _("tour stop")
        verbose_name_plural = _("tour stops")
        constraints = [
            models.UniqueConstraint(
                fields=["tour", "film", "host_edition"], name="tour_stop_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tour_stop_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(premiere__in=["world", "international", "national", ""]),
                name="tour_stop_premiere_valid",
            ),
        ]

    def __str__(self):
        return f"{related_text(self, 'film')} at {related_text(self, 'host_edition')}"

    @property
    def dates_display(self):
        return format_partial_date(self.starts_on, self.dates_precision)

    def clean(self):
        if self.starts_on:
            self.starts_on = normalise_partial_date(self.starts_on, self.dates_precision)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A tour stop ends on or after the day it starts.")})
