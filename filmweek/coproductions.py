"""The co-productions page: the country-pair matrix of co-produced films, with a country group and
a since-year filter, the production bases and the co-production figures the organisers reported."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django_countries import countries

from core.cache.pages import cached_page
from core.views.paging import paginate
from filmweek import coproduction_queries as queries
from filmweek.filters import CoproductionFilterForm

# Production bases shown on one page of the co-productions page.
BASES_PER_PAGE = 24


@dataclass
class Cell:
    films: int | None
    is_diagonal: bool = False
    url: str = ""
    partner: str = ""
    label: str = ""


@dataclass
class Row:
    code: str
    name: str
    cells: list[Cell]


def pair_link(first, second, since=None, *, film_list=None):
    """The film list of this pair's co-productions (from `since` on, when the matrix is);
    `film_list`, the film list's address, when the caller has it already."""
    params = [("country", first), ("country", second), ("coproduction", 1)]
    if since:
        params.append(("year_min", since))
    return f"{film_list or reverse('film-list')}?{urlencode(params)}"


def pair_matrix(pairs: dict[tuple[str, str], int], since=None):
    """The symmetric matrix of `pairs`: (column names, rows), countries by name in the active
    language, only those in at least one pair."""
    codes = sorted({code for pair in pairs for code in pair}, key=lambda c: countries.name(c))
    names = {code: countries.name(code) for code in codes}
    film_list = reverse("film-list")  # once, not for each of up to 380 cells
    rows = []
    for code in codes:
        cells = []
        for partner in codes:
            if partner == code:
                cells.append(Cell(None, is_diagonal=True))
                continue
            films = pairs.get((code, partner)) or pairs.get((partner, code))
            if not films:
                cells.append(Cell(films, partner=names[partner]))
                continue
            url = pair_link(*sorted([code, partner]), since=since, film_list=film_list)
            # Worded here rather than by {% blocktranslate %} in each of up to 380 cells.
            label = ngettext(
                "%(films)s co-produced film of %(first)s and %(second)s",
                "%(films)s co-produced films of %(first)s and %(second)s",
                films,
            ) % {"films": films, "first": names[code], "second": names[partner]}
            cells.append(Cell(films, url=url, partner=names[partner], label=label))
        rows.append(Row(code, names[code], cells))
    return [names[code] for code in codes], rows


def coproduced_films_link(since=None):
    """The film list of every co-production (from `since` on): the pairs the matrix leaves out."""
    params = [("coproduction", 1)] + ([("year_min", since)] if since else [])
    return f"{reverse('film-list')}?{urlencode(params)}"


@cached_page()
def coproductions(request):
    groups = list(queries.country_groups())
    form = CoproductionFilterForm(request.GET, groups=groups)
    filters = form.filters()
    matrix = queries.coproduction_matrix(**filters)
    columns, rows = pair_matrix(matrix["pairs"], since=filters["since"])
    group = next((g for g in groups if g.slug == filters["group_slug"]), None)
    context = {
        "form": form,
        "columns": columns,
        "rows": rows,
        # Countries with a co-production that the matrix leaves out (it shows the busiest).
        "countries_total": matrix["countries"],
        "countries_left_out": matrix["countries"] > len(rows),
        "coproduced_films_url": coproduced_films_link(filters["since"]),
        "group": group,
        "since": filters["since"],
        "coproduced_films": matrix["films"],
        # A page of bases (the `page` parameter: junk means the first, past the end the last).
        "bases": queries.count_films_made(
            paginate(request, queries.production_bases(), per_page=BASES_PER_PAGE)
        ),
        "figures": queries.coproduction_figures(),
    }
    return render(request, "filmweek/coproductions.html", context)
