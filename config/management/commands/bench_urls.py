"""The pages `make bench` measures, as JSON: paths on the generated catalog, so every run of the
benchmark asks for the same kind of page whatever the seed."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from alliance.models import Institution
from core.db.keyset import cursor_at
from filmweek import queries
from filmweek.filters import FilmFilter
from filmweek.models import Credit, Film, FilmWeek, Person
from screenings.models import Screening

FILM_LIST = "/en/films/?kind=feature&year_min=1990"
API_FILM_LIST = "/api/v1/films/?kind=feature&year_min=1990"  # the same films, as JSON
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


def without_screenings_to_come():
    """Films with no published screening to come, and people credited on films but on none with
    one: pages of the same shape in a catalog of any size, so that their query counts compare (a
    page with a screening to come also reads its Q&A guests, and the 1,000-film catalog's
    screenings are all past: its film weeks are the first ones generated)."""
    to_come = Screening.objects.published().upcoming().filter(film=OuterRef("pk"))
    films = Film.objects.exclude(Exists(to_come))
    shown = Film.objects.filter(Exists(to_come)).values("pk")
    credited = Credit.objects.filter(person=OuterRef("pk"))
    people = Person.objects.filter(Exists(credited)).exclude(
        Exists(credited.filter(film__in=shown))
    )
    return films, people


class Command(BaseCommand):
    help = "Print the paths the benchmark measures, as JSON."

    def handle(self, *args, **options):
        films, people = without_screenings_to_come()
        film = middle(films)
        paths = {
            "healthz": "/healthz",
            "film_list": FILM_LIST,
            "film_list_deep": deep_film_list(DEEP_SHARE),
            "film": film.get_absolute_url(),
            "person": middle(people).get_absolute_url(),
            "institution": middle(Institution.objects).get_absolute_url(),
            "film_week": middle(FilmWeek.objects).get_absolute_url(),
            "schedule": "/en/schedule/",
            "members": "/en/members/",
            "api_film_list": API_FILM_LIST,
            "api_film": reverse("api:film-detail", kwargs={"slug": film.slug}),
        }
        for name, term in SEARCH_TERMS.items():
            paths[name] = f"/en/search/?q={term}"
        self.stdout.write(json.dumps(paths, ensure_ascii=False, indent=2))
