"""Films, people and film weeks: published records only, whoever asks, through the query
functions and the FilterSets of the HTML pages."""

from api.generics import DetailView, ListView
from api.serializers import filmweek as serializers
from core.cache.pages import cached_page
from filmweek import queries
from filmweek.filters import FilmFilter, FilmWeekFilter, PersonFilter

# The film week detail lists this many of its selections; the film list filtered to the film
# week pages through them all.
FILM_WEEK_SELECTIONS = 60


class FilmList(ListView):
    """Published films, by title unless `sort` says otherwise; the film catalog's filters."""

    serializer_class = serializers.FilmSerializer
    filterset_class = FilmFilter

    def get_queryset(self):
        return queries.film_list()

    def sort_keys(self):
        return self.filterset.sort_keys()


class FilmDetail(DetailView):
    """A published film with its countries, languages, credits, awards, selections and tour
    stops."""

    serializer_class = serializers.FilmDetailSerializer

    def get_queryset(self):
        return queries.film_records()


class PersonList(ListView):
    """Published people by English name; the people list's filters."""

    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter
    sort_order = queries.PERSON_ORDER

    def get_queryset(self):
        return queries.person_list()


class PersonDetail(DetailView):
    """A published person with positions, filmography, awards, ambassador roles and jury
    service."""

    serializer_class = serializers.PersonDetailSerializer

    def get_queryset(self):
        return queries.person_pages()

    def get_object(self):
        person = super().get_object()
        person.filmography = queries.in_film_order(person.filmography)
        return person


class FilmWeekList(ListView):
    """Published film weeks, newest year first; the film week list's filters."""

    serializer_class = serializers.FilmWeekListSerializer
    filterset_class = FilmWeekFilter
    sort_order = queries.FILM_WEEK_ORDER

    def get_queryset(self):
        return queries.film_week_list()


class FilmWeekDetail(DetailView):
    """A published film week with its organiser, ambassadors, selections and activities."""

    serializer_class = serializers.FilmWeekDetailSerializer

    def get_queryset(self):
        # No screenings to come (slots=0): the API does not show them here.
        return queries.film_week_pages(slots=0, films=FILM_WEEK_SELECTIONS)


film_list = cached_page()(FilmList.as_view())
film_detail = cached_page(records=True)(FilmDetail.as_view())
person_list = cached_page()(PersonList.as_view())
person_detail = cached_page(records=True)(PersonDetail.as_view())
film_week_list = cached_page()(FilmWeekList.as_view())
film_week_detail = cached_page(records=True)(FilmWeekDetail.as_view())
