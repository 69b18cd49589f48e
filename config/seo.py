"""What search engines and link previews read: robots.txt, and the canonical URL, language
alternates and current navigation section that base.html puts on every page."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, to_locale
from django.views.decorators.http import require_GET

# Open Graph wants language_TERRITORY; Django's own locale name for zh-hans is zh_Hans.
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}

# URL name -> (navigation section, URL name of the section's own page).
NAV_SECTIONS = {
    "film-week-list": "film-weeks",
    "film-week-detail": "film-weeks",
    "film-list": "films",
    "film-detail": "films",
    "person-list": "people",
    "person-detail": "people",
    "award-list": "awards",
    "jury-list": "juries",
    "member-list": "members",
    "co-productions": "co-productions",
    "schedule": "schedule",
    "venue-detail": "schedule",
    "tour-list": "tours",
    "tour-detail": "tours",
    "programme": "programme",
}
NAV_SECTION_PAGES = {
    "film-week-list",
    "film-list",
    "person-list",
    "award-list",
    "jury-list",
    "member-list",
    "co-productions",
    "schedule",
    "tour-list",
    "programme",
}


def og_locale(language_code):
    return OG_LOCALES.get(language_code, to_locale(language_code))


def translated_paths(request):
    """{language code: this page's path in that language}, for the alternates and the switcher
    (translate_url resolves and reverses: once per language and request)."""
    return {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}


def language_alternates(request, paths):
    """The page in every language, plus x-default: the unprefixed path, which redirects by the
    browser's language (the form Django's i18n sitemap uses too)."""
    alternates = [
        {"hreflang": code, "url": request.build_absolute_uri(path)} for code, path in paths.items()
    ]
    default = settings.LANGUAGE_CODE
    default_path = paths[default]
    if default_path.startswith(f"/{default}/"):
        unprefixed = default_path.replace(f"/{default}/", "/", 1)
        alternates.append({"hreflang": "x-default", "url": request.build_absolute_uri(unprefixed)})
    return alternates


def language_links(request, paths):
    """The language switcher's links: this page, query string kept, in each language."""
    query = request.META.get("QUERY_STRING", "")
    current = get_language() or settings.LANGUAGE_CODE
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": path + (f"?{query}" if query else ""),
            "current": code == current,
        }
        for code, path in paths.items()
    ]


def page_links(request):
    """Template context processor: the site's origin (to make media URLs absolute for og:image),
    the canonical URL (the path, no query string), the language alternates, Open Graph locales
    and the navigation section of the current page."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    current = get_language() or settings.LANGUAGE_CODE
    paths = translated_paths(request)
    return {
        "site_origin": request.build_absolute_uri("/").rstrip("/"),
        "canonical_url": request.build_absolute_uri(request.path),
        "language_alternates": language_alternates(request, paths),
        "language_links": language_links(request, paths),
        "og_locale": og_locale(current),
        "og_locale_alternates": [
            og_locale(code) for code, _name in settings.LANGUAGES if code != current
        ],
        "nav_section": NAV_SECTIONS.get(url_name, ""),
        "nav_current": "page" if url_name in NAV_SECTION_PAGES else "true",
    }


@require_GET
def robots_txt(request):
    private = ["/admin/"] + [f"/{code}/account/" for code, _name in settings.LANGUAGES]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in private),
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
