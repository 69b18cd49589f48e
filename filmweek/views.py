from django.http import Http404
from django.shortcuts import get_object_or_404, render

from filmweek import queries


def film_week_detail(request, slug):
    film_week = get_object_or_404(queries.film_week_pages(), slug=slug)
    context = {
        "film_week": film_week,
        "selected_here": len(film_week.selections.all()),
        "selected_in_series": queries.films_selected_in_series(film_week),
    }
    return render(request, "filmweek/film_week_detail.html", context)


def film_detail(request, slug):
    film = get_object_or_404(queries.film_pages(), slug=slug)
    return render(request, "filmweek/film_detail.html", {"film": film})


def person_detail(request, slug):
    person = get_object_or_404(queries.person_pages(), slug=slug)
    return render(request, "filmweek/person_detail.html", {"person": person})


def film_list(request):
    raise Http404("the film list is being built")


def person_list(request):
    raise Http404("the people list is being built")


def film_week_list(request):
    raise Http404("the film week list is being built")
