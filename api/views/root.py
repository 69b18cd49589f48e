from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.generics import EnglishPublicMixin
from core.cache.pages import cached_page

LISTS = [
    "film-list",
    "person-list",
    "film-week-list",
    "venue-list",
    "screening-list",
    "session-list",
    "tour-list",
    "jury-service-list",
    "co-productions",
    "alliance-list",
    "institution-list",
]


class ApiRoot(EnglishPublicMixin, APIView):
    """The lists of the API, its schema and its documentation."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        names = [*LISTS, "schema", "docs"]
        return Response(
            {name: reverse(f"api:{name}", request=request) for name in names},
        )


api_root = cached_page()(ApiRoot.as_view())
