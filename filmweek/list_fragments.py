"""The film list's costly parts, kept in the cache (Redis in production) under the version tokens
of the tables they show (alliance.cache_versions).

What the request asks for, which films in which order, is read from the database every time.
What only a write can change is rendered once and then read back in one cache round trip:
- each film's card, per language, under the tokens of the film and production-country tables;
- the capped total of a filter, under the catalog's token and the filter's cleaned values;
- the filter form's HTML, under the catalog's token and the values it was sent.
Keys carry the release (settings.RELEASE): a deploy that changes a template renders them anew.
A cache that cannot be reached is logged and the part is computed, as without a cache.
"""

import hashlib
import logging

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.cache_versions import CATALOG_KEY, read_many, table_key, tokens, write_many
from alliance.keyset import capped_count
from alliance.url_templates import Link
from filmweek import queries
from filmweek.models import Film, FilmCountry

TIMEOUT = 3600
# A card shows the film's own fields and its production countries (named from the code).
CARD_TABLES = (Film, FilmCountry)

logger = logging.getLogger(__name__)


def _digest(value):
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


def _versions():
    keys = [CATALOG_KEY, *(table_key(model) for model in CARD_TABLES)]
    try:
        return tokens(keys)
    except Exception:  # any cache client error: the parts are computed, not kept
        logger.exception("The cache versions could not be read")
        return [None for key in keys]


class FilmListFragments:
    """The cached parts of one request's film list, for `filterset` (a bound FilmFilter)."""

    def __init__(self, request, filterset):
        self.request, self.filterset = request, filterset
        versions = _versions()
        self.usable = None not in versions
        language = get_language()
        self.catalog_prefix = f"films:{settings.RELEASE}:{language}:{versions[0]}"
        card_versions = ":".join(map(str, versions[1:]))
        self.card_prefix = f"film-card:{settings.RELEASE}:{language}:{card_versions}"

    def count(self, queryset):
        """capped_count of the filtered films, which the filter's cleaned values decide."""
        if not self.usable:
            return capped_count(queryset)
        cleaned = self.filterset.form.cleaned_data
        chosen = sorted((name, value) for name, value in cleaned.items() if name != "sort")
        key = f"{self.catalog_prefix}:count:{_digest(chosen)}"
        found = read_many([key])
        if key in found:
            return found[key]
        total = capped_count(queryset)
        write_many({key: total}, TIMEOUT)
        return total

    def filter_form_html(self):
        """The filter form as sent: its values, its errors and the choices of the moment."""
        data = self.filterset.data
        sent = [(name, data.getlist(name)) for name in self.filterset.filters]
        key = f"{self.catalog_prefix}:form:{_digest((self.request.path, sent))}"
        found = read_many([key]) if self.usable else {}
        if key in found:
            return mark_safe(found[key])  # noqa: S308 (rendered by an autoescaping template)
        html = render_to_string(
            "includes/filter_form.html",
            {"filter": self.filterset, "form_label": _("Filter films"), "request": self.request},
        )
        if self.usable:
            write_many({key: str(html)}, TIMEOUT)
        return html

    def cards_html(self, films):
        """The cards of `films`, in order, as one list; "" when there is none."""
        if not films:
            return ""
        keys = [f"{self.card_prefix}:{film.pk}" for film in films]
        found = read_many(keys) if self.usable else {}
        missing = [(film, key) for film, key in zip(films, keys, strict=True) if key not in found]
        if missing:
            cards = _render_cards([film for film, key in missing])
            rendered = dict(zip([key for film, key in missing], cards, strict=True))
            found.update(rendered)
            if self.usable:
                write_many(rendered, TIMEOUT)
        items = "".join(found[key] for key in keys)
        return mark_safe(f'<ul class="cards catalog-cards">{items}\n</ul>')  # noqa: S308


def _render_cards(films):
    """One card's HTML for each of `films`, from the Jinja2 template (the list's hottest part)."""
    template = get_template("filmweek/film_card.html", using="jinja2")
    labels = {
        "film_link": Link("film-detail"),
        "countries_label": _("Production countries"),
        "coproduction_label": _("Co-production"),
    }
    return [template.render({**labels, "film": card}) for card in queries.film_cards(films)]
