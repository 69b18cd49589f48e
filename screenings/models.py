import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliance.base import (
    DatePrecision,
    Localized,
    Publishable,
    format_partial_date,
    normalise_partial_date,
)
from alliance.models import Country, FestivalEdition, Institution
from filmweek.models import Film, FilmWeek, Person


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(zone)s is not a known time zone, such as Asia/Shanghai."), params={"zone": value}
        )


class Venue(Publishable):
    slug = models.SlugField(unique=True, max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="venues")
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )

    name = Localized("name")
    city = Localized("city")

    class Meta:
        ordering = ["city_en", "name_en"]
        verbose_name = _("venue")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="venue_capacity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.name_en}, {self.city_en}"


class Screening(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        SOLD_OUT = "sold_out", _("Sold out")
        MOVED = "moved", _("Moved")

    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="screenings")
    film_week = models.ForeignKey(FilmWeek, on_delete=models.PROTECT, related_name="screenings")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="screenings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    section_en = models.CharField(_("section (English)"), max_length=120, blank=True)
    section_zh = models.CharField(_("section (Chinese)"), max_length=120, blank=True)
    language_note = models.CharField(
        _("language and subtitles"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Mandarin, English subtitles"),
    )
    ticket_url = models.URLField(_("ticket link"), blank=True)
    guests = models.ManyToManyField(Person, blank=True, related_name="screening_appearances")
    sequence = models.PositiveIntegerField(default=0, editable=False)

    section = Localized("section")

    class Meta:
        ordering = ["starts_at", "venue"]
        verbose_name = _("screening")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="screening_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["scheduled", "cancelled", "sold_out", "moved"]),
                name="screening_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["venue", "starts_at"], name="screening_venue_start")]

    def __str__(self):
        return f"{self.film} at {self.venue}, {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A screening ends after it starts.")})
        if self.ticket_url and not self.ticket_url.lower().startswith(("http://", "https://")):
            raise ValidationError({"ticket_url": _("Ticket links start with http:// or https://.")})


class Tour(Publishable):
    """A programme that sends films to member festivals (the Belt and Road Film Tour)."""

    slug = models.SlugField(unique=True, max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    organiser = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="tours")
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    name = Localized("name")
    description = Localized("description")

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("tour")
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("tour-detail", kwargs={"slug": self.slug})


class TourStop(models.Model):
    class Premiere(models.TextChoices):
        WORLD = "world", _("World premiere")
        INTERNATIONAL = "international", _("International premiere")
        NATIONAL = "national", _("National premiere")
        NONE = "", _("Not a premiere")

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="tour_stops")
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
    section_en = models.CharField(_("section (English)"), max_length=120, blank=True)
    section_zh = models.CharField(_("section (Chinese)"), max_length=120, blank=True)
    premiere = models.CharField(
        _("premiere status"), max_length=13, choices=Premiere.choices, blank=True
    )

    section = Localized("section")

    class Meta:
        ordering = ["-starts_on", "tour"]
        verbose_name = _("tour stop")
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
        return f"{self.film} at {self.host_edition}"

    @property
    def dates_display(self):
        return format_partial_date(self.starts_on, self.dates_precision)

    def clean(self):
        if self.starts_on:
            self.starts_on = normalise_partial_date(self.starts_on, self.dates_precision)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A tour stop ends on or after the day it starts.")})
