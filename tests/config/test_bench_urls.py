"""The paths `make bench` measures (bench_urls): the deep film list page is the one a visitor
reaches by following the keyset links 95% of the way down."""

from config.management.commands.bench_urls import DEEP_SHARE, FILM_LIST, deep_film_list
from core.models import Status
from filmweek.models import Film
from tests.links import card_titles


def test_bench_urls_deep_film_list_starts_95_percent_down(db, client):
    Film.objects.bulk_create(
        Film(
            slug=f"film-{n:03}",
            title_original=f"Film {n:03}",
            kind="feature",
            year=2000,
            status=Status.PUBLISHED,
        )
        for n in range(100)
    )
    Film.objects.create(slug="old", title_original="Aa old", kind="feature", year=1950)

    response = client.get(deep_film_list(DEEP_SHARE))

    assert response.status_code == 200
    assert card_titles(response) == [f"Film {n:03}" for n in range(95, 100)]


def test_bench_urls_deep_film_list_of_an_empty_catalog_is_the_first_page(db):
    assert deep_film_list(DEEP_SHARE) == FILM_LIST
