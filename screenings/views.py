from django.shortcuts import get_object_or_404, render

from screenings import queries


def tour_detail(request, slug):
    tour = get_object_or_404(queries.tour_pages(), slug=slug)
    return render(request, "screenings/tour_detail.html", {"tour": tour})
