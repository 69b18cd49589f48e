"""The public pages' cache: served without a query once rendered, answered with 304 to a browser
that has it, renewed by any write to what the page shows, and never shared with signed-in
visitors."""

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from config import page_cache
from core.models import Status
from filmweek.models import FilmCountry
from tests.factories import make_country, make_credit, make_film, make_person, make_staff

PUBLISHED = {"status": Status.PUBLISHED}
FILMS = "/en/films/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def film_page(film):
    return f"/en/films/{film.slug}/"


def test_page_cache_second_visit_runs_no_query(db, client, django_assert_num_queries):
    make_film(title_original="Still Life", **PUBLISHED)
    first = client.get(FILMS)

    with django_assert_num_queries(0):
        second = client.get(FILMS)

    assert [second.status_code, second.content, second["ETag"]] == [
        200,
        first.content,
        first["ETag"],
    ]


def test_page_cache_matching_etag_gets_304_without_a_query(db, client, django_assert_num_queries):
    make_film(**PUBLISHED)
    etag = client.get(FILMS)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(FILMS, headers={"If-None-Match": etag})

    assert [response.status_code, response.content, response["ETag"]] == [304, b"", etag]


def test_page_cache_other_etag_gets_the_page(db, client):
    make_film(**PUBLISHED)

    response = client.get(FILMS, headers={"If-None-Match": '"something-else"'})

    assert response.status_code == 200


def test_page_cache_saved_film_shows_at_once_in_the_list(db, client):
    film = make_film(title_original="Old title", **PUBLISHED)
    before = client.get(FILMS)

    film.title_original = "New title"
    film.save()
    after = client.get(FILMS)

    assert [b"New title" in after.content, after["ETag"] != before["ETag"]] == [True, True]


def test_page_cache_country_renamed_renews_the_film_list(db, client):
    film = make_film(title_original="Still Life", **PUBLISHED)
    country = make_country("CN")
    FilmCountry.objects.create(film=film, country=country)
    before = client.get(FILMS)

    country.save()  # any write to a catalog table the list reads
    after = client.get(FILMS)

    assert after["ETag"] != before["ETag"]


def test_page_cache_editing_one_film_keeps_the_other_film_pages(db, client):
    edited, untouched = make_film(**PUBLISHED), make_film(**PUBLISHED)
    etags = [client.get(film_page(film))["ETag"] for film in (edited, untouched)]

    edited.title_en = "Renamed"
    edited.save()

    after = [client.get(film_page(film))["ETag"] for film in (edited, untouched)]
    assert [after[0] != etags[0], after[1] == etags[1]] == [True, True]


def test_page_cache_editing_a_credited_person_renews_the_film_page(db, client):
    person = make_person(name_en="Zhao Tao", **PUBLISHED)
    film = make_credit(film=make_film(**PUBLISHED), person=person).film
    before = client.get(film_page(film))

    person.name_en = "Zhao Tao (赵涛)"
    person.save()
    after = client.get(film_page(film))

    assert [after["ETag"] != before["ETag"], "Zhao Tao (赵涛)" in after.content.decode()] == [
        True,
        True,
    ]


def test_page_cache_unpublished_film_is_gone_at_once(db, client):
    film = make_film(**PUBLISHED)
    client.get(film_page(film))

    film.status = Status.DRAFT
    film.save()

    assert client.get(film_page(film)).status_code == 404


def test_page_cache_renamed_slug_renews_the_old_address(db, client):
    film = make_film(slug="old-slug", **PUBLISHED)
    client.get("/en/films/old-slug/")

    film = type(film).objects.get(pk=film.pk)
    film.slug = "new-slug"
    film.save()

    assert client.get("/en/films/old-slug/").status_code == 404


def test_page_cache_language_added_to_a_film_renews_its_page(db, client):
    from filmweek.models import Language

    film = make_film(**PUBLISHED)
    before = client.get(film_page(film))["ETag"]

    film.languages.add(Language.objects.create(code="ru", name_en="Russian"))

    assert client.get(film_page(film))["ETag"] != before


def test_page_cache_staff_never_get_a_cached_page(db, client):
    film = make_film(**PUBLISHED)
    anonymous = client.get(film_page(film))
    client.force_login(make_staff(is_superuser=True))

    signed_in = client.get(film_page(film))

    assert ["ETag" in anonymous, "ETag" in signed_in] == [True, False]


def test_page_cache_draft_preview_is_not_shown_to_the_public(db, client):
    film = make_film(slug="draft-film")
    staff = client
    staff.force_login(make_staff(is_superuser=True))
    assert staff.get(film_page(film)).status_code == 200
    staff.logout()

    assert client.get(film_page(film)).status_code == 404


def test_page_cache_etag_changes_with_the_time_bucket(db, client, monkeypatch, settings):
    make_film(**PUBLISHED)
    monkeypatch.setattr(page_cache.time, "time", lambda: 1_000_000.0)
    before = client.get(FILMS)["ETag"]

    monkeypatch.setattr(page_cache.time, "time", lambda: 1_000_000.0 + settings.PAGE_CACHE_SECONDS)

    assert client.get(FILMS)["ETag"] != before


def test_page_cache_unreachable_cache_still_serves_the_page(db, client, monkeypatch):
    make_film(title_original="Still Life", **PUBLISHED)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(cache, method, unreachable)
    response = client.get(FILMS)

    assert [response.status_code, b"Still Life" in response.content] == [200, True]


def test_page_cache_unreachable_cache_still_saves_the_film(db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set_many", unreachable)
    film = make_film(title_original="Saved anyway")

    assert type(film).objects.get(pk=film.pk).title_original == "Saved anyway"


def test_page_cache_pages_off_when_switched_off(db, client, settings):
    settings.PAGE_CACHE = False
    make_film(**PUBLISHED)

    response = client.get(FILMS)

    assert "ETag" not in response


def _resolves(name):
    for kwargs in ({}, {"slug": "x"}):
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return True
    return False


def test_page_cache_every_cached_page_name_exists():
    unknown = [name for name in page_cache.PAGES if not _resolves(name)]

    assert unknown == []


def test_page_cache_copy_carries_the_headers_of_the_rendered_page(db, client):
    make_film(**PUBLISHED)
    first = client.get("/zh-hans/films/")

    second = client.get("/zh-hans/films/")

    assert sorted(second.items()) == sorted(first.items())
    assert second["Content-Language"] == "zh-hans"


def test_page_cache_address_without_a_language_is_left_to_the_redirect(db, client):
    response = client.get("/films/")

    assert [response.status_code, response["Location"]] == [302, "/en/films/"]


def test_page_cache_page_held_here_is_not_read_from_the_cache_again(db, client, monkeypatch):
    make_film(**PUBLISHED)
    first = client.get(FILMS)
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.extend(keys) or get_many(keys))

    second = client.get(FILMS)

    assert second.content == first.content
    assert asked and not [key for key in asked if key.startswith("page:")]
