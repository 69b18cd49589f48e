"""The one search box over films, people, institutions and film weeks (`/<lang>/search/?q=`).

One query per kind whatever the number of hits: each fetches its first GROUP_SIZE published
matches and, through window functions, how many there are in all and how many are exact. Close
(typo) matches, found on PostgreSQL only, are shown when no kind has an exact one.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Sum, When, Window
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from alliance.models import Institution
from alliance.search_text import SearchQuery, matching
from filmweek.models import Film, FilmWeek, Person

GROUP_SIZE = 20


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
    total: int
    exact_total: int  # matches of the query as typed; the others are close (typo) matches

    @property
    def is_cut(self):
        return self.total > len(self.results)

    def exact_only(self):
        exact = [record for record in self.results if record.search_rank >= 1]
        return Group(
            kind=self.kind, results=exact, total=self.exact_total, exact_total=self.exact_total
        )


def other_names(record, kind):
    """The record's names in other languages or scripts than the one shown, as (name, lang)."""
    shown = getattr(record, "title", None) or record.name
    names = {}
    for field, language in kind.name_fields:
        value = getattr(record, field)
        if value and value != shown and value not in names:
            names[value] = language
    return list(names.items())


def first_matches(kind, query):
    """The first GROUP_SIZE published records of a kind matching the query, exact matches
    first, and how many match in all and exactly."""
    rows = list(
        matching(kind.queryset.published(), query)
        .annotate(
            total=Window(Count("pk")),
            exact_total=Window(Sum(Case(When(search_rank__gte=1, then=1), default=0))),
        )
        .order_by("-search_rank", *kind.ordering, "pk")[:GROUP_SIZE]
    )
    for row in rows:
        row.other_names = other_names(row, kind)
    if not rows:
        return Group(kind=kind, results=[], total=0, exact_total=0)
    return Group(kind=kind, results=rows, total=rows[0].total, exact_total=rows[0].exact_total)


def search(request):
    query = SearchQuery.parse(request.GET.get("q", ""))
    groups = [first_matches(kind, query) for kind in KINDS] if query.is_searchable else []
    # Close matches stand in for exact ones, not beside them: "changan" finds Chang'an and
    # not also every title read "zhan chang".
    only_close = not any(group.exact_total for group in groups)
    if not only_close:
        groups = [group.exact_only() for group in groups]
    total = sum(group.total for group in groups)
    context = {
        "query": query,
        "groups": [group for group in groups if group.total],
        "total": total,
        "only_close": bool(total) and only_close,
        "group_size": GROUP_SIZE,
    }
    return render(request, "search.html", context)
