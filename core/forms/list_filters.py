"""The base of the public lists' filter sets whose choices are read from the database."""

import logging

import django_filters

from core.cache.versions import cached_choices, depend_on_keys, table_key, tokens

logger = logging.getLogger(__name__)


class ListFilterSet(django_filters.FilterSet):
    """Choices read from the database (read_choices()) are set per request: they follow the data
    and the active language. They are kept in the cache under `choices_key` until one of the
    `choice_models` is written to, since finding the values in use reads every row; each list
    of choices costs one query when they are read."""

    choice_models = ()  # the tables its choices are read from
    choices_key = None  # the cache key of its choices, None when it reads none
    count_models = ()  # the tables its options' counts are read from (core.forms.facets)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.choices_key is not None:
            read = cached_choices(self.choices_key, self.choice_models, self.read_choices)
            for name, choices in read.items():
                self.set_choices(name, choices)

    def read_choices(self):
        """{filter name: its choices}, in the active language."""
        raise NotImplementedError

    @property
    def form_version(self):
        """Renewed when a table of its choices or counts is written to: part of the key under
        which filter_form.html keeps the rendered form; empty (render it afresh) when the cache
        cannot be read."""
        keys = self.version_keys()
        # The page depends on them even when the form comes from the cache.
        depend_on_keys(keys)
        try:
            return ":".join(map(str, tokens(keys)))
        except Exception:  # any cache client error
            logger.exception("The cache could not be read")
            return ""

    def version_keys(self):
        """The token keys of the tables its choices and counts are read from."""
        return sorted(map(table_key, {*self.choice_models, *self.count_models}))

    def set_choices(self, name, choices):
        self.filters[name].extra["choices"] = choices
