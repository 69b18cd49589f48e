"""Filters of the member directory. Every filter offers a fixed list of values, so a value from
the URL that is not on it becomes a message beside that filter and never reaches the database."""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance import queries
from alliance.forms import founded_later
from alliance.models import (
    Alliance,
    Continent,
    Country,
    Institution,
    InstitutionKind,
    Membership,
    current_on,
    ended_by,
)
from core.forms import choice_filters
from core.forms.choices import year_choices
from core.forms.dates import PastDayField
from core.forms.facets import Cases, FacetedFilterSet
from core.forms.flags import FlagCheckbox
from core.forms.list_filters import ListFilterSet
from core.forms.widgets import FastSelect
from core.models import DatePrecision

UNKNOWN_VALUE = _("Unknown value: this filter is not applied.")


class MembershipState:
    CURRENT = "current"
    FORMER = "former"
    ALL = "all"
    choices = [
        (CURRENT, _("Current members")),
        (FORMER, _("Former members")),
        (ALL, _("Current and former")),
    ]


def choice(**kwargs):
    kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
    kwargs.setdefault("widget", FastSelect)
    return choice_filters.ChoiceFilter(**kwargs)


class AsOfFilter(django_filters.DateFilter):
    field_class = PastDayField


class MemberFilterForm(forms.Form):
    def clean(self):
        """A day asked for (`as_of`) before the alliance chosen was founded (before the first
        alliance, if none is chosen) gets a message and is not applied."""
        cleaned = super().clean()
        day = cleaned.get("as_of")
        if day:
            alliances = Alliance.objects.published().only("name_en", "name_zh", "founded_on")
            if cleaned.get("alliance"):
                alliances = alliances.filter(slug=cleaned["alliance"])
            first = alliances.order_by("founded_on").first()
            if first and day < first.founded_on:
                self.add_error("as_of", founded_later(first))
        return cleaned


class MemberFilter(FacetedFilterSet, ListFilterSet):
    alliance = choice(field_name="alliance__slug", label=_("Alliance"), empty_label=_("All"))
    country = choice(
        field_name="institution__country__code", label=_("Country"), empty_label=_("All")
    )
    continent = choice(
        field_name="institution__country__continent",
        choices=Continent.choices,
        label=_("Continent"),
        empty_label=_("All"),
    )
    kind = choice(
        field_name="institution__kind",
        choices=InstitutionKind.choices,
        label=_("Kind of institution"),
        empty_label=_("All"),
    )
    joined_year = choice(method="filter_joined_year", label=_("Year joined"), empty_label=_("Any"))
    founding = choice(
        choices=[("1", _("Founding members only"))],
        method="filter_founding",
        widget=FlagCheckbox(ticked={"1"}),  # the API refuses any other value
        label=_("Founding members only"),
    )
    membership = choice(
        choices=MembershipState.choices,
        method="filter_membership",
        label=_("Membership"),
        empty_label=None,
        error_messages={"invalid_choice": _("Unknown value: current members are shown.")},
    )
    as_of = AsOfFilter(method="filter_as_of", label=_("As of"))

    class Meta:
        form = MemberFilterForm

    @property
    def facets(self):
        return {
            "alliance": "alliance__slug",
            "country": "institution__country__code",
            "continent": "institution__country__continent",
            "kind": "institution__kind",
            "joined_year": ExtractYear("joined_on"),
            "membership": Cases(
                {
                    MembershipState.CURRENT: current_on(self.day),
                    MembershipState.FORMER: ended_by(self.day),
                    MembershipState.ALL: Q(),
                },
                base=MembershipState.ALL,
            ),
        }

    flags = {"founding": "1"}
    # Finding the alliances, countries and years in use reads every membership.
    choices_key = "member-choices"
    choice_models = (Membership, Institution, Alliance, Country)
    count_models = (Membership, Institution, Alliance, Country)
    row_limit = None  # 4 ms a facet over the generated catalog's 3,481 memberships

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = queries.member_directory()
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = timezone.localdate()

    def read_choices(self):
        choices = queries.member_choices()
        return {
            "alliance": choices.alliances,
            "country": choices.countries,
            "joined_year": year_choices(choices.years),
        }

    @property
    def day(self):
        """The day whose memberships the page shows: the one asked for (`as_of`), else today.
        Either way a membership counts by the same rule (`counted_on`)."""
        return self.form.cleaned_data.get("as_of") or self.today

    def counted_values(self):
        # The counts are those of the page's day: today's change with the date.
        return {**super().counted_values(), "as_of": self.day}

    def filter_joined_year(self, queryset, name, value: str):
        return queryset.filter(joined_on__year=int(value))

    def filter_founding(self, queryset, name, value):
        return queryset.filter(is_founding=True)

    def filter_membership(self, queryset, name, value):
        if value == MembershipState.FORMER:
            return queryset.former(self.day)
        if value == MembershipState.ALL:
            return queryset
        return queryset.current(self.day)

    def filter_as_of(self, queryset, name, day):
        return queryset  # the page's day, given or not, is applied by filter_queryset

    def filter_queryset(self, queryset):
        return self.chosen(queryset).joined_by(self.day)

    def chosen(self, queryset):
        """The memberships the filters choose, before the page's day leaves out those that have
        not begun by then."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("membership"):
            # Absent or not a known state: current members, the state the form shows first.
            queryset = queryset.current(self.day)
        return queryset

    def involves_partial_dates(self):
        """Whether a membership the filters choose, known only to a month or a year, is counted
        on the page's day or about to be (`begun_by`): the page then says how they count. One
        query."""
        begun = self.chosen(self.queryset.all()).begun_by(self.day)
        return begun.exclude(joined_precision=DatePrecision.DAY).exists()
