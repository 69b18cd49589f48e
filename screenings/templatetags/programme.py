"""`{% programme_full_message %}`: what a star says when the visitor's programme is full, on
every page that has stars (static/js/programme.js shows it) and on the programme page that
refuses an item without JavaScript."""

from django import template
from django.utils.translation import ngettext

from screenings.programme_code import MAX_ITEMS

register = template.Library()


@register.simple_tag
def programme_full_message():
    return ngettext(
        "Your programme is full (%(count)s item). Remove one to add another.",
        "Your programme is full (%(count)s items). Remove one to add another.",
        MAX_ITEMS,
    ) % {"count": MAX_ITEMS}
