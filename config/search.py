"""The one search box over films, people, institutions and film weeks (`/<lang>/search/?q=`).

Five queries at most, whatever the number of hits. The first looks for the published exact
matches of every kind and returns, for each, how many it found, stopping at COUNT_LIMIT, and
the ids of the first GROUP_SIZE of those in the kind's order; one query per kind with matches
then fetches those records. Close (typo) matches are looked for in one more query when no kind
has an exact one: the first COUNT_LIMIT candidates of each kind, kept when within the allowed
edits (core/search/text.py says the rule, the same on SQLite and PostgreSQL). A kind whose
candidates reached COUNT_LIMIT shows its total as a floor ("37+"), however few were kept.

Only the first COUNT_LIMIT matches found are counted and sorted, in no particular order: a
common character (河 in 80,000 of a million titles) then costs about what a rare name costs.
Ordering every match, or walking an index in the kind's order until enough rows match, costs
tens of thousands of rows for such a query. So past COUNT_LIMIT the group shows a sample in
order, said as much; the list page linked from it orders every match. See
core/search/text.py for the indexes each query uses.
"""

import itertools
from dataclasses import dataclass

from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from alliance.models import Institution
from core.cache.pages import cached_page
from core.db.queries import read_connection
from core.search.text import SearchQuery, close_matches, edits_to, exact_matches
from filmweek.models import Film, FilmWeek, Person

GROUP_SIZE = 20
# Matches are counted, and sorted, up to here; past it a total reads "100+". Measured at 1M
# rows: 100 keeps the search of a common character under 5 ms (p95), 200 does not.
COUNT_LIMIT = 100
# Suggestions as you type (search_suggest): at most this many.
SUGGESTION_LIMIT = 8


@dataclass(frozen=True)
class Kind:
    key: str
    heading: object
    queryset: object
    ordering: tuple
    # (field, language) of the names shown beside the one of the active language.
    name_fields: tuple
    # A list page taking the same `q`, linked when a group is cut.
    list_url_name: str = ""
    more_label: object = ""


KINDS = [
    Kind(
        "films",
        _("Films"),
        Film.objects.all(),
        ("title_en", "title_original"),
        (("title_en", "en"), ("title_zh", "zh-Hans"), ("title_original", "")),
        "film-list",
        _("All matching films"),
    ),
    Kind(
        "people",
        _("People"),
        Person.objects.select_related("country"),
        ("name_en",),
        (("name_en", "en"), ("name_zh", "zh-Hans"), ("name_original", "")),
        "person-list",
        _("All matching people"),
    ),
    Kind(
        "institutions",
        _("Institutions"),
        Institution.objects.select_related("country"),
        ("name_en",),
        (("name_en", "en"), ("name_zh", "zh-Hans")),
    ),
    Kind(
        "film_weeks",
        _("Film weeks"),
        FilmWeek.objects.select_related("country"),
        ("-year", "name_en"),
        (("name_en", "en"), ("name_zh", "zh-Hans")),
    ),
]


@dataclass(frozen=True)
class Group:
    kind: Kind
    results: list
    total: int  # counted among at most COUNT_LIMIT candidates
    total_is_capped: bool  # the candidates reached COUNT_LIMIT: more may match

    @property
    def is_cut(self):
        return self.total > len(self.results)

    @property
    def total_display(self):
        """The total as shown: "12", or "100+" ("37+") when counting stopped at COUNT_LIMIT."""
        shown = number_format(self.total, force_grouping=True)
        return f"{shown}+" if self.total_is_capped else shown


def other_names(record, kind):
    """The record's names in other languages or scripts than the one shown, as (name, lang)."""
    shown = getattr(record, "title", None) or record.name
    names = {}
    for field, language in kind.name_fields:
        value = getattr(record, field)
        if value and value != shown and value not in names:
            names[value] = language
    return list(names.items())


def _first_sql(kind, matches, *columns):
    """The SQL of the first COUNT_LIMIT `matches` the database finds, as rows (candidate,
    key0, ..., *columns), and the ORDER BY of the kind's order over them."""
    keys = {f"key{n}": F(field.lstrip("-")) for n, field in enumerate(kind.ordering)}
    found = matches.order_by().annotate(candidate=F("pk"), **keys)
    found = found.values("candidate", *keys, *columns)
    sql, params = found[:COUNT_LIMIT].query.sql_with_params()
    order = [
        f"key{n} DESC" if field.startswith("-") else f"key{n}"
        for n, field in enumerate(kind.ordering)
    ]
    return sql, params, ", ".join([*order, "candidate"])


def _union(parts, params):
    if not parts:
        return []
    # Every kind is read on the request's one database: any model tells which.
    with read_connection(Film).cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def first_found(matches_by_kind):
    """For each kind's matches (a queryset), in one query: the ids of the first GROUP_SIZE in
    the kind's order among the first COUNT_LIMIT the database finds, how many it found and
    whether that reached COUNT_LIMIT. [(ids, total, capped)] in the order of KINDS."""
    parts, params = [], []
    for index, (kind, matches) in enumerate(zip(KINDS, matches_by_kind, strict=True)):
        if matches.query.is_empty():
            continue
        sql, found_params, order = _first_sql(kind, matches)
        # The outer query sorts the subquery's rows: no index can stand in for that sort.
        parts.append(
            f"SELECT * FROM (SELECT {index} AS kind, candidate, COUNT(*) OVER () AS total"
            f" FROM ({sql}) AS found ORDER BY {order} LIMIT {GROUP_SIZE}) AS kind{index}"
        )
        params += found_params
    ids, totals = [[] for kind in KINDS], [0 for kind in KINDS]
    for index, candidate, total in _union(parts, params):
        ids[index].append(candidate)
        totals[index] = total
    return [(ids, total, total >= COUNT_LIMIT) for ids, total in zip(ids, totals, strict=True)]


def first_close(candidates_by_kind, query):
    """first_found for close matches, in one query: each kind's first COUNT_LIMIT candidates
    with their search text and place in the kind's order; those within the allowed edits of
    the query (edits_to) are kept, fewest edits first, then in the kind's order. Their total
    is capped when the candidates reached COUNT_LIMIT, however few of them were kept."""
    parts, params = [], []
    for index, (kind, candidates) in enumerate(zip(KINDS, candidates_by_kind, strict=True)):
        if candidates.query.is_empty():
            continue
        sql, found_params, order = _first_sql(kind, candidates, "search_text")
        parts.append(
            f"SELECT {index} AS kind, candidate, search_text,"
            f" ROW_NUMBER() OVER (ORDER BY {order}) AS place FROM ({sql}) AS found{index}"
        )
        params += found_params
    close, candidates = [[] for kind in KINDS], [0 for kind in KINDS]
    for index, candidate, search_text, place in _union(parts, params):
        candidates[index] += 1
        edits = edits_to(search_text, query.normalised)
        if edits is not None:
            close[index].append((edits, place, candidate))
    return [
        ([row[2] for row in sorted(rows)[:GROUP_SIZE]], len(rows), count >= COUNT_LIMIT)
        for rows, count in zip(close, candidates, strict=True)
    ]


def group_of(kind, ids, total, capped):
    """The group of a kind's `ids`, in that order, fetched in one query."""
    position = {pk: place for place, pk in enumerate(ids)}
    rows = sorted(kind.queryset.filter(pk__in=ids), key=lambda row: position[row.pk])
    for row in rows:
        row.other_names = other_names(row, kind)
    return Group(kind=kind, results=rows, total=total, total_is_capped=capped)


def found_groups(query):
    """The groups of a searchable query, and whether they hold close matches only."""
    only_close = False
    found = first_found([exact_matches(kind.queryset.published(), query) for kind in KINDS])
    if not any(total for ids, total, capped in found):
        # Close matches stand in for exact ones, not beside them: "changan" finds Chang'an and
        # not also every title read "zhan chang". Looked for only when nothing matches
        # exactly, they never cost the similarity of thousands of exact hits.
        only_close = True
        close = [close_matches(kind.queryset.published(), query) for kind in KINDS]
        found = first_close(close, query)
    groups = [
        group_of(kind, ids, total, capped)
        for kind, (ids, total, capped) in zip(KINDS, found, strict=True)
        if total
    ]
    return groups, only_close


@cached_page()
def search(request):
    query = SearchQuery.parse(request.GET.get("q", ""))
    groups, only_close = found_groups(query) if query.is_searchable else ([], False)
    groups = [group for group in groups if group.total]
    total = sum(group.total for group in groups)
    context = {
        "query": query,
        "groups": groups,
        "total": total,
        "total_is_capped": any(group.total_is_capped for group in groups),
        "total_display": number_format(total, force_grouping=True),
        "only_close": bool(total) and only_close,
        "group_size": GROUP_SIZE,
    }
    return render(request, "search.html", context)


def shown_name(record):
    """The name a result is shown by in the active language (a film week's with its year)."""
    if isinstance(record, FilmWeek):
        return record.dated_name
    return getattr(record, "title", None) or record.name


def suggestions(groups):
    """Up to SUGGESTION_LIMIT results of the groups, taken in turn from each (the first film,
    the first person, ..., then the second of each), so every kind found is offered."""
    in_turn = itertools.chain.from_iterable(
        itertools.zip_longest(*[[(group.kind, row) for row in group.results] for group in groups])
    )
    found = [pair for pair in in_turn if pair is not None][:SUGGESTION_LIMIT]
    return [
        {
            "name": shown_name(record),
            "other_names": [name for name, language in record.other_names],
            "kind": str(kind.heading),
            "url": record.get_absolute_url(),
        }
        for kind, record in found
    ]


@cached_page()
def search_suggest(request):
    """The search box's suggestions as JSON: {"query", "suggestions": [{"name", "other_names",
    "kind", "url"}], "close": whether they are typo guesses}; empty for a query the search page
    would not search."""
    query = SearchQuery.parse(request.GET.get("q", ""))
    groups, only_close = found_groups(query) if query.is_searchable else ([], False)
    found = suggestions(groups)
    return JsonResponse(
        {"query": query.text, "suggestions": found, "close": bool(found) and only_close},
        json_dumps_params={"ensure_ascii": False},
    )
