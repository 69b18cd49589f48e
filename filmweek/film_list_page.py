"""The film list page, built so that a request reads nothing but its rows from the database.

Which films a page shows, in which order, is read from the database on every request. What only
a write can change is kept under the version tokens of what it shows (core.cache.versions),
in the shared cache (Redis in production) and, in front of it, in this process's memory
(alliance.local_memory):
- the page's plan, under the catalog's token and the address (origin, path and query string):
  the page's HTML around its results (layout, filter form, total) and the compiled query of its
  rows (core.db.keyset.plan_page);
- each film's card, per language, under the tokens of the film and production-country tables;
- a filter's capped total, under the catalog's token and the filter's cleaned values, so that its
  pages and orders share it.
So a request makes one cache round trip for the tokens and one query for its rows; the shared
cache is read again only for what this process does not hold, and the ORM, forms and templates
run only for what is not kept. Keys carry the release (settings.RELEASE): a deploy that changes
a template renders them anew. A cache that cannot be reached is logged and every part is
computed, as without a cache; so is the page of a signed-in visitor, which has account links.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import connection
from django.template.defaulttags import querystring
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.local_memory import RecentValues
from alliance.url_templates import Link
from core.cache.versions import CATALOG_KEY, read_many, table_key, tokens, write_many
from core.db.keyset import KeysetPlan, capped_count, plan_page, run_plan
from filmweek import queries
from filmweek.filters import FilmFilter
from filmweek.models import Film, FilmCountry

FILM_PAGE = 50
TIMEOUT = 3600
# A card shows the film's own fields and its production countries (named from the code).
CARD_TABLES = (Film, FilmCountry)
# Where the results go in a plan's HTML; escaped wherever a visitor could have typed it.
RESULTS_MARK = "<!--film-list-results-->"

# Plans are about 40 KB (the filter form is most of it), cards under 1 KB.
PLANS = RecentValues(size=64, seconds=TIMEOUT)
CARDS = RecentValues(size=2000, seconds=TIMEOUT)
TOTALS = RecentValues(size=256, seconds=TIMEOUT)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilmListPlan:
    keyset: KeysetPlan
    head: str  # the page's HTML before its results
    tail: str  # and after them
    labels: dict  # of the results, translated
    links: tuple  # the page links' hrefs, see _link_templates


def _digest(value):
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


class Versions:
    """The tokens of the catalog and of the card tables, read in one round trip; `usable` is
    False when the cache cannot be reached, and then nothing is kept."""

    def __init__(self):
        keys = [CATALOG_KEY, *(table_key(model) for model in CARD_TABLES)]
        try:
            values = tokens(keys)
        except Exception:  # any cache client error: the parts are computed, not kept
            logger.exception("The cache versions could not be read")
            values = [None for key in keys]
        self.usable = None not in values
        language = get_language()
        self.catalog = f"films:{settings.RELEASE}:{connection.vendor}:{language}:{values[0]}"
        self.cards = f"film-card:{settings.RELEASE}:{language}:" + ":".join(map(str, values[1:]))


def page_html(request):
    """The film list page that `request` asks for."""
    versions = Versions()
    key = _plan_key(request, versions)
    plan = _read(PLANS, key) if key else None
    if plan is None:
        plan, page = _new_plan(request, versions)
        # A page that used a CSRF token is this visitor's alone (as the page cache has it).
        if key and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            _keep(PLANS, key, plan)
    else:
        page = run_plan(plan.keyset)
    results = _results_html(request, page, plan, _cards_html(page.pks, versions))
    return plan.head + results + plan.tail


def _plan_key(request, versions):
    """Where this address's plan is kept, or None: nothing is kept without a cache, or for a
    signed-in visitor."""
    if not versions.usable or request.user.is_authenticated:
        return None
    origin = f"{request.scheme}://{request.get_host()}"
    address = (origin, request.path, request.META.get("QUERY_STRING", ""))
    return f"{versions.catalog}:plan:{_digest(address)}"


def _read(store, key):
    """The value kept under `key`: from this process, else from the shared cache (and then
    held here too); None when neither has it."""
    value = store.get(key)
    if value is None:
        value = read_many([key]).get(key)
        if value is not None:
            store.put(key, value)
    return value


def _keep(store, key, value):
    write_many({key: value}, TIMEOUT)
    store.put(key, value)


def _new_plan(request, versions):
    """(FilmListPlan, RowsPage): the page's plan made with the filter, and its rows."""
    filterset = FilmFilter(request.GET, queryset=queries.film_list())
    keys = filterset.sort_keys()
    count = partial(_total, filterset, versions)
    keyset, page = plan_page(filterset.qs, keys, request.GET, FILM_PAGE, count=count)
    context = {
        "filter": filterset,
        "form_label": _("Filter films"),
        "page_obj": keyset,
        "results_html": mark_safe(RESULTS_MARK),  # noqa: S308 (a constant)
    }
    head, tail = render_to_string("filmweek/film_list.html", context, request).split(RESULTS_MARK)
    links = _link_templates(request.GET)
    return FilmListPlan(keyset, head, tail, _result_labels(), links), page


def _result_labels():
    return {
        "no_match": _("No film matches these filters."),
        "show_all": _("Show all films"),
        "pages": _("Pages"),
        "first_label": _("First"),
        "previous_label": _("Previous"),
        "next_label": _("Next"),
    }


def _total(filterset, versions, queryset):
    """capped_count of the filtered films, kept under the filter's cleaned values (its order
    left out)."""
    if not versions.usable:
        return capped_count(queryset)
    cleaned = filterset.form.cleaned_data
    chosen = sorted((name, value) for name, value in cleaned.items() if name != "sort")
    key = f"{versions.catalog}:count:{_digest(chosen)}"
    total = _read(TOTALS, key)
    if total is None:
        total = capped_count(queryset)
        _keep(TOTALS, key, total)
    return total


def _link_templates(query):
    """The hrefs keyset_pagination.html writes with {% querystring %} for the page at `query`
    (request.GET), made once per plan: the first page's whole, and the previous and next
    pages' split where their cursor goes (a base64url cursor needs no escaping)."""
    first = querystring(None, query, after=None, before=None, page=None)
    previous = querystring(None, query, before="", after=None, page=None)
    following = querystring(None, query, after="", before=None, page=None)
    return first, _split_at(previous, "before"), _split_at(following, "after")


def _split_at(href, name):
    # Keys and values are percent-encoded, so "?name=" or "&name=" then "&" or the end is the
    # empty value's one place.
    end = re.search(rf"[?&]{name}=(?=&|$)", href).end()
    return href[:end], href[end:]


def _results_html(request, page, plan, cards):
    """The cards and the links to the pages before and after."""
    first, (to_previous, after_previous), (to_next, after_next) = plan.links
    context = {
        **plan.labels,
        "cards": mark_safe(cards),  # noqa: S308 (rendered by an autoescaping template)
        "path": request.path,
        "first": page.has_previous and first,
        "previous": page.has_previous and f"{to_previous}{page.previous_cursor}{after_previous}",
        "next": page.has_next and f"{to_next}{page.next_cursor}{after_next}",
    }
    return get_template("filmweek/film_results.html", using="jinja2").render(context)


def _cards_html(pks, versions):
    """The cards of the films `pks`, in order."""
    keys = [f"{versions.cards}:{pk}" for pk in pks]
    found = CARDS.get_many(keys)
    if len(found) < len(keys) and versions.usable:
        shared = read_many([key for key in keys if key not in found])
        CARDS.put_many(shared)
        found.update(shared)
    missing = {pk: key for pk, key in zip(pks, keys, strict=True) if key not in found}
    if missing:
        rendered = dict(zip(missing.values(), _render_cards(list(missing)), strict=True))
        if versions.usable:
            write_many(rendered, TIMEOUT)
            CARDS.put_many(rendered)
        found.update(rendered)
    return "".join(found[key] for key in keys)


def _render_cards(pks):
    """One card's HTML for each film of `pks`, from the Jinja2 template (the list's hottest
    part); "" for a film unpublished since its page's rows were read."""
    cards = queries.film_cards(pks)
    template = get_template("filmweek/film_card.html", using="jinja2")
    labels = {
        "film_link": Link("film-detail"),
        "countries_label": _("Production countries"),
        "coproduction_label": _("Co-production"),
    }
    return [template.render({**labels, "film": cards[pk]}) if pk in cards else "" for pk in pks]
