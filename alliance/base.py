"""Building blocks shared by the models of every app: publication status, English/Chinese
text pairs, dates known only to a month or a year, and the common value ranges."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

YEAR_MIN = 1880  # the first films
YEAR_MAX = 2100
year_validators = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


def year_in_range(field_name):
    """The database form of `year_validators`, for a (nullable) year column."""
    return models.Q(**{f"{field_name}__isnull": True}) | models.Q(
        **{f"{field_name}__gte": YEAR_MIN, f"{field_name}__lte": YEAR_MAX}
    )


def positive(field_name):
    return models.Q(**{f"{field_name}__isnull": True}) | models.Q(**{f"{field_name}__gte": 1})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Publishable(models.Model):
    """A record with a public page or listing: drafts are seen by staff only."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            )
        ]

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def active_suffix():
    """The column suffix of the active language: `zh` for Chinese, `en` otherwise."""
    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


class Localized:
    """`name = Localized("name")` reads `name_zh` or `name_en` for the active language,
    falling back to the other one when the active one is empty."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        first = active_suffix()
        second = "en" if first == "zh" else "zh"
        return getattr(instance, f"{self.field}_{first}") or getattr(
            instance, f"{self.field}_{second}"
        )


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def normalise_partial_date(value: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def format_partial_date(value, precision):
    """ "16 June 2018", "April 2020" or "2018", in the active language's format."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def edition_name(number, name, language_suffix=None):
    """ "45th Moscow International Film Festival" / "第45届莫斯科国际电影节"."""
    if not number:
        return name
    if (language_suffix or active_suffix()) == "zh":
        return f"第{number}届{name}"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix} {name}"
