"""Records the one search box finds: the search columns core.search.text fills on every save."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.search.text import fill_search_columns, including_search_text

# Derived from the record's names: left out of its history (catalog_history(*SEARCH_COLUMNS)).
SEARCH_COLUMNS = ("search_text", "search_grams")


class Searchable(models.Model):
    """A record with `search_text` and `search_grams` (see core.search.text), filled from the
    names `search_texts()` gives whenever the record is saved."""

    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    search_grams = models.TextField(_("search grams"), editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        fill_search_columns(self, *self.search_texts())
        super().save(*args, update_fields=including_search_text(update_fields), **kwargs)

    def search_texts(self):
        """The names, titles and places the record is found by, in any language."""
        raise NotImplementedError
