"""Response headers of the security policy that Django's SecurityMiddleware does not send."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def permissions_policy_header(policy):
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Sends PERMISSIONS_POLICY as the Permissions-Policy header on every response: the
    browser features the site never uses stay off, even for a script that got in."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminContentSecurityPolicyMiddleware:
    """Under the admin's address, replaces directives of the Content-Security-Policy with
    those of ADMIN_CONTENT_SECURITY_POLICY (the admin theme's needs, config/security.py); every
    other page keeps the strict policy. Placed just inside django-csp's middleware, which
    reads the replacement from the response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.replacement = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", {})

    def __call__(self, request):
        response = self.get_response(request)
        if self.replacement and request.path.startswith(admin_prefix()):
            response._csp_replace = {**getattr(response, "_csp_replace", {}), **self.replacement}
        return response


def admin_prefix():
    """The address of the admin's home ("/admin/"), or one no path starts with."""
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "\0"
