"""Jury service and co-production figures: published records only, whoever asks, through the
filmweek app's query functions, the jury service FilterSet and the co-productions page's form."""

from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from api.generics import EnglishPublicMixin, ListView
from api.pagination import KeysetPagination
from api.serializers import exchanges as serializers
from core.cache.pages import cached_page
from core.models import YEAR_MAX, YEAR_MIN
from filmweek import coproduction_queries, queries
from filmweek.filters import CoproductionFilterForm, JuryServiceFilter


class JuryServiceList(ListView):
    """Jury service of published people at editions of published festivals, newest year first,
    then by the person's name."""

    serializer_class = serializers.JuryServiceRowSerializer
    filterset_class = JuryServiceFilter
    sort_order = queries.JURY_SERVICE_ORDER

    def get_queryset(self):
        return queries.jury_service_list()


def _parameters(schema_parameters):
    """OpenAPI parameter objects (of KeysetPagination) as extend_schema takes them."""
    types = {"integer": OpenApiTypes.INT, "string": OpenApiTypes.STR}
    return [
        OpenApiParameter(
            parameter["name"],
            types[parameter["schema"]["type"]],
            description=parameter["description"],
        )
        for parameter in schema_parameters
    ]


class Coproductions(EnglishPublicMixin, generics.GenericAPIView):
    """The co-productions page as data: the country pairs of published co-produced films (for a
    country `group` and films made `since` a year), the figures the organisers reported, and a
    page of the production bases (`after`, `before`, `limit`)."""

    serializer_class = serializers.CoproductionsSerializer
    pagination_class = KeysetPagination

    def sort_keys(self):
        return coproduction_queries.BASE_ORDER

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group", OpenApiTypes.STR, description="A country group's slug, e.g. sco."
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.INT,
                description=f"Films made in this year or later ({YEAR_MIN} to {YEAR_MAX}).",
            ),
            *_parameters(KeysetPagination().get_schema_operation_parameters(None)),
        ]
    )
    def get(self, request):
        form = CoproductionFilterForm(
            request.query_params, groups=list(coproduction_queries.country_groups())
        )
        if not form.is_valid():
            raise translate_validation(form.errors)
        filters = form.filters()
        matrix = coproduction_queries.coproduction_matrix(**filters)
        bases = self.paginate_queryset(coproduction_queries.production_bases())
        coproduction_queries.count_films_made(bases)
        pairs = sorted(matrix["pairs"].items(), key=lambda item: (-item[1], item[0]))
        figures = {
            "coproduced_films": matrix["films"],
            "countries": matrix["countries"],
            "pairs": [{"countries": list(pair), "films": films} for pair, films in pairs],
            "reported_figures": coproduction_queries.coproduction_figures(),
            "production_bases": self.paginator.get_paginated_response(bases).data,
        }
        context = {**self.get_serializer_context(), "since": filters["since"]}
        return Response(self.get_serializer_class()(figures, context=context).data)


jury_service_list = cached_page()(JuryServiceList.as_view())
coproductions = cached_page()(Coproductions.as_view())
