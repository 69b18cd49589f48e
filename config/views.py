from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from alliance.queries import alliances_with_reported_figures
from core.cache.pages import cached_page
from core.db.queries import via
from filmweek.models import Ambassador, Film, FilmWeek
from screenings.models import TourStop

# What the home page shows of a record it links to, and of the film week and tour stops: the
# records' long texts (descriptions, search columns) are not read.
LINK = ("slug", "name_en", "name_zh")
FILM_WEEK_SHOWN = (
    *LINK,
    "year",
    "city_en",
    "city_zh",
    "theme_en",
    "theme_zh",
    *via("organiser", ("name_en", "name_zh")),
    *via("festival_edition", ("number", "institution")),
    *via("festival_edition__institution", ("name_en", "name_zh")),
)
TOUR_STOP_SHOWN = (
    "starts_on",
    "dates_precision",
    "premiere",
    *via("film", ("slug", "title_original", "title_en", "title_zh")),
    *via("tour", LINK),
    *via("host_edition", ("number", "institution")),
    *via("host_edition__institution", ("name_en", "name_zh")),
)


@cached_page()
def home(request):
    """The current or latest film week, each alliance with its member figures recorded here and
    the latest it reported, and the latest tour stops."""
    film_week = (
        FilmWeek.objects.published()
        .select_related("organiser", "festival_edition__institution")
        .only(*FILM_WEEK_SHOWN)
        .prefetch_related(
            Prefetch(
                "ambassadors",
                queryset=Ambassador.objects.filter(person__status="published")
                .select_related("person")
                .only("film_week", "role_en", "role_zh", *via("person", LINK)),
            )
        )
        .order_by("-year", "-starts_on")
        .first()
    )
    alliances = alliances_with_reported_figures()
    tour_stops = (
        TourStop.objects.filter(tour__status="published", film__status="published")
        .select_related("film", "tour", "host_edition__institution")
        .only(*TOUR_STOP_SHOWN)
        .order_by("-starts_on")[:5]
    )
    context = {
        "film_week": film_week,
        "alliances": alliances,
        "film_count": Film.objects.published().count(),
        "tour_stop_count": TourStop.objects.filter(tour__status="published").count(),
        "tour_stops": tour_stops,
    }
    return render(request, "home.html", context)


def not_found(request, exception):
    """A 404 for an address no pattern matches: JSON under /api/, as every other API answer
    (e.g. a key the slug pattern refuses), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
