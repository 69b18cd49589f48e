"""The public read API: published records only, whoever asks, through the query functions and the
FilterSets of the HTML pages. Every answer is in English (error messages, the order of titles):
the address alone decides the JSON, as the page cache that keeps it assumes."""

from django.utils import translation
from django.utils.cache import patch_cache_control
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api import serializers
from api.pagination import KeysetPagination
from core.cache.pages import cached_page
from filmweek import queries
from filmweek.filters import FilmFilter, FilmWeekFilter, PersonFilter

# Public caches may keep an answer this long; the page cache behind them renews it on a write.
MAX_AGE_SECONDS = 60
# The film week detail lists this many of its selections; the film list filtered to the film
# week pages through them all.
FILM_WEEK_SELECTIONS = 60


class EnglishPublicMixin:
    """Answers made in English, and marked for public caches when they succeed."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        response["Content-Language"] = "en"
        return response


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend (an invalid value is a 400 naming its parameter), keeping the
    FilterSet on the view: the film list's `sort` chooses its cursor order."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class ListView(EnglishPublicMixin, generics.ListAPIView):
    filter_backends = [FilterSetBackend]
    pagination_class = KeysetPagination
    sort_order = None

    def sort_keys(self):
        return self.sort_order


class DetailView(EnglishPublicMixin, generics.RetrieveAPIView):
    lookup_field = "slug"


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
        return queries.film_pages()


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


class ApiRoot(EnglishPublicMixin, APIView):
    """The lists of the API, its schema and its documentation."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        names = ["film-list", "person-list", "film-week-list", "schema", "docs"]
        return Response(
            {name: reverse(f"api:{name}", request=request) for name in names},
        )


api_root = cached_page()(ApiRoot.as_view())
film_list = cached_page()(FilmList.as_view())
film_detail = cached_page(records=True)(FilmDetail.as_view())
person_list = cached_page()(PersonList.as_view())
person_detail = cached_page(records=True)(PersonDetail.as_view())
film_week_list = cached_page()(FilmWeekList.as_view())
film_week_detail = cached_page(records=True)(FilmWeekDetail.as_view())
