"""Abstract models and field helpers shared by every app's models."""

from core.models.bilingual import Localized, active_suffix, in_language
from core.models.dates import (
    YEAR_MAX,
    YEAR_MIN,
    DatePrecision,
    format_partial_date,
    normalise_partial_date,
    positive,
    year_in_range,
    year_validators,
)
from core.models.history import catalog_history
from core.models.publishing import Publishable, PublishableQuerySet, Status
from core.models.versioning import EditConflict, Versioned, current_version

__all__ = [
    "YEAR_MAX",
    "YEAR_MIN",
    "DatePrecision",
    "EditConflict",
    "Localized",
    "Publishable",
    "PublishableQuerySet",
    "Status",
    "Versioned",
    "active_suffix",
    "catalog_history",
    "current_version",
    "format_partial_date",
    "in_language",
    "normalise_partial_date",
    "positive",
    "year_in_range",
    "year_validators",
]
