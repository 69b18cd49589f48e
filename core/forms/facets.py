"""Counts beside the options of a filter form: how many results each option would give with the
other filters as they are (core.db.facets counts them).

A filter set opts in by subclassing FacetedFilterSet (a django-filter FilterSet) and naming its
`facets` and `flags`, or CountedFilters with its own count_facets(); its template renders
`filter|with_counts` (core/templatetags/facets.py) instead of `filter.form`. The counts are kept
in the cache for each set of filter values until a record is added, deleted, published or
relinked, and for FACET_COUNTS_SECONDS at most: an edit of a field (a film's year, its title
under a search) shows in the counts within that time, and a page listing films does not count
them again after each edit of a title (the visitor mix of `make bench`, docs/performance.md).

An option that would give nothing shows "(0)" and is dimmed (class "facet-empty") but can still
be chosen: the chosen values stay in the form as they were sent.

A filter's options are counted only over at most `row_limit` rows (COUNT_CAP, as the list's own
total): past it they show no counts and the form says why. Counting costs as much as the rows
it groups: on the generated catalog (docs/performance.md) the unlimited counts took 4 s on the
film list, 2.7 s on the people list and 1.9 s on the schedule, against about 10 ms a facet over
1,000 rows."""

import hashlib
from functools import cached_property

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django_filters.constants import EMPTY_VALUES

from core.cache.versions import cached_by_structure, lifetime_key
from core.db.facets import case_counts, counted_by, grouped_counts
from core.db.keyset import COUNT_CAP, capped_count

EMPTY_CLASS = "facet-empty"


def count_text(label, count, cap=None):
    """ "Label (1,234)", in the active language's punctuation; "Label (1,000+)" when the count
    went past `cap`, where it stopped."""
    if cap is not None and count > cap:
        shown = gettext("%(count)s+") % {"count": number_format(cap, force_grouping=True)}
    else:
        shown = str(count) if count < 1000 else number_format(count, force_grouping=True)
    return gettext("%(label)s (%(count)s)") % {"label": label, "count": shown}


def show_counts(form, counts):
    """Give each field of `form` its counts: {name: {option value: count}} for a choice field
    (its widget writes them beside the options), {name: count} for a flag (in its label,
    counted up to COUNT_CAP + 1)."""
    for name, counted in counts.items():
        field = form.fields[name]
        if isinstance(counted, dict):
            field.widget.counts = {str(value): count for value, count in counted.items()}
        else:
            field.label = count_text(field.label, counted, cap=COUNT_CAP)
            form[name].label = field.label  # a bound field copies the label once, when made
            if not counted:
                field.widget.attrs["class"] = EMPTY_CLASS


def values_key(values, left_out=()):
    """A text naming the set of filter `values` ({name: value}): empty ones and those in
    `left_out` aside, the same for the same set in any order."""
    kept = [
        (name, repr(value))
        for name, value in values.items()
        if value not in EMPTY_VALUES and name not in left_out
    ]
    return repr(sorted(kept))


class Grouped:
    """A facet counted by grouping the rows by `by` (a field path or an expression), through
    the related rows that match `where` only (see counted_by). With `narrows`, the filter's own
    chosen values stay applied: a multiple choice whose values narrow each other (films made by
    every country ticked)."""

    def __init__(self, by, *, where=None, narrows=False):
        self.by = by
        self.where = where
        self.narrows = narrows


class Cases:
    """A facet counted by conditions, {option value: Q} (an empty Q is every row), over the rows
    the filter set gives with this filter set to `base` (its "no restriction" value)."""

    def __init__(self, cases, base=None):
        self.cases = cases
        self.base = base


class CountedFilters:
    """A filter set whose form shows facet counts: count_facets() returns them ({filter name:
    {option value: count}} for a choice, {filter name: count} for a flag); `count_models` are
    every table they read."""

    count_models = ()
    uncounted = ("sort",)  # filters that order the rows without changing them
    row_limit = COUNT_CAP  # None: the filter set's rows are few on any catalog

    def count_facets(self):
        raise NotImplementedError

    def counted_values(self):
        """The filter values the counts depend on: the valid values given."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in EMPTY_VALUES and name not in self.uncounted
        }

    def countable(self, *querysets):
        """Whether `querysets` hold together at most row_limit rows, their options then
        counted (one capped count each)."""
        if self.row_limit is None:
            return True
        return sum(capped_count(rows) for rows in querysets) <= self.row_limit

    @cached_property
    def counts_name(self):
        """The counts' name in the cache, for this set of filter values."""
        digest = hashlib.blake2b(values_key(self.counted_values()).encode(), digest_size=16)
        return f"facets:{type(self).__module__}.{type(self).__qualname__}:{digest.hexdigest()}"

    @cached_property
    def facet_counts(self):
        return cached_by_structure(
            self.counts_name, self.count_models, self.count_facets, settings.FACET_COUNTS_SECONDS
        )

    def version_keys(self):
        """The token keys of what the rendered form shows (ListFilterSet.form_version): a form
        kept with its counts is kept no longer than they are."""
        return [*super().version_keys(), lifetime_key(self.counts_name)]

    @cached_property
    def counted_form(self):
        show_counts(self.form, self.facet_counts)
        return self.form

    @property
    def counts_left_out(self):
        """What the form says when some option went uncounted, its rows past row_limit; else
        an empty text."""
        counted = self.facet_counts
        if all(name in counted for name in self.counted_names()):
            return ""
        limit = number_format(self.row_limit, force_grouping=True)
        return gettext(
            "An option shows no count where it would be counted over more than %(limit)s results."
        ) % {"limit": limit}

    def counted_names(self):
        """The filters whose options or flag get a count."""
        raise NotImplementedError


class FacetedFilterSet(CountedFilters):
    """CountedFilters for a django-filter FilterSet over one queryset. `facets` maps a filter's
    name to what its options are counted by: a field path to group the rows by, Grouped or
    Cases; `flags` maps a checkbox filter's name to its ticked value (counted ticked)."""

    facets = {}
    flags = {}

    def values_with(self, name, value):
        """The valid filter values but `name`'s, and `name` set to `value` unless it is None."""
        changed = {other: given for other, given in self.form.cleaned_data.items() if other != name}
        if value is not None:
            changed[name] = value
        return changed

    def rows_with(self, name, value):
        """The rows that pass values_with(name, value)."""
        cleaned = self.form.cleaned_data
        # filter_queryset() reads the form's cleaned data (a subclass may fill in a default
        # there), so it reads the changed values while it runs.
        self.form.cleaned_data = self.values_with(name, value)
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self.form.cleaned_data = cleaned

    def counted_names(self):
        return [*self.facets, *self.flags]

    def count_facets(self):
        self.form.is_valid()
        counts, countable = {}, {}
        for name, facet in self.facets.items():
            if not isinstance(facet, Cases | Grouped):
                facet = Grouped(facet)
            base = facet.base if isinstance(facet, Cases) else None
            if isinstance(facet, Grouped) and facet.narrows:
                base = self.form.cleaned_data.get(name)
            rows = self.rows_with(name, base)
            # Facets whose own filter is not set share their rows: checked against the limit once.
            key = values_key(self.values_with(name, base), self.uncounted)
            if key not in countable:
                countable[key] = self.countable(rows)
            if not countable[key]:
                continue
            if isinstance(facet, Cases):
                counts[name] = case_counts(rows, facet.cases)
            else:
                counts[name] = grouped_counts(counted_by(rows, facet.by, facet.where))
        for name, ticked in self.flags.items():
            counts[name] = capped_count(self.rows_with(name, ticked))
        return counts
