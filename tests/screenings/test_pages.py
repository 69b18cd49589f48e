"""The public tour page, and every public page of the demo answering: no fact of the source texts
is hidden behind a broken link."""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertInHTML

from alliance.models import Alliance, Institution
from core.models import Status
from filmweek.models import Film, FilmWeek, Person
from screenings.models import Tour, TourStop
from tests.factories import (
    make_festival_edition,
    make_film,
    make_institution,
    make_tour,
    make_tour_stop,
)

PUBLISHED = {"status": Status.PUBLISHED}
TOUR = "/en/tours/belt-and-road-film-tour/"


def page_text(response):
    """The visible text of the page's main element: inline tags dropped, the others read as a
    space, whitespace collapsed."""
    main = response.content.decode().split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
    main = re.sub(r"</?(a|cite|strong|small|em|span)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


def published_urls():
    """The page of every published alliance, institution, film week, film, person and tour."""
    models = [Alliance, Institution, FilmWeek, Film, Person, Tour]
    return [obj.get_absolute_url() for model in models for obj in model.objects.published()]


# Tour page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_tour_page_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/tours/belt-and-road-film-tour/")

    assert response.status_code == 200


def test_tour_page_shows_the_moscow_stop(demo, client):
    response = client.get(TOUR)

    html = response.content.decode()
    assertInHTML(
        '<td><a href="/en/institutions/moscow-international-film-festival/">45th Moscow '
        "International Film Festival</a></td>",
        html,
        count=1,
    )
    assertInHTML("<td>Moscow, Russia</td>", html, count=1)
    assertInHTML("<td>April 2023</td>", html, count=1)
    assertInHTML("<td>International premiere</td>", html, count=1)


def test_tour_page_links_the_film_and_the_organiser(demo, client):
    response = client.get(TOUR)

    html = response.content.decode()
    assertInHTML(
        '<th scope="row"><a href="/en/films/five-hundred-miles/">Five Hundred Miles</a></th>',
        html,
        count=1,
    )
    assertInHTML(
        '<dd><a href="/en/institutions/shanghai-international-film-festival/">Shanghai '
        "International Film Festival</a></dd>",
        html,
        count=1,
    )


def test_tour_page_in_chinese_shows_chinese_names(demo, client):
    response = client.get("/zh-hans/tours/belt-and-road-film-tour/")

    text = page_text(response)
    assert text.startswith("“一带一路”电影巡展")
    assert "交换人生 第45届莫斯科国际电影节 俄罗斯莫斯科 2023年4月" in text


def test_tour_page_draft_answers_404(db, client):
    make_tour(slug="draft-tour")

    response = client.get("/en/tours/draft-tour/")

    assert response.status_code == 404


def test_tour_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/tours/no-such-tour/")

    assert response.status_code == 404


def test_tour_page_stop_of_draft_film_not_listed(db, client):
    tour = make_tour(slug="tour", **PUBLISHED)
    host = make_institution(**PUBLISHED)
    for title, status in [("Shown", Status.PUBLISHED), ("Hidden", Status.DRAFT)]:
        make_tour_stop(
            tour=tour,
            film=make_film(title_en=title, status=status),
            host_edition=make_festival_edition(institution=host),
        )

    response = client.get("/en/tours/tour/")

    assert [stop.film.title_en for stop in response.context["tour"].stops.all()] == ["Shown"]


def test_tour_page_stop_at_draft_host_not_listed(db, client):
    tour = make_tour(slug="tour", **PUBLISHED)
    for title, status in [("Shown", Status.PUBLISHED), ("Hidden", Status.DRAFT)]:
        make_tour_stop(
            tour=tour,
            film=make_film(title_en=title, **PUBLISHED),
            host_edition=make_festival_edition(institution=make_institution(status=status)),
        )

    response = client.get("/en/tours/tour/")

    assert [stop.film.title_en for stop in response.context["tour"].stops.all()] == ["Shown"]


def _tour_with(rows):
    """A published tour with `rows` stops."""
    tour = make_tour(organiser=make_institution(**PUBLISHED), **PUBLISHED)
    for _index in range(rows):
        make_tour_stop(
            tour=tour,
            film=make_film(**PUBLISHED),
            host_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
        )
    return tour


@pytest.mark.parametrize("rows", [1, 3])
def test_tour_page_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    tour = _tour_with(rows)

    with django_assert_num_queries(2):
        response = client.get(tour.get_absolute_url())

    assert response.status_code == 200


# Every page of the demo


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_demo_pages_of_every_published_object_answer_200(demo, client, language):
    urls = [url.replace("/en/", f"/{language}/", 1) for url in published_urls()]

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)
    assert len(urls) == 46  # 1 alliance, 12 institutions, 3 film weeks, 19 films, 10 people, 1 tour


def test_demo_links_on_every_detail_page_answer_200(demo, client):
    links = set()
    for url in published_urls():
        links.update(re.findall(r'href="(/en/[^"]*)"', client.get(url).content.decode()))

    # A star's link adds its item to a programme and moves to that programme's address.
    statuses = {
        link: client.get(link, follow=link.startswith("/en/programme/?add=")).status_code
        for link in sorted(links)
    }

    assert statuses == dict.fromkeys(sorted(links), 200)


def test_demo_tour_stops_all_shown_on_the_tour_page(demo, client):
    response = client.get(TOUR)

    assert len(response.context["tour"].stops.all()) == TourStop.objects.count()
