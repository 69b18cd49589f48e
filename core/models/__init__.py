"""Abstract models and field helpers shared by every app's models."""

from core.models.aliases import Aliased
from core.models.bilingual import Bilingual, Localized, active_suffix, in_language
from core.models.dates import (
    YEAR_MAX,
    YEAR_MIN,
    DatePrecision,
    format_partial_date,
    last_ended_by,
    normalise_partial_date,
    period_end,
    positive,
    year_in_range,
    year_validators,
)
from core.models.history import catalog_history, related_or_none, related_text
from core.models.images import CheckedImageField, ImageWithSizes, pixel_size
from core.models.operations import (
    EmailState,
    ImportRun,
    ImportState,
    OutgoingEmail,
)
from core.models.publishing import Publishable, PublishableQuerySet, Status
from core.models.searchable import SEARCH_COLUMNS, Searchable
from core.models.versioning import EditConflict, Versioned, current_version

__all__ = [
    "Aliased",
    "SEARCH_COLUMNS",
    "YEAR_MAX",
    "YEAR_MIN",
    "Bilingual",
    "CheckedImageField",
    "DatePrecision",
    "EditConflict",
    "EmailState",
    "ImportRun",
    "ImportState",
    "ImageWithSizes",
    "OutgoingEmail",
    "Localized",
    "Publishable",
    "PublishableQuerySet",
    "Searchable",
    "Status",
    "Versioned",
    "active_suffix",
    "catalog_history",
    "current_version",
    "format_partial_date",
    "in_language",
    "last_ended_by",
    "normalise_partial_date",
    "period_end",
    "pixel_size",
    "positive",
    "related_or_none",
    "related_text",
    "year_in_range",
    "year_validators",
]
