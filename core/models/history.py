"""The change history of the catalog records (django-simple-history): every save and delete
writes a row to the model's historical table with who did it and when, and the admin shows
field-by-field differences and restores any version."""

from simple_history.models import HistoricalRecords


def catalog_history(*excluded):
    """The `history` of a catalog model. `excluded` names columns left out of the historical
    table: derived ones (search_text) and counters that only go up (a calendar's SEQUENCE),
    which restoring a version would otherwise set back; a restored version keeps their
    current values."""
    return HistoricalRecords(excluded_fields=list(excluded), cascade_delete_history=False)
