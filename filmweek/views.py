from django.shortcuts import get_object_or_404, render

from core.cache.pages import cached_page
from core.db.keyset import keyset_page
from core.views.drafts import draft_context, previews_drafts
from core.views.paging import paginate
from filmweek import queries
from filmweek.filters import (
    AwardFilter,
    FilmFilter,
    FilmWeekFilter,
    JuryServiceFilter,
    PersonFilter,
)
from filmweek.models import Film, FilmWeek, Person

# The film week page lists this many of its screenings and sessions to come, the first to start
# (the schedule, filtered to the film week, pages through them all), and this many of its films
# (the film list, filtered to it, shows them all).
FILM_WEEK_SLOTS = 20
FILM_WEEK_FILMS = 60


@cached_page(records=True)
def film_week_detail(request, slug):
    # One more than is shown of each list, to know whether there are more.
    pages = queries.film_week_pages(
        drafts=previews_drafts(request, FilmWeek), slots=FILM_WEEK_SLOTS + 1, films=FILM_WEEK_FILMS
    )
    film_week = get_object_or_404(pages, slug=slug)
    # The count of the series is shown beside the reported figures only.
    in_series = queries.films_selected_in_series(film_week) if film_week.figures.all() else None
    context = {
        **draft_context(film_week),
        "film_week": film_week,
        "selected_here": film_week.films_total,
        "more_films": film_week.films_total > len(film_week.selections_shown),
        "selected_in_series": in_series,
        "slots_shown": FILM_WEEK_SLOTS,
        "more_slots": _upcoming_slots_read(film_week) > FILM_WEEK_SLOTS,
    }
    return render(request, "filmweek/film_week_detail.html", context)


def _upcoming_slots_read(film_week):
    """How many screenings and sessions to come film_week_pages() read for the page."""
    sessions = sum(len(activity.upcoming_sessions) for activity in film_week.activities.all())
    return len(film_week.upcoming_screenings) + sessions


@cached_page(records=True)
def film_detail(request, slug):
    film = get_object_or_404(queries.film_pages(drafts=previews_drafts(request, Film)), slug=slug)
    credit_groups = queries.credits_by_role(film.credits.all())
    context = {**draft_context(film), "film": film, "credit_groups": credit_groups}
    return render(request, "filmweek/film_detail.html", context)


@cached_page(records=True)
def person_detail(request, slug):
    pages = queries.person_pages(drafts=previews_drafts(request, Person))
    person = get_object_or_404(pages, slug=slug)
    person.filmography = queries.in_film_order(person.filmography)
    context = {**draft_context(person), "person": person}
    return render(request, "filmweek/person_detail.html", context)


FILM_PAGE = 50


@cached_page()
def film_list(request):
    filterset = FilmFilter(request.GET, queryset=queries.film_list())
    page_obj = keyset_page(filterset.qs, filterset.sort_keys(), request.GET, FILM_PAGE)
    context = {"filter": filterset, "page_obj": page_obj}
    return render(request, "filmweek/film_list.html", context)


PERSON_PAGE = 24


@cached_page()
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=queries.person_list())
    page_obj = keyset_page(filterset.qs, queries.PERSON_ORDER, request.GET, PERSON_PAGE)
    rows = [(person, *queries.known_for(person)) for person in page_obj.object_list]
    context = {"filter": filterset, "page_obj": page_obj, "rows": rows}
    return render(request, "filmweek/person_list.html", context)


@cached_page()
def film_week_list(request):
    filterset = FilmWeekFilter(request.GET, queryset=queries.film_week_list())
    context = {"filter": filterset, "page_obj": paginate(request, filterset.qs)}
    return render(request, "filmweek/film_week_list.html", context)


# The awards and juries pages: rows a page, grouped by edition on the page.
AWARD_PAGE = 50
JURY_PAGE = 50


@cached_page()
def award_list(request):
    filterset = AwardFilter(request.GET, queryset=queries.award_list())
    page_obj = paginate(request, filterset.qs, AWARD_PAGE)
    return render(request, "filmweek/award_list.html", {"filter": filterset, "page_obj": page_obj})


@cached_page()
def jury_list(request):
    filterset = JuryServiceFilter(request.GET, queryset=queries.jury_page())
    counts = queries.jury_counts(filterset.qs)
    page_obj = paginate(request, filterset.qs, JURY_PAGE, count=counts["services"])
    context = {"filter": filterset, "page_obj": page_obj, "jurors": counts["people"]}
    return render(request, "filmweek/jury_list.html", context)
