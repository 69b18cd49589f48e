"""The Content-Security-Policy (django-csp) and Permissions-Policy (core.security) of every
response."""

import base64
import hashlib

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_HASHES, UNSAFE_INLINE

# The few inline bits of third-party admin templates, allowed by their exact text (a hash:
# nothing else inline is). The browser tests (tests/browser/test_csp.py) fail on any other.
THIRD_PARTY_STYLE_ATTRIBUTES = [
    "border-top: 0",  # django-simple-history: the paginator of a record's history
    "padding: 0;",  # django-import-export: the export form's list of fields
    "font-weight: bold;",  # django-import-export: its "Select all" label
]
THIRD_PARTY_EVENT_HANDLERS = [
    "onSelectToggleChange(event)",  # django-import-export: its "Select all" box
]


def source_hash(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# Scripts, styles, images and fonts come from the site itself, never inline, and no nonces
# either: cached pages are shared by every visitor.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "script-src-attr": [UNSAFE_HASHES, *map(source_hash, THIRD_PARTY_EVENT_HANDLERS)],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_HASHES, *map(source_hash, THIRD_PARTY_STYLE_ATTRIBUTES)],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The back office's theme (django-unfold) runs Alpine.js, which evaluates its attributes as
# code, writes its colours in an inline <style> and sizes elements with style attributes; its
# form controls draw their ticks and arrows as data: images. Under /admin/ only
# (core.security.AdminContentSecurityPolicyMiddleware) these directives replace the ones above:
# still nothing from another host, and still no inline <script>.
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": [SELF, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
}


def with_image_sources(policy, origins):
    """`policy` (django-csp's setting, or a dict of directives) with `origins` added to its
    img-src: those of an S3 media store, whose addresses are not the site's own."""
    if not origins:
        return policy
    if "DIRECTIVES" in policy:
        return {**policy, "DIRECTIVES": with_image_sources(policy["DIRECTIVES"], origins)}
    return {**policy, "img-src": [*policy["img-src"], *origins]}


# Browser features no page uses, refused to every script.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
