"""/api/v1/: outside the language prefixes; the JSON carries both languages."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import alliance, exchanges, filmweek, root, screenings

app_name = "api"

urlpatterns = [
    path("", root.api_root, name="root"),
    path("films/", filmweek.film_list, name="film-list"),
    path("films/<slug:slug>/", filmweek.film_detail, name="film-detail"),
    path("people/", filmweek.person_list, name="person-list"),
    path("people/<slug:slug>/", filmweek.person_detail, name="person-detail"),
    path("film-weeks/", filmweek.film_week_list, name="film-week-list"),
    path("film-weeks/<slug:slug>/", filmweek.film_week_detail, name="film-week-detail"),
    path("venues/", screenings.venue_list, name="venue-list"),
    path("venues/<slug:slug>/", screenings.venue_detail, name="venue-detail"),
    path("screenings/", screenings.screening_list, name="screening-list"),
    path("sessions/", screenings.session_list, name="session-list"),
    path("tours/", screenings.tour_list, name="tour-list"),
    path("tours/<slug:slug>/", screenings.tour_detail, name="tour-detail"),
    path("jury-services/", exchanges.jury_service_list, name="jury-service-list"),
    path("co-productions/", exchanges.coproductions, name="co-productions"),
    path("alliances/", alliance.alliance_list, name="alliance-list"),
    path("alliances/<slug:slug>/", alliance.alliance_detail, name="alliance-detail"),
    path("institutions/", alliance.institution_list, name="institution-list"),
    path("institutions/<slug:slug>/", alliance.institution_detail, name="institution-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files; its set-up script is a file of
    # its own too, not inline. Its page has a <style> block and its icons are data: URLs, which
    # the site's policy allows on this page alone.
    path(
        "docs/",
        csp_update({"style-src": "'unsafe-inline'", "img-src": "data:"})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
