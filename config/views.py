from django.db.models import Prefetch
from django.shortcuts import render

from alliance.models import Alliance
from alliance.queries import member_figures
from core.cache.pages import cached_page
from filmweek.models import Ambassador, Film, FilmWeek
from screenings.models import TourStop


@cached_page()
def home(request):
    """The current or latest film week, each alliance with its computed member figures, and the
    latest tour stops."""
    film_week = (
        FilmWeek.objects.published()
        .select_related("organiser", "festival_edition__institution")
        .prefetch_related(
            Prefetch(
                "ambassadors",
                queryset=Ambassador.objects.filter(person__status="published").select_related(
                    "person"
                ),
            )
        )
        .order_by("-year", "-starts_on")
        .first()
    )
    alliances = [
        (alliance, member_figures(alliance))
        for alliance in Alliance.objects.published().select_related("initiator")
    ]
    tour_stops = (
        TourStop.objects.filter(tour__status="published", film__status="published")
        .select_related("film", "tour", "host_edition__institution__country")
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
