"""Site-wide parts of every page: robots.txt, canonical and language links, link previews (Open
Graph), picture placeholders, the navigation, the language switch and the error pages. The
sitemaps are in test_sitemaps.py."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.views.defaults import server_error
from PIL import Image

from core.models import Status
from tests.factories import make_film, make_institution, make_person

PUBLISHED = {"status": Status.PUBLISHED}
ORIGIN = "http://testserver"
FIVE_HUNDRED_MILES = "/en/films/five-hundred-miles/"


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(response, tag_name, /, **attrs):
    """The attributes of every <tag_name> tag of the page whose attributes include `attrs`."""
    collector = TagCollector()
    collector.feed(response.content.decode())
    return [
        found
        for tag, found in collector.tags
        if tag == tag_name and all(found.get(key) == value for key, value in attrs.items())
    ]


def meta_content(response, prop):
    return [tag["content"] for tag in tags(response, "meta", property=prop)]


def tiny_png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 3), "gray").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def test_robots_txt_keeps_crawlers_out_of_admin_and_accounts(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /en/account/\n"
        "Disallow: /zh-hans/account/\n"
        "Allow: /\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_film_page_names_its_canonical_url_and_language_versions(demo, client):
    response = client.get(FIVE_HUNDRED_MILES + "?utm_source=feed")

    canonical = [tag["href"] for tag in tags(response, "link", rel="canonical")]
    alternates = {tag["hreflang"]: tag["href"] for tag in tags(response, "link", rel="alternate")}
    assert canonical == [f"{ORIGIN}/en/films/five-hundred-miles/"]
    assert alternates == {
        "en": f"{ORIGIN}/en/films/five-hundred-miles/",
        "zh-hans": f"{ORIGIN}/zh-hans/films/five-hundred-miles/",
        "x-default": f"{ORIGIN}/films/five-hundred-miles/",
    }


def test_film_page_in_chinese_describes_itself_for_link_previews(demo, client):
    response = client.get("/zh-hans/films/five-hundred-miles/")

    assert meta_content(response, "og:title") == ["交换人生（2023）"]
    assert meta_content(response, "og:type") == ["video.movie"]
    assert meta_content(response, "og:url") == [f"{ORIGIN}/zh-hans/films/five-hundred-miles/"]
    assert meta_content(response, "og:locale") == ["zh_CN"]
    assert meta_content(response, "og:locale:alternate") == ["en_US"]
    assert [tag["content"] for tag in tags(response, "meta", name="twitter:card")] == ["summary"]


def test_film_page_with_poster_shows_it_and_offers_it_to_link_previews(
    db, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    film = make_film(slug="with-poster", title_en="Poster Film", year=None, **PUBLISHED)
    film.poster.save("poster.png", tiny_png())

    response = client.get("/en/films/with-poster/")

    assert meta_content(response, "og:image") == [ORIGIN + film.poster.url]
    (poster,) = tags(response, "img")
    assert (poster["alt"], poster["width"], poster["loading"], poster["src"]) == (
        "Poster of Poster Film",
        "160",
        "lazy",
        film.poster_thumbnail.url,
    )


def test_film_page_without_poster_shows_a_decorative_placeholder(db, client):
    make_film(slug="no-poster", **PUBLISHED)

    response = client.get("/en/films/no-poster/")

    assert meta_content(response, "og:image") == []
    assert [tag["alt"] for tag in tags(response, "img")] == [""]
    assert [tag["src"] for tag in tags(response, "img")] == ["/static/img/placeholder-poster.svg"]


@pytest.mark.parametrize(
    ("make", "prefix", "placeholder"),
    [(make_person, "people", "person"), (make_institution, "institutions", "logo")],
)
def test_page_without_picture_shows_its_placeholder(db, client, make, prefix, placeholder):
    record = make(slug="pictureless", **PUBLISHED)

    response = client.get(f"/en/{prefix}/{record.slug}/")

    assert [(tag["src"], tag["alt"]) for tag in tags(response, "img")] == [
        (f"/static/img/placeholder-{placeholder}.svg", "")
    ]


def test_person_page_with_photo_offers_it_to_link_previews(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_person(slug="pictured", name_en="Pictured Person", **PUBLISHED)
    person.photo.save("photo.png", tiny_png())

    response = client.get("/en/people/pictured/")

    assert meta_content(response, "og:image") == [ORIGIN + person.photo.url]
    assert [tag["alt"] for tag in tags(response, "img")] == ["Pictured Person"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_missing_page_answers_404_in_the_active_language(db, client, lang):
    response = client.get(f"/{lang}/films/no-such-film/")

    names = [template.name for template in response.templates]
    assert response.status_code == 404
    assert (names[0], "base.html" in names) == ("404.html", True)
    assert tags(response, "html") == [{"lang": lang}]
    assert tags(response, "link", rel="canonical") == []


def test_server_error_page_needs_neither_database_nor_request_context():
    """No `db` fixture: a query would raise. server_error renders without the request."""
    request = RequestFactory().get("/en/")

    response = server_error(request)

    assert response.status_code == 500
    assert "Film Alliance Catalog" in response.content.decode()


def test_language_switch_keeps_the_reader_on_the_same_page(client):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/en/films/five-hundred-miles/"}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        "/zh-hans/films/five-hundred-miles/",
    )


def test_language_switcher_links_to_the_same_page_in_the_other_language(demo, client):
    response = client.get(FIVE_HUNDRED_MILES + "?tab=credits&q=%22%3E")

    assert [tag["href"] for tag in tags(response, "a", hreflang="zh-hans")] == [
        FIVE_HUNDRED_MILES.replace("/en/", "/zh-hans/", 1) + "?tab=credits&q=%22%3E"
    ]


def test_language_switcher_needs_no_form_or_cookie(demo, client):
    response = client.get(FIVE_HUNDRED_MILES)

    assert [tags(response, "input", name="csrfmiddlewaretoken"), response.cookies] == [[], {}]


def test_navigation_marks_the_section_of_a_detail_page(demo, client):
    response = client.get(FIVE_HUNDRED_MILES)

    marked = [
        (tag["href"], tag["aria-current"]) for tag in tags(response, "a") if "aria-current" in tag
    ]
    assert marked == [("/en/films/", "true")]


def test_navigation_marks_the_section_page_itself_as_the_current_page(db, client):
    response = client.get("/zh-hans/people/")

    marked = [
        (tag["href"], tag["aria-current"]) for tag in tags(response, "a") if "aria-current" in tag
    ]
    assert marked == [("/zh-hans/people/", "page")]


def test_navigation_marks_nothing_on_the_home_page(db, client):
    response = client.get("/en/")

    marked = [tag for tag in tags(response, "a") if "aria-current" in tag]
    assert marked == []


def test_header_search_box_sends_q_to_the_search_page(db, client):
    response = client.get("/en/")

    forms = tags(response, "form", role="search")
    fields = tags(response, "input", name="q")
    labels = tags(response, "label", **{"for": fields[0]["id"]})
    assert [(form["action"], form["method"]) for form in forms] == [("/en/search/", "get")]
    assert len(labels) == 1
