"""Helpers of views that take input from the public: where the request came from and how often."""

import functools
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

from core.observability.metrics import address_allowed

RATE_WINDOW_SECONDS = 3600
PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE_OFF = ("", "off")


def counted(key, timeout):
    """Add one to the counter `key` in the cache, made with `timeout` seconds to live when
    missing; its new value. Atomic in a shared cache (incr, and add, which only one request
    wins), and one round trip while the counter exists."""
    try:
        return cache.incr(key)
    except ValueError:  # missing: new, or expired
        pass
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)  # another request made it meanwhile
    except ValueError:  # and it expired since
        cache.set(key, 1, timeout=timeout)
        return 1


def client_address(request):
    """The address of the client: REMOTE_ADDR, unless that is one of TRUSTED_PROXIES (the web
    server in front of the workers); then X-Forwarded-For read from the right, past the trusted
    proxies, stopping at the first address none of them is. What lies left of it anyone can
    write."""
    address = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES:
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    hops = [hop.strip() for hop in forwarded if hop.strip()]
    while hops and address_allowed(address, settings.TRUSTED_PROXIES):
        address = hops.pop()
    return address


def over_rate_limit(request, scope, limit):
    """Count this request of `scope` against its address; True once the address has made more
    than `limit` of them within the hour (a counter in the cache)."""
    key = f"rate:{scope}:{client_address(request)}"
    return counted(key, RATE_WINDOW_SECONDS) > limit


@functools.lru_cache(maxsize=16)
def parse_rate(rate):
    """(requests, seconds) of a rate such as "60/minute" (per second, minute, hour or day);
    None for "" or "off". ValueError says what is wrong with a malformed one."""
    text = rate.strip().lower()
    if text in RATE_OFF:
        return None
    count, _slash, period = text.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in PERIOD_SECONDS:
        raise ValueError("use <requests>/<second|minute|hour|day>, e.g. 60/minute, or off")
    return int(count), PERIOD_SECONDS[period]


def seconds_to_wait(key, rate):
    """Count a request against `rate` (requests, seconds) in the window of the clock it falls
    in (a minute from :00 for "/minute"); 0 while within the rate, else the seconds until the
    window ends."""
    requests, seconds = rate
    now = time.time()
    window = int(now // seconds)
    if counted(f"{key}:{window}", seconds) <= requests:
        return 0
    return math.ceil((window + 1) * seconds - now)


def address_group(address):
    """The client address a limit counts: an IPv4 address as it is, an IPv6 one by its /64
    network, inside which one subscriber may take any address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def site_origin(request):
    """ "https://host" of the current request, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")
