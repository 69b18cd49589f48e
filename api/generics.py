"""What every endpoint of the API shares: answers in English, marked for public caches, lists
filtered by the HTML pages' FilterSets and paged by keyset cursors, details found by slug.

Every answer is in English (error messages, the order of titles): the address alone decides the
JSON, as the page cache that keeps it assumes."""

from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from api.pagination import KeysetPagination

# Public caches may keep an answer this long; the page cache behind them renews it on a write.
MAX_AGE_SECONDS = 60


class EnglishPublicMixin:
    """Answers made in English, and marked for public caches when they succeed."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        response["Content-Language"] = "en"
        return response


# The value is not repeated back: it can be a 10 KB string.
INVALID_CHOICE = _("This is not one of the choices.")


def refusal(form):
    """A 400 naming each parameter the form refused. The HTML pages' messages say what the page
    does instead (leaves the value out); the API refuses the value, so it says the field's own
    message."""

    def message(field, error):
        if error.code == "invalid_choice":
            return INVALID_CHOICE
        default = type(field).default_error_messages.get(error.code)
        return default if default and not error.params else " ".join(error.messages)

    return ValidationError(
        {
            name: [message(form.fields.get(name), error) for error in errors]
            for name, errors in form.errors.as_data().items()
        }
    )


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend (an invalid value is a 400 naming its parameter), keeping the
    FilterSet on the view: the film list's `sort` chooses its cursor order."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise refusal(filterset.form)
        view.filterset = filterset
        return filterset.qs


class ListView(EnglishPublicMixin, generics.ListAPIView):
    """A list in `sort_order` (ending on a unique column), paged by keyset cursors."""

    filter_backends = [FilterSetBackend]
    pagination_class = KeysetPagination
    sort_order = None

    def sort_keys(self):
        return self.sort_order


class DetailView(EnglishPublicMixin, generics.RetrieveAPIView):
    lookup_field = "slug"
