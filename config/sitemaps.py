"""sitemap.xml: every published record with a public page, and the list pages, in each language
with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from alliance.models import Alliance, Institution
from filmweek.models import Film, FilmWeek, Person
from screenings.models import Tour, Venue


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(BilingualSitemap):
    """The published rows of `model`; each page's URL comes from its get_absolute_url."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ListPagesSitemap(BilingualSitemap):
    url_names = [
        "home",
        "film-week-list",
        "film-list",
        "person-list",
        "member-list",
        "co-productions",
        "tour-list",
        "schedule",
    ]

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": ListPagesSitemap(),
    "alliances": PublishedSitemap(Alliance),
    "institutions": PublishedSitemap(Institution),
    "film-weeks": PublishedSitemap(FilmWeek),
    "films": PublishedSitemap(Film),
    "people": PublishedSitemap(Person),
    "tours": PublishedSitemap(Tour),
    "venues": PublishedSitemap(Venue),
}
