"""The public pages' cache, with ETag and 304 responses.

A view opts in with `@cached_page()`. Its page is stored under its address (path and query
string, language prefix included), the release of the code and a time bucket (pages that show
"upcoming" screenings follow the clock), together with the version tokens (core.cache.versions)
it depends on, gathered while it was made:
- a page that lists or counts records depends on the tokens of the tables its queries read (and
  its cached choices came from): editing a person renews the pages that list people, not the
  member directory;
- a page of one record (`@cached_page(records=True)`) depends on the records it loaded, each
  by its own token, and on STRUCTURE_KEY: editing a person renews only the pages that show that
  person, while adding, deleting, publishing or moving a record renews them all.
The page is served while those tokens are unchanged. Its ETag is made of the address and the
tokens: a browser that sends it back gets a 304. A page is `Cache-Control: no-cache` (a browser
asks again each time, and gets a 304 while nothing changed), unless its view declared it
`public` (the API's JSON, the same for everyone): that Cache-Control is kept as it is.

Only anonymous visitors without a session are served from the cache: staff see draft banners
and members their account links, so a request with a session cookie or a messages cookie is
rendered as usual, and so is any response that sets a cookie. A request for a Host that
ALLOWED_HOSTS does not name gets 400, as Django answers it, whether its page is cached or not.
"""

import functools
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from core.cache.versions import STRUCTURE_KEY, WRITES_KEY, collecting, tokens
from core.db import replicas

BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# The headers of a rendered page that a copy from the cache carries too (all of them but the
# Date and Server of the web server and those the security middleware adds on the way out).
KEPT_HEADERS = frozenset(
    {
        "ETag",
        "Cache-Control",
        "Content-Type",
        "Content-Language",
        "Content-Disposition",
        "Vary",
        "X-Frame-Options",
        "Link",
        "Content-Security-Policy",
    }
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageOptions:
    records: bool  # depends on the records it loads, not on the tables it reads


def cached_page(records=False):
    """Mark a view's pages as cached for anonymous visitors (PageCacheMiddleware serves them)."""

    def mark(view):
        view.page_cache = PageOptions(records)
        return view

    return mark


@dataclass(frozen=True)
class StoredPage:
    keys: tuple  # the token keys it depends on
    tokens: tuple  # their values when it was made
    etag: str
    headers: tuple
    content: bytes


@functools.lru_cache(maxsize=4096)
def page_options(path):
    """The PageOptions of the view at a public address, or None. Resolved in the language of
    its prefix, as i18n_patterns resolves it after LocaleMiddleware."""
    language = translation.get_language_from_path(path)
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return getattr(match.func, "page_cache", None)


def _digest(parts):
    return hashlib.blake2b("\n".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def _slot(request, host):
    """Pages carry absolute links (canonical, alternates, feeds), so the host and scheme are
    part of the key as much as the path (the API's JSON too)."""
    bucket = int(time.time()) // settings.PAGE_CACHE_SECONDS
    address = [request.scheme, host, request.get_full_path()]
    return "page:" + _digest([settings.RELEASE, *address, bucket])


def _look_up(slot):
    """(the page stored in `slot` if every token it was made under is still current, else
    None; the current WRITES_KEY token): the page with the catalog-wide tokens, then the
    tokens of the tables or records it was made from, in two round trips."""
    found = cache.get_many([slot, WRITES_KEY, STRUCTURE_KEY, *replicas.position_keys()])
    replicas.take_position(found)
    writes = found.get(WRITES_KEY) or tokens([WRITES_KEY])[0]
    stored = found.get(slot)
    if stored is None:
        return None, writes
    others = [key for key in stored.keys if key not in found]
    if others:
        found.update(cache.get_many(others))
    current = tuple(found.get(key) for key in stored.keys)
    return (stored if current == stored.tokens else None), writes


def _cacheable_request(request):
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in BYPASS_COOKIES
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


def _matches(if_none_match, etag):
    return etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}


def _is_public(response):
    directives = response.get("Cache-Control", "").split(",")
    return "public" in {directive.split("=")[0].strip().lower() for directive in directives}


def _with_etag(response, etag):
    response["ETag"] = etag
    if not _is_public(response):
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def _not_modified(stored):
    """A 304 with the validators and caching headers the page itself carries."""
    response = HttpResponseNotModified()
    for name, value in stored.headers:
        if name in ("Cache-Control", "Vary"):
            response[name] = value
    return _with_etag(response, stored.etag)


def _response(stored):
    # Content-Length as CommonMiddleware sets it on a rendered page.
    headers = {**dict(stored.headers), "Content-Length": str(len(stored.content))}
    return HttpResponse(stored.content, headers=headers)


class PageCacheMiddleware:
    """Serves and stores the pages of views marked with @cached_page. Placed right after the
    security and static-file middleware: a page served from the cache skips sessions, locale,
    CSRF, authentication and messages, which an anonymous visitor's cached page does not need.
    The headers those add to a page (Content-Language, Vary, X-Frame-Options...) are stored
    with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        options = page_options(request.path_info)
        if options is None:
            return self.get_response(request)
        # As CommonMiddleware would: a Host not in ALLOWED_HOSTS raises DisallowedHost, which
        # Django answers with 400, before any page is served from the cache.
        slot = _slot(request, request.get_host())
        try:
            stored, writes_before = _look_up(slot)
        except Exception:  # any cache client error: render the page as if uncached
            logger.exception("The page cache could not be read")
            return self.get_response(request)
        if stored is not None:
            if _matches(request.headers.get("If-None-Match", ""), stored.etag):
                return _not_modified(stored)
            return _response(stored)
        return self._render(request, options, slot, writes_before)

    def _render(self, request, options, slot, writes_before):
        with collecting() as read:
            response = self.get_response(request)
        if not _storable(request, response):
            return response
        keys = (STRUCTURE_KEY, *read.records) if options.records else tuple(read.tables)
        try:
            writes, *values = tokens([WRITES_KEY, *keys])
            if writes != writes_before:  # a write while the page was made: it may be stale
                return response
            etag = f'"{_digest([slot, *values])}"'
            _with_etag(response, etag)
            headers = tuple(
                (name, value) for name, value in response.items() if name in KEPT_HEADERS
            )
            stored = StoredPage(keys, tuple(values), etag, headers, response.content)
            cache.set(slot, stored, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # any cache client error: the page is served all the same
            logger.exception("Could not store a page in the cache")
        return response
