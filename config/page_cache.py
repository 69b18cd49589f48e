"""The public pages' cache, with ETag and 304 responses.

A public page is stored under a key made of: its full path (language prefix and query string
included), the release of the code, a time bucket (pages that show "upcoming" screenings follow
the clock), and the version tokens (core.cache.versions) of the catalog tables it reads. A
detail page whose template shows no other row of its own table reads its own record's token
instead of its table's, so editing one film leaves the other film pages cached. The same key,
hashed, is the page's ETag: a browser that sends it back gets a 304 without the page being
rendered or even read from the cache.

Only anonymous visitors without a session are served from the cache: staff see draft banners
and members their account links, so a request with a session cookie or a messages cookie is
rendered as usual, and so is any response that sets a cookie.
"""

import functools
import hashlib
import logging
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from alliance.local_memory import RecentValues
from core.cache.versions import CATALOG_KEY, new_token, record_key, table_key

CATALOG_APPS = ("alliance", "filmweek", "screenings")
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedPage:
    # The model of a detail page that shows no other row of its own table, named by label.
    own_record: str = ""


# The cached pages by URL name. Detail pages not named with own_record (person, institution,
# alliance, tour) show other rows of their table (co-stars, recommending members...).
PAGES = {
    "home": CachedPage(),
    "search": CachedPage(),
    "film-list": CachedPage(),
    "film-detail": CachedPage("filmweek.film"),
    "person-list": CachedPage(),
    "person-detail": CachedPage(),
    "film-week-list": CachedPage(),
    "film-week-detail": CachedPage("filmweek.filmweek"),
    "co-productions": CachedPage(),
    "member-list": CachedPage(),
    "institution-detail": CachedPage(),
    "alliance-detail": CachedPage(),
    "schedule": CachedPage(),
    "venue-detail": CachedPage("screenings.venue"),
    "tour-list": CachedPage(),
    "tour-detail": CachedPage(),
}


@functools.cache
def catalog_models():
    """The models whose writes renew cached pages (read once: the app registry is fixed)."""
    return [
        model
        for label in CATALOG_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


@functools.cache
def _table_keys():
    return [(model, table_key(model)) for model in catalog_models()]


def version_keys(page, slug):
    """The token keys a page depends on: the catalog's one token; for a detail page that
    shows no other row of its table, its own record's token and those of the other tables, so
    that editing one film leaves the other film pages cached."""
    if not (slug and page.own_record):
        return [CATALOG_KEY]
    return [
        record_key(model, slug) if model._meta.label_lower == page.own_record else key
        for model, key in _table_keys()
    ]


def _digest(parts):
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Lookup:
    """One read of the cache: the address's slot and the page stored in it (or None), and the
    ETag of the page as the current version tokens make it."""

    slot: str
    stored: tuple | None
    etag: str


# The pages this process stored or read last, by slot. A page asked for again under the same
# tokens is taken from here, and the cache server does not send it again (41 KB for a film list
# page); the tokens are still read from the cache on every request.
RECENT_PAGES = RecentValues(size=50, seconds=settings.PAGE_CACHE_SECONDS)


def look_up(request, page, slug):
    """The slot of this address (path, release, time bucket), the page stored in it if it was
    stored under the current tokens, and the ETag made of the slot and those tokens. One round
    trip to the cache: the tokens alone when this process holds a copy of the slot's page,
    else the tokens and the stored page together (and a second one only when the copy here is
    out of date)."""
    bucket = int(time.time()) // settings.PAGE_CACHE_SECONDS
    slot = "page:" + _digest([settings.RELEASE, request.get_full_path(), str(bucket)])
    keys = version_keys(page, slug)
    held_here = slot in RECENT_PAGES
    found = cache.get_many(keys if held_here else [slot, *keys])
    missing = {key: new_token() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    etag = f'"{_digest([slot, *(str(found[key]) for key in keys)])}"'
    stored = RECENT_PAGES.get(slot)
    if stored is None or stored[0] != etag:
        stored = cache.get(slot) if held_here else found.get(slot)
        if stored is not None and stored[0] == etag:
            RECENT_PAGES.put(slot, stored)
        else:
            stored = None
    return Lookup(slot, stored, etag)


def _cacheable_request(request):
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in BYPASS_COOKIES
    )


def _matches(if_none_match, etag):
    return etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}


def _with_etag(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@functools.lru_cache(maxsize=4096)
def cached_page(path):
    """The PAGES entry and URL keyword arguments of a public address, or None. Resolved in the
    language of its prefix, as i18n_patterns resolves it after LocaleMiddleware."""
    language = translation.get_language_from_path(path)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    page = PAGES.get(match.url_name)
    return None if page is None else (page, match.kwargs)


def _stored_response(stored):
    _, headers, content = stored
    # Content-Length as CommonMiddleware sets it on a rendered page.
    return HttpResponse(content, headers={**dict(headers), "Content-Length": str(len(content))})


class PageCacheMiddleware:
    """Serves and stores the pages of PAGES. Placed right after the security and static-file
    middleware: a page served from the cache skips sessions, locale, CSRF, authentication and
    messages, which an anonymous visitor's cached page does not need. The headers those add to
    a page (Content-Language, Vary, X-Frame-Options...) are stored with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        found = cached_page(request.path_info)
        if found is None:
            return self.get_response(request)
        page, kwargs = found
        try:
            lookup = look_up(request, page, kwargs.get("slug"))
        except Exception:  # any cache client error: render the page as if uncached
            logger.exception("The page cache could not be read")
            return self.get_response(request)
        if _matches(request.headers.get("If-None-Match", ""), lookup.etag):
            return _with_etag(HttpResponseNotModified(), lookup.etag)
        if lookup.stored is not None:
            return _stored_response(lookup.stored)
        response = self.get_response(request)
        if response.status_code == 200:
            _with_etag(response, lookup.etag)
        if _storable(request, response):
            headers = [(name, value) for name, value in response.items() if name in KEPT_HEADERS]
            stored = (lookup.etag, headers, response.content)
            RECENT_PAGES.put(lookup.slot, stored)
            try:
                cache.set(lookup.slot, stored, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # any cache client error: the page is served all the same
                logger.exception("Could not store a page in the cache")
        return response


# The headers of a rendered page that a copy from the cache carries too (all of them but the
# Date and Server of the web server and those the security middleware adds on the way out).
KEPT_HEADERS = frozenset(
    {
        "ETag",
        "Cache-Control",
        "Content-Type",
        "Content-Language",
        "Vary",
        "X-Frame-Options",
        "Link",
        "Content-Security-Policy",
    }
)


def _storable(request, response):
    """A complete page for everyone: not an error or redirect, no cookie, no CSRF token (the
    page used one: it must not be shared)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
