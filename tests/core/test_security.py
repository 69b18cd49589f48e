"""The Content-Security-Policy and Permissions-Policy headers, on rendered, cached and admin
pages alike."""

import pytest
from django.core.cache import cache

from core.security import permissions_policy_header

CSP = {
    *("default-src 'self'", "base-uri 'self'", "connect-src 'self'", "font-src 'self'"),
    *("form-action 'self'", "frame-ancestors 'none'", "img-src 'self'", "object-src 'none'"),
    *("script-src 'self'", "style-src 'self'"),
    # The inline bits of third-party admin templates (config/security.py), by their hash.
    "script-src-attr 'unsafe-hashes' 'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
    "style-src-attr 'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM=' "
    "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA=' "
    "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",
}
# The back office's theme (django-unfold, config/security.py): Alpine.js and inline styles, and
# data: images for its form controls; still nothing from another host, no inline <script>.
ADMIN_CSP = {
    *(d for d in CSP if not d.startswith(("script-src ", "style-src", "img-src"))),
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
}
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def directives(header):
    return set(header.split("; "))  # django-csp writes them in no fixed order


def test_permissions_policy_header_lists_each_feature_with_its_origins():
    policy = {"camera": [], "fullscreen": ["self", '"https://example.org"']}

    assert permissions_policy_header(policy) == (
        'camera=(), fullscreen=(self "https://example.org")'
    )


@pytest.mark.parametrize("address", ["/healthz", "/en/films/", "/nowhere"])
def test_security_headers_are_on_every_response(db, client, address):
    response = client.get(address)

    assert (directives(response["Content-Security-Policy"]), response["Permissions-Policy"]) == (
        CSP,
        PERMISSIONS,
    )


@pytest.mark.parametrize("address", ["/admin/login/", "/admin/"])
def test_admin_pages_allow_what_the_admin_theme_needs_and_nothing_else(db, client, address):
    response = client.get(address, follow=True)

    assert (directives(response["Content-Security-Policy"]), response["Permissions-Policy"]) == (
        ADMIN_CSP,
        PERMISSIONS,
    )


def test_security_headers_are_on_pages_served_from_the_page_cache(db, client, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    client.get("/en/films/")

    cached = client.get("/en/films/")

    assert (directives(cached["Content-Security-Policy"]), cached["Permissions-Policy"]) == (
        CSP,
        PERMISSIONS,
    )
    cache.clear()
