"""The Prometheus metrics endpoint (django-prometheus), for the addresses allowed to read it."""

import functools
import ipaddress

from django.conf import settings
from django.http import Http404


@functools.lru_cache(maxsize=16)
def networks(allowed):
    """The networks of a tuple of addresses or CIDR blocks ("127.0.0.1", "10.0.0.0/8");
    ValueError names a malformed one."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in allowed)


def address_allowed(address, allowed):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks(tuple(allowed)))


def metrics(request):
    """The metrics in Prometheus' text format. A 404, as for any unknown address, unless METRICS
    is on and the request comes from METRICS_ALLOWED: REMOTE_ADDR counts, not X-Forwarded-For,
    which anyone can write."""
    if not settings.METRICS or not address_allowed(
        request.META.get("REMOTE_ADDR", ""), settings.METRICS_ALLOWED
    ):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView  # imported only when METRICS is on

    return ExportToDjangoView(request)
