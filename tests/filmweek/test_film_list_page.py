"""The film list's parts kept in the cache (filmweek/film_list_page.py): the page's plan (its HTML
around the results and the compiled query of its rows), cards and totals are read back until a
write renews the tokens they are kept under, and the page is whole without a cache."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.template.defaulttags import querystring

from alliance import local_memory
from core.models import Status
from filmweek import film_list_page
from filmweek.models import Film, FilmCountry, FilmKind
from tests.factories import make_country, make_film, make_representative
from tests.links import card_titles

URL = "/en/films/"


def published_film(**kw):
    return make_film(status=Status.PUBLISHED, **kw)


def results_heading(response):
    return re.search(r'id="results-heading">([^<]*)<', _html(response)).group(1)


def _html(response):
    return response.content.decode()


def test_cards_second_request_reads_no_countries(db, client, django_assert_num_queries):
    film = published_film(title_en="Cached")
    FilmCountry.objects.create(film=film, country=make_country("CN"))
    client.get(URL)

    with django_assert_num_queries(1):  # the page's rows; plan, cards and total are kept
        response = client.get(URL)

    assert card_titles(response) == ["Cached"]
    assert "China" in _html(response)


def test_cards_edited_film_shows_its_new_title(db, client):
    film = published_film(title_en="Before")
    client.get(URL)

    film.title_en = "After"
    film.save()
    response = client.get(URL)

    assert card_titles(response) == ["After"]


def test_cards_added_production_country_shows_on_the_card(db, client):
    film = published_film(title_en="Travelling")
    FilmCountry.objects.create(film=film, country=make_country("CN"))
    client.get(URL)

    FilmCountry.objects.create(film=film, country=make_country("FR"), position=2)
    response = client.get(URL)

    assert "France" in _html(response)
    assert "Co-production" in _html(response)


def test_cards_in_chinese_are_kept_apart_from_english(db, client):
    film = published_film(title_en="River", title_zh="河")
    FilmCountry.objects.create(film=film, country=make_country("CN"))
    client.get(URL)

    response = client.get("/zh-hans/films/")

    assert card_titles(response) == ["河"]
    assert "中国" in _html(response)
    assert "China" not in _html(response)


def test_total_of_each_filter_is_kept_apart(db, client):
    published_film(title_en="A feature", kind=FilmKind.FEATURE)
    published_film(title_en="A series", kind=FilmKind.TV_SERIES)
    published_film(title_en="Another series", kind=FilmKind.TV_SERIES)
    client.get(URL, {"kind": "feature"})

    response = client.get(URL, {"kind": "tv_series"})

    assert results_heading(response) == "2 films"


def test_total_follows_a_new_film(db, client):
    published_film(title_en="First")
    client.get(URL)

    published_film(title_en="Second")
    response = client.get(URL)

    assert results_heading(response) == "2 films"


def test_total_is_the_same_whatever_the_sort(db, client):
    published_film(title_en="Old", year=1990)
    published_film(title_en="New", year=2020)
    client.get(URL, {"sort": "year"})

    response = client.get(URL, {"sort": "-year"})

    assert results_heading(response) == "2 films"
    assert card_titles(response) == ["New", "Old"]


def test_filter_form_shows_the_values_of_each_request(db, client):
    published_film(title_en="Any")
    client.get(URL, {"year_min": "1990"})

    response = client.get(URL, {"year_min": "2001"})

    assert re.findall(r'<input[^>]*name="year_min"[^>]*value="(\d+)"', _html(response)) == ["2001"]


def test_filter_form_error_is_shown_again_from_the_cache(db, client):
    published_film(title_en="Any")
    client.get(URL, {"kind": "no-such-kind"})

    response = client.get(URL, {"kind": "no-such-kind"})

    assert "This is not one of the choices." in _html(response)


def test_filter_form_offers_a_new_kind_of_choice_after_a_write(db, client):
    published_film(title_en="Chinese film").countries.set([])
    client.get(URL)

    FilmCountry.objects.create(
        film=Film.objects.get(title_en="Chinese film"), country=make_country("CN")
    )
    response = client.get(URL)

    assert 'value="CN"' in _html(response)


def _unreachable(*args, **kwargs):
    raise ConnectionError("the cache is down")


@pytest.mark.parametrize("language, title", [("en", "Down"), ("zh-hans", "宕机")])
def test_page_without_a_cache_is_whole(db, client, monkeypatch, language, title):
    film = published_film(title_en="Down", title_zh="宕机", kind=FilmKind.FEATURE)
    FilmCountry.objects.create(film=film, country=make_country("CN"))
    for method in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(cache, method, _unreachable)

    response = client.get(f"/{language}/films/", {"kind": "feature"})

    assert response.status_code == 200
    assert card_titles(response) == [title]
    assert 'value="feature" selected' in _html(response)
    assert results_heading(response) == ("1 film" if language == "en" else "1 部影片")


def test_plan_held_in_the_process_is_not_read_from_the_cache_again(db, client, monkeypatch):
    published_film(title_en="Held")
    first = client.get(URL)
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.extend(keys) or get_many(keys))

    second = client.get(URL)

    assert second.content == first.content
    assert asked and all(key.startswith("ver:") for key in asked)


def test_plan_kept_by_another_process_is_read_from_the_cache(db, client, django_assert_num_queries):
    published_film(title_en="Shared")
    first = client.get(URL)
    local_memory.clear_all()  # as a second worker process, which holds nothing yet

    with django_assert_num_queries(1):
        second = client.get(URL)

    assert second.content == first.content


def test_plan_of_each_query_string_is_kept_apart(db, client):
    published_film(title_en="Old", year=1990)
    published_film(title_en="New", year=2020)
    client.get(URL, {"year_min": "2000"})

    response = client.get(URL, {"year_min": "1980"})

    assert card_titles(response) == ["New", "Old"]
    assert results_heading(response) == "2 films"


def test_plan_is_not_kept_for_a_signed_in_member(db, client):
    published_film(title_en="Any")
    member = make_representative().user
    client.get(URL)  # an anonymous visitor's page is kept
    client.force_login(member)

    signed_in = client.get(URL)
    client.logout()
    anonymous = client.get(URL)

    assert "Your institution's account" in _html(signed_in)
    assert "Your institution's account" not in _html(anonymous)
    assert len(film_list_page.PLANS.values) == 1


@pytest.mark.parametrize("encoded", [True, False])
def test_plan_mark_typed_by_a_visitor_is_shown_as_text(db, client, encoded):
    published_film(title_en="Marked")
    mark = film_list_page.RESULTS_MARK
    query = f"q={quote(mark) if encoded else mark}&x={mark}"

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert "&lt;!--film-list-results--&gt;" in _html(response)
    assert mark not in _html(response)
    assert _html(response).count('id="results-heading"') == 1


def test_plan_of_each_host_and_scheme_is_kept_apart(db, client, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    published_film(title_en="Hosted")
    client.get(URL, headers={"host": "a.example"})

    other_host = client.get(URL, headers={"host": "b.example"})
    secure = client.get(URL, headers={"host": "a.example"}, secure=True)

    assert 'rel="canonical" href="http://b.example/en/films/"' in _html(other_host)
    assert 'rel="canonical" href="https://a.example/en/films/"' in _html(secure)


def test_cards_of_a_film_unpublished_since_its_rows_were_read_are_left_out(db, monkeypatch):
    film = published_film(title_en="Gone")
    film.status = Status.DRAFT
    film.save()

    cards = film_list_page._render_cards([film.pk])

    assert cards == [""]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=feature",
        "after=abc&kind=feature",
        "kind=feature&before=abc&page=3",
        "xafter=1&q=after%3D&q=%26after%3D",  # "after=" in other keys and in values
        "before=&after=",
    ],
)
def test_page_links_are_those_querystring_writes(query):
    params = QueryDict(query)
    first, previous, following = film_list_page._link_templates(params)

    assert first == querystring(None, params, after=None, before=None, page=None)
    assert "CUR".join(previous) == querystring(None, params, before="CUR", after=None, page=None)
    assert "CUR".join(following) == querystring(None, params, after="CUR", before=None, page=None)


def test_plan_of_a_page_that_used_a_csrf_token_is_not_kept(db, client, monkeypatch):
    published_film(title_en="Guarded")
    render = film_list_page.render_to_string

    def render_with_a_token(template, context, request):
        get_token(request)  # as a template with {% csrf_token %} would
        return render(template, context, request)

    monkeypatch.setattr(film_list_page, "render_to_string", render_with_a_token)

    response = client.get(URL)

    assert card_titles(response) == ["Guarded"]
    assert film_list_page.PLANS.values == {}
