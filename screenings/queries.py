"""Reads of the screenings pages, each with the select_related/prefetch_related its page needs."""

from django.db.models import Prefetch

from alliance.base import Status
from screenings.models import Tour, TourStop


def tour_pages():
    """Published tours with their stops of published films at editions of published hosts."""
    return (
        Tour.objects.published()
        .select_related("organiser")
        .prefetch_related(
            Prefetch(
                "stops",
                queryset=TourStop.objects.filter(
                    film__status=Status.PUBLISHED,
                    host_edition__institution__status=Status.PUBLISHED,
                )
                .select_related("film", "host_edition__institution__country")
                .order_by("-starts_on", "film__title_en"),
            )
        )
    )
