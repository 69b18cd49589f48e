"""`{% link url text as name %}`: a link kept as one value, for a translatable sentence whose
word order differs between languages ("CEO, <a>institution</a>" reads "<a>机构</a>首席执行官")."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)
