"""The public pages' cache, with ETag and 304 responses.

A public page is stored under a key made of: its full path (language prefix and query string
included), the release of the code, a time bucket (pages that show "upcoming" screenings follow
the clock), and the version tokens (alliance.cache_versions) of the catalog tables it reads. A
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
from django.utils.cache import patch_cache_control, patch_vary_headers

from alliance.cache_versions import record_key, table_key, tokens

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
    """The token keys a page depends on."""
    return [
        record_key(model, slug) if slug and model._meta.label_lower == page.own_record else key
        for model, key in _table_keys()
    ]


def page_key(request, page, slug):
    bucket = int(time.time()) // settings.PAGE_CACHE_SECONDS
    parts = [settings.RELEASE, request.get_full_path(), str(bucket)]
    parts += tokens(version_keys(page, slug))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


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


class PageCacheMiddleware:
    """Serves and stores the pages of PAGES; placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "page_cache_key", None)
        if key is None or response.status_code != 200:
            return response
        if not response.streaming and not response.cookies and not _sets_csrf_cookie(request):
            stored = (response["Content-Type"], response.content)
            try:
                cache.set(f"page:{key}", stored, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # any cache client error: the page is served all the same
                logger.exception("Could not store a page in the cache")
        return _with_etag(response, f'"{key}"')

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE or not _cacheable_request(request):
            return None
        page = PAGES.get(getattr(request.resolver_match, "url_name", None))
        if page is None:
            return None
        try:
            key = page_key(request, page, view_kwargs.get("slug"))
            etag = f'"{key}"'
            if _matches(request.headers.get("If-None-Match", ""), etag):
                return _with_etag(HttpResponseNotModified(), etag)
            stored = cache.get(f"page:{key}")
        except Exception:  # any cache client error: render the page as if uncached
            logger.exception("The page cache could not be read")
            return None
        if stored is not None:
            content_type, content = stored
            return _with_etag(HttpResponse(content, content_type=content_type), etag)
        request.page_cache_key = key  # rendered by the view, stored on the way out
        return None


def _sets_csrf_cookie(request):
    """The page used a CSRF token: it must not be shared."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
