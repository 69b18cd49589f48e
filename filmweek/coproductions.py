"""The co-productions page: the country-pair matrix of co-produced films, with a country group and
a since-year filter, the production bases and the co-production figures the organisers reported."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.base import YEAR_MAX, YEAR_MIN
from filmweek import coproduction_queries as queries


class CoproductionFilterForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Country group"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the listed country groups.")},
    )
    since = forms.IntegerField(
        label=_("Films from the year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    def __init__(self, data, *, groups):
        super().__init__(data)
        self.fields["group"].choices = [("", _("All countries"))] + [
            (group.slug, group.name) for group in groups
        ]

    def filters(self):
        """The valid filters only: an invalid value is reported beside its field and ignored."""
        self.is_valid()
        for name in self.errors:
            # The template puts each error in an element of this id, beside its field.
            self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
        return {
            "group_slug": self.cleaned_data.get("group") or None,
            "since": self.cleaned_data.get("since"),
        }


@dataclass
class Cell:
    films: int | None
    is_diagonal: bool = False
    url: str = ""
    partner: str = ""


@dataclass
class Row:
    code: str
    name: str
    cells: list[Cell]


def pair_link(first, second, since=None):
    """The film list of this pair's co-productions (from `since` on, when the matrix is)."""
    params = [("country", first), ("country", second), ("coproduction", 1)]
    if since:
        params.append(("year_min", since))
    return f"{reverse('film-list')}?{urlencode(params)}"


def pair_matrix(pairs: dict[tuple[str, str], int], since=None):
    """The symmetric matrix of `pairs`: (column names, rows), countries by name in the active
    language, only those in at least one pair."""
    codes = sorted({code for pair in pairs for code in pair}, key=lambda c: countries.name(c))
    names = {code: countries.name(code) for code in codes}
    rows = []
    for code in codes:
        cells = []
        for partner in codes:
            if partner == code:
                cells.append(Cell(None, is_diagonal=True))
                continue
            films = pairs.get((code, partner)) or pairs.get((partner, code))
            url = pair_link(*sorted([code, partner]), since=since) if films else ""
            cells.append(Cell(films, url=url, partner=names[partner]))
        rows.append(Row(code, names[code], cells))
    return [names[code] for code in codes], rows


def coproductions(request):
    groups = list(queries.country_groups())
    form = CoproductionFilterForm(request.GET, groups=groups)
    filters = form.filters()
    columns, rows = pair_matrix(queries.coproduction_pairs(**filters), since=filters["since"])
    group = next((g for g in groups if g.slug == filters["group_slug"]), None)
    context = {
        "form": form,
        "columns": columns,
        "rows": rows,
        "group": group,
        "since": filters["since"],
        "coproduced_films": queries.coproduced_film_count(**filters),
        "bases": queries.production_bases(),
        "figures": queries.coproduction_figures(),
    }
    return render(request, "filmweek/coproductions.html", context)
