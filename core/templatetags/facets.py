from django import template

from core.forms.facets import CountedFilters

register = template.Library()


@register.filter
def with_counts(filterset):
    """The filter set's form, with each option's count when the filter set counts them."""
    if isinstance(filterset, CountedFilters):
        return filterset.counted_form
    return filterset.form
