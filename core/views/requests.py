"""Helpers of views that take input from the public: where the request came from and how often."""

from django.core.cache import cache

RATE_WINDOW_SECONDS = 3600


def over_rate_limit(request, scope, limit):
    """Count this request of `scope` against its address; True once the address has made more
    than `limit` of them within the hour (a counter in the cache)."""
    key = f"rate:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count > limit


def site_origin(request):
    """ "https://host" of the current request, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")
