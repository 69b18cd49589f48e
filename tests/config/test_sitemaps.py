"""sitemap.xml: an index of one sitemap per section (/sitemap-<section>.xml), each split into
pages of `limit` URLs (?p=2, ...); every published record and list page in both languages, with
hreflang alternates."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.timezone import localtime

from alliance.models import Alliance, Institution
from config.sitemaps import BilingualSitemap, sitemaps
from core.models import Status
from filmweek.models import Film, FilmWeek, Person
from screenings.models import Tour, Venue
from tests.factories import make_film, make_person

PUBLISHED = {"status": Status.PUBLISHED}
ORIGIN = "http://testserver"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
SECTIONS = [
    "pages",
    "alliances",
    "institutions",
    "film-weeks",
    "films",
    "people",
    "tours",
    "venues",
]
LIST_PAGES = [
    "/",
    "/film-weeks/",
    "/films/",
    "/people/",
    "/awards/",
    "/juries/",
    "/members/",
    "/co-productions/",
    "/tours/",
    "/schedule/",
    "/programme/",
]


def xml(response):
    assert (response.status_code, response["Content-Type"]) == (200, "application/xml")
    return ET.fromstring(response.content)


def index_locations(client):
    """The <loc> of every sitemap that sitemap.xml lists, in order."""
    root = xml(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [sitemap.findtext("s:loc", namespaces=NS) for sitemap in root.findall("s:sitemap", NS)]


def page_urls(client, location):
    """[(location, {hreflang: href})] of every <url> of one sitemap page, in order."""
    root = xml(client.get(location.removeprefix(ORIGIN)))
    return [
        (
            url.findtext("s:loc", namespaces=NS),
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)},
        )
        for url in root.findall("s:url", NS)
    ]


def all_sitemap_urls(client):
    """{location: {hreflang: href}} of every <url> of every sitemap the index lists."""
    return {
        loc: alternates
        for location in index_locations(client)
        for loc, alternates in page_urls(client, location)
    }


def person_urls(person):
    return [f"{ORIGIN}/{lang}/people/{person.slug}/" for lang in ("en", "zh-hans")]


@pytest.fixture
def small_pages(monkeypatch):
    """Sitemap pages of `limit` URLs, so that a handful of records fill several pages."""

    def limit(urls):
        monkeypatch.setattr(BilingualSitemap, "limit", urls)

    return limit


def test_sitemap_index_lists_one_sitemap_per_section(demo, client):
    locations = index_locations(client)

    assert locations == [f"{ORIGIN}/sitemap-{section}.xml" for section in SECTIONS]
    assert list(sitemaps) == SECTIONS


def test_sitemap_lists_every_published_page_in_both_languages(demo, client):
    expected = {f"{ORIGIN}/{lang}{path}" for path in LIST_PAGES for lang in ("en", "zh-hans")}
    for model in (Alliance, Institution, FilmWeek, Film, Person, Tour, Venue):
        for obj in model.objects.published():
            for lang in ("en", "zh-hans"):
                with translation.override(lang):
                    expected.add(ORIGIN + obj.get_absolute_url())

    urls = all_sitemap_urls(client)

    assert set(urls) == expected
    assert f"{ORIGIN}/zh-hans/films/five-hundred-miles/" in urls


def test_sitemap_section_lists_its_records_in_both_languages(demo, client):
    expected = []
    for film in Film.objects.published().order_by("pk"):
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                expected.append(ORIGIN + film.get_absolute_url())

    urls = page_urls(client, "/sitemap-films.xml")

    assert [loc for loc, _alternates in urls] == expected
    assert f"{ORIGIN}/zh-hans/films/five-hundred-miles/" in expected


def test_sitemap_gives_each_page_its_language_alternates(demo, client):
    urls = dict(page_urls(client, "/sitemap-films.xml"))

    assert urls[f"{ORIGIN}/zh-hans/films/five-hundred-miles/"] == {
        "en": f"{ORIGIN}/en/films/five-hundred-miles/",
        "zh-hans": f"{ORIGIN}/zh-hans/films/five-hundred-miles/",
        "x-default": f"{ORIGIN}/films/five-hundred-miles/",
    }


def test_sitemap_list_pages_have_their_language_alternates(db, client):
    urls = dict(page_urls(client, "/sitemap-pages.xml"))

    assert urls[f"{ORIGIN}/zh-hans/people/"] == {
        "en": f"{ORIGIN}/en/people/",
        "zh-hans": f"{ORIGIN}/zh-hans/people/",
        "x-default": f"{ORIGIN}/people/",
    }
    assert len(urls) == 2 * len(LIST_PAGES)


def test_sitemap_leaves_out_drafts(demo, client):
    make_film(slug="draft-film", status=Status.DRAFT)
    make_person(slug="draft-person", status=Status.DRAFT)

    locations = " ".join(all_sitemap_urls(client))

    assert ("draft-film" in locations, "draft-person" in locations) == (False, False)


def test_sitemap_lastmod_is_the_records_update_date(db, client):
    film = make_film(slug="dated-film", **PUBLISHED)

    root = xml(client.get("/sitemap-films.xml"))
    lastmods = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }

    # The date in the site's time zone (Shanghai), as the index's dates are given.
    shown = localtime(film.updated_at).strftime("%Y-%m-%d")
    assert lastmods[f"{ORIGIN}/en/films/dated-film/"] == shown


def test_sitemap_index_dates_each_section_by_its_latest_update(db, client):
    make_film(**PUBLISHED)
    latest = make_film(**PUBLISHED)
    make_film(status=Status.DRAFT)

    root = xml(client.get("/sitemap.xml"))
    lastmods = {
        sitemap.findtext("s:loc", namespaces=NS): sitemap.findtext("s:lastmod", namespaces=NS)
        for sitemap in root.findall("s:sitemap", NS)
    }

    latest.refresh_from_db()
    assert lastmods[f"{ORIGIN}/sitemap-films.xml"] == localtime(latest.updated_at).isoformat()


def test_sitemap_pages_split_at_the_limit(db, client, small_pages):
    small_pages(4)  # two people, in two languages
    people = [make_person(**PUBLISHED) for _ in range(5)]
    people.sort(key=lambda person: person.pk)

    locations = [loc for loc in index_locations(client) if "people" in loc]
    pages = [[loc for loc, _alternates in page_urls(client, loc)] for loc in locations]

    assert locations == [
        f"{ORIGIN}/sitemap-people.xml",
        f"{ORIGIN}/sitemap-people.xml?p=2",
        f"{ORIGIN}/sitemap-people.xml?p=3",
    ]
    assert pages == [
        person_urls(people[0]) + person_urls(people[1]),
        person_urls(people[2]) + person_urls(people[3]),
        person_urls(people[4]),
    ]


@pytest.mark.parametrize(("limit", "sizes"), [(1, [1] * 8), (3, [3, 3, 2]), (5, [5, 3])])
def test_sitemap_pages_that_split_a_record_list_each_url_once(
    db, client, small_pages, limit, sizes
):
    small_pages(limit)
    people = sorted((make_person(**PUBLISHED) for _ in range(4)), key=lambda person: person.pk)

    locations = [loc for loc in index_locations(client) if "people" in loc]
    pages = [page_urls(client, loc) for loc in locations]

    assert [len(page) for page in pages] == sizes
    assert [loc for page in pages for loc, _alternates in page] == [
        url for person in people for url in person_urls(person)
    ]
    assert {frozenset(alternates) for page in pages for _loc, alternates in page} == {
        frozenset({"en", "zh-hans", "x-default"})
    }


def test_sitemap_page_reads_only_its_own_records(db, client, small_pages):
    small_pages(4)  # two people a page
    for _ in range(23):
        make_person(**PUBLISHED)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-people.xml?p=2")

    count, page = (query["sql"] for query in queries)
    assert response.status_code == 200
    assert ("COUNT(*)" in count, page.endswith("LIMIT 2 OFFSET 2")) == (True, True)


def test_sitemap_index_reads_no_records_only_counts_and_dates(db, client):
    for _ in range(5):
        make_person(**PUBLISHED)
        make_film(**PUBLISHED)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert [
        query["sql"]
        for query in queries
        if "COUNT(*)" not in query["sql"] and "MAX(" not in query["sql"]
    ] == []


@pytest.mark.parametrize("page", ["0", "-1", "junk", "1.5", "", "4", "99999999999999999999"])
def test_sitemap_page_that_does_not_exist_is_not_found(db, client, small_pages, page):
    small_pages(4)
    for _ in range(5):  # three pages
        make_person(**PUBLISHED)

    response = client.get("/sitemap-people.xml", {"p": page})

    assert response.status_code == 404


def test_sitemap_of_an_unknown_section_is_not_found(db, client):
    response = client.get("/sitemap-nothing.xml")

    assert response.status_code == 404


def test_robots_txt_points_to_the_sitemap_index(db, client):
    robots = client.get("/robots.txt").content.decode()
    (sitemap_url,) = [
        line.removeprefix("Sitemap: ")
        for line in robots.splitlines()
        if line.startswith("Sitemap: ")
    ]

    root = xml(client.get(sitemap_url.removeprefix(ORIGIN)))

    assert sitemap_url == f"{ORIGIN}/sitemap.xml"
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    assert f"{ORIGIN}/sitemap-people.xml" in [loc.text for loc in root.iter(f"{{{NS['s']}}}loc")]
