"""The pages `make bench` measures, as JSON: paths on the generated catalog, so every run of the
benchmark asks for the same kind of page whatever the seed."""

import json

from django.core.management.base import BaseCommand
from django.http import QueryDict
from django.utils import translation

from alliance.models import Institution
from core.db.keyset import cursor_at
from filmweek import queries
from filmweek.filters import FilmFilter
from filmweek.models import Film, FilmWeek, Person

FILM_LIST = "/en/films/?kind=feature&year_min=1990"
DEEP_SHARE = 0.95
SEARCH_TERMS = {
    "search_zh1": "河",
    "search_zh2": "河流",
    "search_zh3": "守望者",
    "search_en": "river",
    "search_pinyin": "heliu",
}


def deep_film_list(share):
    """The film list URL whose page starts `share` of the way down its rows (0.95: the
    page at 95% depth), by the keyset cursor a visitor paging that far would follow."""
    query = QueryDict(FILM_LIST.partition("?")[2])
    with translation.override("en"):  # the list's /en/ title order
        filterset = FilmFilter(query, queryset=queries.film_list())
        rows = filterset.qs
        position = int(rows.count() * share)
        cursor = cursor_at(rows, filterset.sort_keys(), position)
    return f"{FILM_LIST}&after={cursor}" if cursor else FILM_LIST


def middle(queryset):
    """A published record from the middle of the synthetic ones: neither the first nor the last
    written, so no page benefits from being at an edge."""
    rows = queryset.published().filter(slug__startswith="syn-").order_by("pk")
    count = rows.count()
    return rows[count // 2] if count else queryset.published().order_by("pk").first()


class Command(BaseCommand):
    help = "Print the paths the benchmark measures, as JSON."

    def handle(self, *args, **options):
        paths = {
            "healthz": "/healthz",
            "film_list": FILM_LIST,
            "film_list_deep": deep_film_list(DEEP_SHARE),
            "film": middle(Film.objects).get_absolute_url(),
            "person": middle(Person.objects).get_absolute_url(),
            "institution": middle(Institution.objects).get_absolute_url(),
            "film_week": middle(FilmWeek.objects).get_absolute_url(),
            "schedule": "/en/schedule/",
            "members": "/en/members/",
        }
        for name, term in SEARCH_TERMS.items():
            paths[name] = f"/en/search/?q={term}"
        self.stdout.write(json.dumps(paths, ensure_ascii=False, indent=2))
