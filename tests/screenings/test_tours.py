"""The tour list and the tour page's stops grouped by year and by the host's country, with the
counts of films and host festivals."""

import datetime

import pytest
from pytest_django.asserts import assertInHTML

from core.models import DatePrecision, Status
from tests.factories import (
    make_country,
    make_festival_edition,
    make_film,
    make_institution,
    make_tour,
    make_tour_stop,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}


@pytest.fixture
def tour():
    """Four stops of three films at three festivals in two countries, in 2022 and 2023."""
    organiser = make_institution(name_en="Shanghai International Film Festival", **PUBLISHED)
    tour = make_tour(
        slug="belt-and-road-film-tour",
        name_en="Belt and Road Film Tour",
        organiser=organiser,
        description_en="Recommends Chinese films to member festivals.",
        **PUBLISHED,
    )
    russia, italy = make_country("RU", continent="EU"), make_country("IT", continent="EU")
    moscow = make_institution(name_en="Moscow IFF", city_en="Moscow", country=russia, **PUBLISHED)
    kazan = make_institution(name_en="Kazan FF", city_en="Kazan", country=russia, **PUBLISHED)
    rome = make_institution(name_en="Rome FF", city_en="Rome", country=italy, **PUBLISHED)
    films = {name: make_film(title_en=name, **PUBLISHED) for name in ("Alpha", "Beta", "Gamma")}
    stops = [
        ("Alpha", moscow, datetime.date(2023, 4, 1)),
        ("Beta", rome, datetime.date(2023, 10, 20)),
        ("Gamma", kazan, datetime.date(2023, 9, 5)),
        ("Alpha", rome, datetime.date(2022, 10, 21)),
    ]
    for title, host, day in stops:
        make_tour_stop(
            tour=tour,
            film=films[title],
            host_edition=make_festival_edition(institution=host, year=day.year),
            starts_on=day,
            dates_precision=DatePrecision.DAY,
        )
    return tour


def grouped(response):
    return [
        (
            year.year,
            [
                (str(group.country.name), [stop.film.title for stop in group.stops])
                for group in year.countries
            ],
        )
        for year in response.context["years"]
    ]


# Tour page


def test_tour_page_groups_stops_by_year_then_country(client, tour):
    response = client.get("/en/tours/belt-and-road-film-tour/")

    assert grouped(response) == [
        (2023, [("Italy", ["Beta"]), ("Russia", ["Alpha", "Gamma"])]),
        (2022, [("Italy", ["Alpha"])]),
    ]


def test_tour_page_counts_films_hosts_and_countries(client, tour):
    response = client.get("/en/tours/belt-and-road-film-tour/")

    assert response.context["figures"] == {"stops": 4, "films": 3, "hosts": 3, "countries": 2}
    html = response.content.decode()
    assertInHTML("<li><strong>3</strong> films</li>", html)
    assertInHTML("<li><strong>3</strong> host festivals</li>", html)
    assertInHTML("<li><strong>2</strong> countries</li>", html)


def test_tour_page_names_who_runs_it_and_what_it_is_for(client, tour):
    html = client.get("/en/tours/belt-and-road-film-tour/").content.decode()

    assertInHTML(
        f'<dt>Run by</dt><dd><a href="{tour.organiser.get_absolute_url()}">Shanghai '
        "International Film Festival</a></dd>",
        html,
    )
    assertInHTML(
        '<h2 id="about-heading">What it is for</h2>'
        "<p>Recommends Chinese films to member festivals.</p>",
        html,
    )


def test_tour_page_stop_of_a_host_without_country_grouped_as_international(client):
    tour = make_tour(slug="tour", **PUBLISHED)
    make_tour_stop(
        tour=tour,
        film=make_film(**PUBLISHED),
        host_edition=make_festival_edition(institution=make_institution(country=None, **PUBLISHED)),
    )

    response = client.get("/en/tours/tour/")

    assert [group.country for group in response.context["years"][0].countries] == [None]
    assertInHTML(
        '<h4 id="year-2023-1">International <small>(1 stop)</small></h4>',
        response.content.decode(),
    )


# Tour list


def test_tour_list_shows_published_tours_with_their_counts(client, tour):
    make_tour(name_en="Draft tour")

    response = client.get("/en/tours/")

    [shown] = response.context["page_obj"].object_list
    assert (shown.name_en, shown.stop_count, shown.film_count, shown.host_count) == (
        "Belt and Road Film Tour",
        4,
        3,
        3,
    )
    assert (shown.country_count, shown.first_stop_on.year, shown.last_stop_on.year) == (
        2,
        2022,
        2023,
    )
    html = response.content.decode()
    assertInHTML("<li>4 stops</li>", html)
    assertInHTML("<li>2022–2023</li>", html)


def test_tour_list_counts_leave_out_stops_of_drafts(client, tour):
    make_tour_stop(tour=tour, film=make_film(), host_edition=make_festival_edition())

    response = client.get("/en/tours/")

    assert response.context["page_obj"].object_list[0].stop_count == 4


def test_tour_list_without_tours_says_so(client):
    response = client.get("/en/tours/")

    assert "No tours are recorded yet." in response.content.decode()


@pytest.mark.parametrize("query", ["?page=0", "?page=-1", "?page=abc", "?page=1000000000000"])
def test_tour_list_bad_page_answers_200(client, tour, query):
    response = client.get("/en/tours/" + query)

    assert response.status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_tour_list_of_the_demo_lists_the_belt_and_road_film_tour(demo, client, language):
    response = client.get(f"/{language}/tours/")

    assert [tour.slug for tour in response.context["page_obj"]] == ["belt-and-road-film-tour"]


def _tours(rows):
    for _index in range(rows):
        tour = make_tour(organiser=make_institution(**PUBLISHED), **PUBLISHED)
        make_tour_stop(
            tour=tour,
            film=make_film(**PUBLISHED),
            host_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_tour_list_queries_same_for_1_and_3_rows(client, django_assert_num_queries, rows):
    _tours(rows)

    with django_assert_num_queries(2):
        response = client.get("/en/tours/")

    assert len(response.context["page_obj"].object_list) == rows
