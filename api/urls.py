"""/api/v1/: outside the language prefixes; the JSON carries both languages."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("films/", views.film_list, name="film-list"),
    path("films/<slug:slug>/", views.film_detail, name="film-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("film-weeks/", views.film_week_list, name="film-week-list"),
    path("film-weeks/<slug:slug>/", views.film_week_detail, name="film-week-detail"),
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
