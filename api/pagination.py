"""Cursor pages of the API's lists: the keyset pages of the HTML lists (core.db.keyset), with the
same `after`/`before` cursors, as absolute `next`/`previous` links. A malformed cursor or limit
is a 400 naming the parameter, never the first page in disguise."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.db.keyset import COUNT_CAP, InvalidCursor, keyset_page

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CURSORS = ("after", "before")

LIMIT_FIELD = forms.IntegerField(min_value=1, max_value=MAX_LIMIT)


def page_limit(params):
    """The `limit` asked for (DEFAULT_LIMIT when absent), or a 400 saying why not."""
    raw = params.get("limit", "")
    if raw == "":
        return DEFAULT_LIMIT
    try:
        return LIMIT_FIELD.clean(raw[:20])
    except forms.ValidationError as error:
        raise ValidationError({"limit": error.messages}) from None


class KeysetPagination(BasePagination):
    """Pages in the order `view.sort_keys()` gives (it ends on a unique column)."""

    def paginate_queryset(self, queryset, request, view=None):
        limit = page_limit(request.query_params)
        try:
            self.page = keyset_page(
                queryset, view.sort_keys(), request.query_params, limit, strict=True
            )
        except InvalidCursor as error:
            message = _("This cursor is not one of this list's; follow the next or previous link.")
            raise ValidationError({error.parameter: [message]}) from None
        self.request = request
        return list(self.page)

    def _link(self, name, cursor):
        if not cursor:
            return None
        url = self.request.build_absolute_uri()
        for other in CURSORS:
            url = remove_query_param(url, other)
        return replace_query_param(url, name, cursor)

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "count": min(page.total, COUNT_CAP),
                "count_is_capped": page.total_is_capped,
                "next": self._link("after", page.next_cursor),
                "previous": self._link("before", page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_is_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"How many rows match, counted up to {COUNT_CAP}.",
                },
                "count_is_capped": {
                    "type": "boolean",
                    "description": f"True when more than {COUNT_CAP} rows match.",
                },
                "next": {**link, "description": "The next page; null on the last one."},
                "previous": {**link, "description": "The page before; null on the first one."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def cursor(name, description):
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }

        return [
            cursor("after", "The cursor of a `next` link: the rows after it."),
            cursor("before", "The cursor of a `previous` link: the rows before it."),
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {MAX_LIMIT} ({DEFAULT_LIMIT} by default).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
        ]
