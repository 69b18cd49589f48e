"""The pages `make bench` measures, as JSON: paths on the generated catalog, so every run of the
benchmark asks for the same kind of page whatever the seed."""

import json

from django.core.management.base import BaseCommand

from alliance.models import Institution
from filmweek.models import Film, FilmWeek, Person

FILM_LIST = "/en/films/?kind=feature&year_min=1990"
SEARCH_TERMS = {
    "search_zh1": "河",
    "search_zh2": "河流",
    "search_zh3": "守望者",
    "search_en": "river",
    "search_pinyin": "heliu",
}


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
            "film_list_deep": FILM_LIST,  # replaced by the 95%-depth keyset URL once it exists
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
