"""The public pages' cache: served without a query once rendered, answered with 304 to a browser
that has it, renewed by any write to what the page shows (and a page of one record by a write
to the records it shows, or to what it could list), never shared with signed-in visitors."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.cache import pages as page_cache
from core.models import Status
from filmweek.models import Credit, FilmCountry
from tests.factories import (
    make_alliance,
    make_country,
    make_credit,
    make_film,
    make_institution,
    make_membership,
    make_person,
    make_staff,
)

PUBLISHED = {"status": Status.PUBLISHED}
FILMS = "/en/films/"


pytestmark = pytest.mark.usefixtures("page_cache_on")


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


@pytest.mark.parametrize(
    "name",
    [
        "home", "search", "film-list", "film-detail", "person-list", "person-detail",
        "film-week-list", "film-week-detail", "co-productions", "member-list",
        "institution-detail", "alliance-detail", "schedule", "venue-detail", "tour-list",
        "tour-detail", "film-calendar", "person-calendar", "venue-calendar",
        "film-week-calendar", "schedule-calendar", "programme", "programme-calendar",
    ],
)  # fmt: skip
def test_page_cache_public_catalog_page_is_cached(name):
    kwargs = {"slug": "x"} if name.endswith(("detail", "-calendar")) else {}
    kwargs = {} if name in ("schedule-calendar", "programme-calendar") else kwargs

    options = page_cache.page_options(reverse(name, kwargs=kwargs))

    assert options is not None


def test_page_cache_copy_carries_the_headers_of_the_rendered_page(db, client):
    make_film(**PUBLISHED)
    same_id = {"X-Request-ID": "one-id"}  # echoed by each response, otherwise new for each
    first = client.get("/zh-hans/films/", headers=same_id)

    second = client.get("/zh-hans/films/", headers=same_id)

    assert sorted(second.items()) == sorted(first.items())
    assert second["Content-Language"] == "zh-hans"


def test_page_cache_address_without_a_language_is_left_to_the_redirect(db, client):
    response = client.get("/films/")

    assert [response.status_code, response["Location"]] == [302, "/en/films/"]


def test_page_cache_editing_a_person_keeps_the_member_directory(db, client):
    make_membership(institution=make_institution(**PUBLISHED), alliance=make_alliance(**PUBLISHED))
    person = make_person(**PUBLISHED)
    before = client.get("/en/members/")["ETag"]

    person.name_en = "Renamed"
    person.save()

    assert client.get("/en/members/")["ETag"] == before


def test_page_cache_editing_an_institution_renews_the_member_directory(db, client):
    institution = make_institution(name_en="Old Name", **PUBLISHED)
    make_membership(institution=institution, alliance=make_alliance(**PUBLISHED))
    client.get("/en/members/")

    institution.name_en = "New Name"
    institution.save()

    assert b"New Name" in client.get("/en/members/").content


def test_page_cache_new_country_in_use_renews_the_film_list_choices(db, client):
    make_film(**PUBLISHED)
    client.get(FILMS)

    FilmCountry.objects.create(film=make_film(**PUBLISHED), country=make_country("KZ"))

    assert b'value="KZ"' in client.get(FILMS).content


def test_page_cache_editing_a_person_keeps_film_pages_not_showing_them(db, client):
    edited = make_person(name_en="Zhao Tao", **PUBLISHED)
    other = make_credit(film=make_film(**PUBLISHED), person=make_person(**PUBLISHED)).film
    before = client.get(film_page(other))["ETag"]

    edited.name_en = "Zhao Tao (赵涛)"
    edited.save()

    assert client.get(film_page(other))["ETag"] == before


def test_page_cache_publishing_a_film_renews_the_page_of_its_director(db, client):
    person = make_person(**PUBLISHED)
    film = make_credit(film=make_film(title_en="Late Release"), person=person).film
    before = client.get(f"/en/people/{person.slug}/")

    film.status = Status.PUBLISHED
    film.save()
    after = client.get(f"/en/people/{person.slug}/")

    assert [b"Late Release" in before.content, b"Late Release" in after.content] == [False, True]


def test_page_cache_credit_moved_to_another_person_renews_both_pages(db, client):
    first, second = make_person(**PUBLISHED), make_person(**PUBLISHED)
    credit = make_credit(film=make_film(title_en="Moved Credit", **PUBLISHED), person=first)
    pages = [f"/en/people/{person.slug}/" for person in (first, second)]
    for page in pages:
        client.get(page)

    credit = Credit.objects.get(pk=credit.pk)
    credit.person = second
    credit.save()

    assert [b"Moved Credit" in client.get(page).content for page in pages] == [False, True]


def test_page_cache_page_made_while_a_write_commits_is_not_kept(db, client, monkeypatch):
    film = make_film(title_en="Racing", **PUBLISHED)
    render = page_cache.PageCacheMiddleware._render

    def render_then_write(self, request, options, slot, writes_before):
        view = self.get_response

        def view_then_save(request):
            response = view(request)  # made from the film before the write
            saved = type(film).objects.get(pk=film.pk)
            saved.title_en = "Raced"
            saved.save()
            return response

        self.get_response = view_then_save
        try:
            return render(self, request, options, slot, writes_before)
        finally:
            self.get_response = view

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_render", render_then_write)
    first = client.get(film_page(film))
    monkeypatch.undo()

    second = client.get(film_page(film))

    assert [b"Racing" in first.content, b"Raced" in second.content] == [True, True]


def test_page_cache_page_of_one_record_is_read_in_two_round_trips(db, client, monkeypatch):
    make_credit(film=(film := make_film(**PUBLISHED)), person=make_person(**PUBLISHED))
    client.get(film_page(film))
    calls = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or get_many(keys))

    client.get(film_page(film))

    assert len(calls) == 2
