"""Rate limits of the API, counted in the shared cache (Redis in production, so that they hold
across workers): API_RATE_ANON per client address, API_RATE_KEY per key for a request that sends
one in the X-API-Key header. An unknown or revoked key is a 401, not an anonymous request. The
address is REMOTE_ADDR, or behind TRUSTED_PROXIES the one they forwarded.

ApiThrottleMiddleware sits before the page cache: an answer served from the cache, a 304
included, counts as much as one the view makes. CorsMiddleware, outside it, gives the 401 and
the 429 their CORS headers, so a page on another site can read why it was refused.

Every request under /api/ counts, the schema and the docs page too (the schema is the costliest
answer to make and is not kept in the page cache), but OPTIONS: CORS preflights are answered by
CorsMiddleware before they get here, and any other OPTIONS reads no data."""

import logging

from django.conf import settings
from django.http import JsonResponse

from api import services
from api.models import KEY_HEADER, ApiKey
from core.views.requests import address_group, client_address, parse_rate, seconds_to_wait

API_PREFIX = "/api/"
SECURITY_SCHEME = "ApiKey"

logger = logging.getLogger(__name__)


def _refusal(status, detail, **headers):
    # No cache may keep a refusal: the same address is answered as soon as the window ends.
    return JsonResponse(
        {"detail": detail}, status=status, headers={"Cache-Control": "no-store", **headers}
    )


def _seconds_to_wait(counter, rate):
    """0 within the rate (or with none), else the seconds to wait; 0 when the cache fails:
    the API stays open rather than refusing everyone."""
    parsed = parse_rate(rate)
    if parsed is None:
        return 0
    try:
        return seconds_to_wait(counter, parsed)
    except Exception:  # any cache client error
        logger.exception("The API rate limit could not be counted")
        return 0


class ApiThrottleMiddleware:
    """401 for a bad key, 429 over the rate, before the page cache; anything else goes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        sent = request.headers.get(KEY_HEADER)
        if sent is None:
            address = address_group(client_address(request))
            counter, rate = f"rate:api-anon:{address}", settings.API_RATE_ANON
        else:
            api_key = ApiKey.objects.active().matching(sent.strip())
            if api_key is None:
                return _refusal(
                    401,
                    f"The {KEY_HEADER} header names no valid key: unknown or revoked. Send "
                    "no key to read at the anonymous rate.",
                    **{"WWW-Authenticate": f'{SECURITY_SCHEME} header="{KEY_HEADER}"'},
                )
            try:
                services.api_key_note_use(api_key=api_key)
            except Exception:  # a cache or database fault: the use goes unrecorded, no more
                logger.exception("The use of an API key could not be recorded")
            counter, rate = f"rate:api-key:{api_key.pk}", settings.API_RATE_KEY
        wait = _seconds_to_wait(counter, rate)
        if wait:
            return _refusal(
                429,
                f"Too many requests: {rate}. Try again in {wait} seconds.",
                **{"Retry-After": str(wait)},
            )
        return self.get_response(request)
