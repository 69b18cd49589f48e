"""The sitemaps: every published record with a public page, and the list pages, in each language
with hreflang alternates. sitemap.xml is an index of one sitemap per section, each split into
pages of `limit` URLs (?p=2, ...), so that no file nears the protocol's 50,000 URLs and no request
reads a whole table."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import get_language

from alliance.models import Alliance, Institution
from filmweek.models import Film, FilmWeek, Person
from screenings.models import Tour, Venue


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # <url> entries per page: one per record and language (each with its alternates), so 500
    # records a page in two languages.
    limit = 1000


class LanguagePairs:
    """The (record, language) pairs Django's i18n sitemap pages through, read lazily: the length is
    a COUNT and a slice reads only the records it covers (Django would build the pairs of the whole
    table for every page, and again for the index)."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("LanguagePairs supports plain slices only")
        start, stop = index.start or 0, index.stop
        per_record = len(self.languages)
        first = start // per_record
        last = None if stop is None else -(-stop // per_record)
        pairs = [(item, code) for item in self.queryset[first:last] for code in self.languages]
        skip = start - first * per_record
        return pairs[skip : None if stop is None else stop - first * per_record]


class PublishedSitemap(BilingualSitemap):
    """The published rows of `model`, by pk; each page's URL comes from its get_absolute_url."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        """Django asks for a record's URL in a language once for its own entry and again for every
        entry's alternates: reverse it once per language, on the record read for this page."""
        paths = item.__dict__.setdefault("sitemap_paths", {})
        language = get_language()
        if language not in paths:
            paths[language] = item.get_absolute_url()
        return paths[language]

    def lastmod(self, item):
        return item.updated_at

    @property
    def paginator(self):
        return Paginator(LanguagePairs(self.items(), self._languages()), self.limit)

    def get_latest_lastmod(self):
        """For the index: one MAX query rather than every record's lastmod."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ListPagesSitemap(BilingualSitemap):
    url_names = [
        "home",
        "film-week-list",
        "film-list",
        "person-list",
        "award-list",
        "jury-list",
        "member-list",
        "co-productions",
        "tour-list",
        "schedule",
        "programme",
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
