"""Years and dates as the sources give them: dates known only to a month or a year, and the
common value ranges as validators and as database conditions."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
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


def period_end(day: datetime.date, precision: str) -> datetime.date:
    """The last day a partial date stands for: "May 2020" counts everyone who joined in May."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return day


def last_ended_by(day: datetime.date, precision: str) -> datetime.date:
    """The latest date that, known to `precision`, stands for a period over by the end of `day`:
    `day` itself when it ends its month (year), else the last day of the month (year) before.
    On 15 April 2020 "March 2020" is over and "April 2020" is not."""
    if period_end(day, precision) == day:
        return day
    return normalise_partial_date(day, precision) - datetime.timedelta(days=1)


def format_partial_date(value, precision):
    """ "16 June 2018", "April 2020" or "2018", in the active language's format."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
