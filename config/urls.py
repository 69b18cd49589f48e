from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api import open_data_views
from config import health, search, seo, views
from config.sitemaps import sitemaps
from core.observability.metrics import metrics

# A database fault raised outside the view gets the 503 page (core/db/faults.py).
handler500 = "core.db.faults.server_error"
handler404 = "config.views.not_found"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),  # a 404 unless METRICS is on and the address allowed
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", seo.robots_txt, name="robots-txt"),
    path("api/v1/", include("api.urls")),
    path("open-data/catalog.zip", open_data_views.open_data_latest, name="open-data-latest"),
    path(
        "open-data/catalog-<slug:token>.zip",
        open_data_views.open_data_download,
        name="open-data-download",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", search.search, name="search"),
    path("search/suggest/", search.search_suggest, name="search-suggest"),
    path("open-data/", open_data_views.open_data_page, name="open-data"),
    path("", include("alliance.urls")),
    path("", include("filmweek.urls")),
    path("", include("screenings.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
