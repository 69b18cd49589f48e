"""The public film catalog /<lang>/films/: facets, sort orders, pagination, hostile query strings
and a number of queries that does not grow with the rows shown."""

import base64
import datetime
import json
import re

import pytest
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from core.models import Status
from filmweek.models import Award, Film, FilmCountry, FilmKind, Language, Selection
from tests.factories import make_award, make_country, make_film, make_film_week
from tests.links import card_slugs, card_titles, follow

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/films/"

ALL_BY_TITLE = [
    "a-lifelong-journey",
    "a-writers-odyssey",
    "ash-is-purest-white",
    "brotherhood-of-blades-ii",
    "five-hundred-miles",
    "full-river-red",
    "guns-and-roses",
    "how-long-will-i-love-u",
    "io-sono-li",
    "mountains-may-depart",
    "mulan",
    "mummies-iii",
    "operation-leviatha",
    "pacific-rim-uprising",
    "still-life",
    "the-heart-of-genius",
    "the-longest-day-in-changan",
    "the-red-silk",
    "wandering-earth-2",
]
TV_SERIES = ["a-lifelong-journey", "the-heart-of-genius", "the-longest-day-in-changan"]
MADE_IN_CHINA = [
    "a-lifelong-journey",
    "a-writers-odyssey",
    "ash-is-purest-white",
    "brotherhood-of-blades-ii",
    "five-hundred-miles",
    "full-river-red",
    "guns-and-roses",
    "how-long-will-i-love-u",
    "mountains-may-depart",
    "still-life",
    "the-heart-of-genius",
    "the-longest-day-in-changan",
    "the-red-silk",
    "wandering-earth-2",
]


def results_heading(response):
    return re.search(r'id="results-heading">([^<]*)<', response.content.decode()).group(1)


def field_errors(response, name):
    """The messages shown next to the field `name` of the filter form."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode()
    )
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def published_film(**kw):
    return make_film(**PUBLISHED, **kw)


@pytest.fixture
def series_and_features(db):
    """Three TV series and two features from China: enough for the tests of hostile input,
    which do not need the whole demo."""
    china = make_country("CN")
    for slug in [*SERIES_SLUGS, "feature-a", "feature-b"]:
        kind = FilmKind.TV_SERIES if slug in SERIES_SLUGS else FilmKind.FEATURE
        film = published_film(slug=slug, title_en=slug, kind=kind)
        FilmCountry.objects.create(film=film, country=china)


SERIES_SLUGS = ["series-a", "series-b", "series-c"]


# The whole catalog


def test_film_list_without_filters_shows_every_published_film_by_title(demo, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert card_slugs(response) == ALL_BY_TITLE
    assert results_heading(response) == "19 films"


def test_film_list_leaves_out_draft_films(db, client):
    published_film(title_original="Shown")
    make_film(title_original="Draft")

    response = client.get(URL)

    assert card_titles(response) == ["Shown"]
    assert results_heading(response) == "1 film"


def test_film_list_card_shows_title_original_title_year_kind_and_countries(demo, client):
    film = Film.objects.get(slug="the-red-silk")
    pk, thumbnail, poster = film.pk, film.poster_thumbnail.url, film.poster.url
    response = client.get(URL, {"q": "Red Silk"})

    # The demo's placeholder poster (sample data) as every card's picture: tests/filmweek/
    # test_list_pictures.py.
    assertInHTML(
        f"""<li class="card film-card">
        <h3><a href="/en/films/the-red-silk/">The Red Silk</a></h3>
        <img class="list-thumbnail" src="{thumbnail}"
          srcset="{thumbnail} {film.poster_thumbnail_width}w, {poster} {film.poster_width}w"
          sizes="120px" width="120" height="180" alt="" loading="lazy" decoding="async">
        <p class="original-title">Красный шёлк</p>
        <p class="meta">2025 · Feature</p>
        <div class="meta"><ul class="inline" aria-label="Production countries">
          <li>Russia</li><li>China</li></ul> <span class="tag">Co-production</span></div>
        <p class="card-star"><a class="star" href="/en/programme/?add=f{pk}" rel="nofollow"
          data-programme-item="f{pk}"><span class="star-off">Add to my programme</span><span
          class="star-on">In my programme</span><span class="visually-hidden">: The Red
          Silk</span></a></p>
        </li>""",
        response.content.decode(),
        count=1,
    )


def test_film_list_card_hides_original_title_equal_to_the_shown_one(demo, client):
    response = client.get(URL, {"q": "Mulan"})

    assert 'class="original-title"' not in response.content.decode()


def test_film_list_in_chinese_shows_chinese_titles_in_chinese_order(demo, client):
    response = client.get("/zh-hans/films/", {"kind": "tv_series"})

    titles = re.findall(
        r'<h3><a href="/zh-hans/films/[^"]+">([^<]+)</a>', response.content.decode()
    )
    assert titles == ["人世间", "天才基本法", "长安十二时辰"]


# Each facet alone


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_film_list_chinese_query_finds_a_lifelong_journey(demo, client, language):
    response = client.get(f"/{language}/films/", {"q": "人世"})

    assert card_slugs(response) == ["a-lifelong-journey"]


def test_film_list_query_is_a_case_insensitive_substring_of_the_english_title(demo, client):
    response = client.get(URL, {"q": "gENIUS"})

    assert card_slugs(response) == ["the-heart-of-genius"]


def test_film_list_query_searches_the_original_title(demo, client):
    response = client.get(URL, {"q": "шёлк"})

    assert card_slugs(response) == ["the-red-silk"]


def test_film_list_query_with_like_wildcards_matches_them_literally(demo, client):
    response = client.get(URL, {"q": "%_"})

    assert card_slugs(response) == []
    assert results_heading(response) == "0 films"


def test_film_list_country_filter_keeps_films_made_in_that_country(demo, client):
    response = client.get(URL, {"country": "CN"})

    assert card_slugs(response) == MADE_IN_CHINA


def test_film_list_several_countries_keep_films_made_by_all_of_them(demo, client):
    response = client.get(URL, {"country": ["CN", "RU"]})

    assert card_slugs(response) == ["the-red-silk"]


def test_film_list_several_countries_without_a_common_film_list_none(demo, client):
    response = client.get(URL, {"country": ["IT", "US"]})

    assert card_slugs(response) == []


def test_film_list_continent_filter_keeps_films_with_a_country_there(demo, client):
    response = client.get(URL, {"continent": "EU"})

    assert card_slugs(response) == ["io-sono-li", "the-red-silk"]


def test_film_list_coproduction_filter_keeps_films_of_two_or_more_countries(demo, client):
    response = client.get(URL, {"coproduction": "1"})

    assert card_slugs(response) == ["the-red-silk"]


def test_film_list_coproduction_zero_does_not_filter(demo, client):
    response = client.get(URL, {"coproduction": "0"})

    assert card_slugs(response) == ALL_BY_TITLE


def test_film_list_year_range_includes_both_ends(demo, client):
    response = client.get(URL, {"year_min": "2022", "year_max": "2023"})

    assert card_slugs(response) == [
        "a-lifelong-journey",
        "five-hundred-miles",
        "full-river-red",
        "the-heart-of-genius",
        "wandering-earth-2",
    ]


def test_film_list_year_min_alone_drops_older_films_and_films_without_year(demo, client):
    response = client.get(URL, {"year_min": "2023"})

    assert card_slugs(response) == [
        "five-hundred-miles",
        "full-river-red",
        "the-red-silk",
        "wandering-earth-2",
    ]


def test_film_list_kind_filter_keeps_that_kind(demo, client):
    response = client.get(URL, {"kind": "tv_series"})

    assert card_slugs(response) == TV_SERIES


def test_film_list_language_filter_keeps_films_spoken_in_it(demo, client):
    response = client.get(URL, {"language": "it"})

    assert card_slugs(response) == ["io-sono-li"]


def test_film_list_film_week_filter_keeps_films_selected_there(db, client):
    week = make_film_week(slug="week-a", **PUBLISHED)
    other_week = make_film_week(slug="week-b", **PUBLISHED)
    selected = published_film(slug="selected")
    Selection.objects.create(film=selected, film_week=week)
    Selection.objects.create(film=published_film(slug="elsewhere"), film_week=other_week)
    published_film(slug="never-selected")

    response = client.get(URL, {"film_week": "week-a"})

    assert card_slugs(response) == ["selected"]


def test_film_list_film_week_choices_are_published_film_weeks_only(db, client):
    make_film_week(slug="published-week", name_en="Published Week", year=2024, **PUBLISHED)
    make_film_week(slug="draft-week", name_en="Draft Week", year=2024)

    response = client.get(URL, {"film_week": "draft-week"})

    choices = list(response.context["filter"].form.fields["film_week"].choices)
    assert choices == [("", "Any film week"), ("published-week", "Published Week 2024")]
    assert field_errors(response, "film_week") == ["This is not one of the choices."]


def test_film_list_awarded_filter_keeps_films_that_won_an_award(demo, client):
    response = client.get(URL, {"awarded": "1"})

    assert card_slugs(response) == ["a-lifelong-journey", "io-sono-li"]


def test_film_list_awarded_filter_leaves_out_nominations(db, client):
    winner = published_film(slug="winner")
    make_award(film=winner, result=Award.Result.WON)
    make_award(film=published_film(slug="nominee"), result=Award.Result.NOMINATED)

    response = client.get(URL, {"awarded": "1"})

    assert card_slugs(response) == ["winner"]


# Choices


def test_film_list_country_choices_are_countries_with_published_films(db, client):
    make_country("DE", continent="EU")
    draft_only = make_film(title_original="Draft")
    FilmCountry.objects.create(film=draft_only, country=make_country("FR", continent="EU"))
    film = published_film()
    FilmCountry.objects.create(film=film, country=make_country("CN"))
    FilmCountry.objects.create(film=film, country=make_country("KZ"), position=2)

    response = client.get(URL)

    form = response.context["filter"].form
    assert list(form.fields["country"].choices) == [("CN", "China"), ("KZ", "Kazakhstan")]
    assert list(form.fields["continent"].choices) == [("", "Any continent"), ("AS", "Asia")]


def test_film_list_filter_form_shows_a_country_added_after_it_was_cached(db, client, settings):
    settings.PAGE_CACHE = False  # the filter form's own cache is what is tested
    FilmCountry.objects.create(film=published_film(), country=make_country("CN"))
    client.get(URL)  # renders and keeps the form
    other = make_film(title_original="Other", **PUBLISHED)

    FilmCountry.objects.create(film=other, country=make_country("KZ"))
    response = client.get(URL)

    assert 'value="KZ"' in response.content.decode()


def test_film_list_country_choices_in_chinese_follow_pinyin_order(demo, client):
    response = client.get("/zh-hans/films/")

    choices = list(response.context["filter"].form.fields["country"].choices)
    assert choices == [("RU", "俄罗斯"), ("US", "美国"), ("IT", "意大利"), ("CN", "中国")]


def test_film_list_language_choices_are_languages_of_published_films(db, client):
    Language.objects.create(code="fr", name_en="French")
    film = published_film()
    film.languages.add(Language.objects.create(code="ru", name_en="Russian", name_zh="俄语"))

    response = client.get(URL)

    choices = list(response.context["filter"].form.fields["language"].choices)
    assert choices == [("", "Any language"), ("ru", "Russian")]


# Facets combined


def test_film_list_china_and_tv_series_gives_the_three_series(demo, client):
    response = client.get(URL, {"country": "CN", "kind": "tv_series"})

    assert card_slugs(response) == TV_SERIES
    assert results_heading(response) == "3 films"


def test_film_list_asia_and_award_winner_gives_a_lifelong_journey(demo, client):
    response = client.get(URL, {"continent": "AS", "awarded": "1"})

    assert card_slugs(response) == ["a-lifelong-journey"]


def test_film_list_coproduction_with_china_and_europe_gives_the_red_silk(demo, client):
    response = client.get(URL, {"coproduction": "1", "country": "CN", "continent": "EU"})

    assert card_slugs(response) == ["the-red-silk"]


def test_film_list_query_and_year_and_language(demo, client):
    response = client.get(URL, {"q": "the", "year_max": "2020", "language": "zh"})

    assert card_slugs(response) == ["brotherhood-of-blades-ii", "the-longest-day-in-changan"]


def test_film_list_filters_that_exclude_each_other_give_an_empty_page(demo, client):
    response = client.get(URL, {"country": "IT", "kind": "tv_series"})

    assert card_slugs(response) == []
    assert "No film matches these filters." in response.content.decode()


# Sort orders


def test_film_list_sort_by_year_puts_oldest_first_and_unknown_years_last(demo, client):
    response = client.get(URL, {"sort": "year"})

    assert card_slugs(response)[:3] == ["still-life", "io-sono-li", "guns-and-roses"]
    assert card_slugs(response)[-3:] == ["the-red-silk", "mummies-iii", "operation-leviatha"]


def test_film_list_sort_by_year_descending_puts_newest_first_and_unknown_years_last(demo, client):
    response = client.get(URL, {"sort": "-year"})

    assert card_slugs(response)[:4] == [
        "the-red-silk",
        "five-hundred-miles",
        "full-river-red",
        "wandering-earth-2",
    ]
    assert card_slugs(response)[-3:] == ["still-life", "mummies-iii", "operation-leviatha"]


def test_film_list_sort_newest_puts_the_most_recently_added_first(db, client):
    for slug, days_ago in [("old", 30), ("recent", 1), ("middle", 10)]:
        film = published_film(slug=slug, title_original=slug)
        Film.objects.filter(pk=film.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )

    response = client.get(URL, {"sort": "newest"})

    assert card_slugs(response) == ["recent", "middle", "old"]


def test_film_list_sort_by_title_is_the_default(demo, client):
    response = client.get(URL, {"sort": "title"})

    assert card_slugs(response) == ALL_BY_TITLE


def test_film_list_sort_keeps_the_filters(demo, client):
    response = client.get(URL, {"kind": "tv_series", "sort": "-year"})

    assert card_slugs(response) == [
        "a-lifelong-journey",
        "the-heart-of-genius",
        "the-longest-day-in-changan",
    ]


# Invalid values: a message next to the filter, the valid filters still applied


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("year_min", "abc", "Enter a whole number."),
        ("year_max", "1e5", "Enter a whole number."),
        ("year_min", "1000", "Ensure this value is greater than or equal to 1880."),
        ("year_max", str(10**30), "Ensure this value is less than or equal to 2100."),
        ("country", "ZZZ", "This is not one of the choices."),
        ("continent", "Atlantis", "This is not one of the choices."),
        ("language", "klingon", "This is not one of the choices."),
        ("film_week", "no-such-week", "This is not one of the choices."),
        ("sort", "evil", "This is not one of the choices."),
        ("q", "a\x00b", "Null characters are not allowed."),
    ],
)
def test_film_list_invalid_value_shows_message_and_applies_the_other_filters(
    series_and_features, client, name, value, message
):
    response = client.get(URL, {name: value, "kind": "tv_series"})

    assert response.status_code == 200
    assert field_errors(response, name) == [message]
    assert card_slugs(response) == SERIES_SLUGS


def test_film_list_invalid_kind_shows_message_and_lists_every_film(demo, client):
    response = client.get(URL, {"kind": "opera"})

    assert field_errors(response, "kind") == ["This is not one of the choices."]
    assert card_slugs(response) == ALL_BY_TITLE


def test_film_list_invalid_field_is_marked_and_linked_to_its_message(demo, client):
    response = client.get(URL, {"year_min": "abc"})

    assertInHTML(
        '<input type="text" name="year_min" value="abc" inputmode="numeric" size="6" '
        'aria-invalid="true" aria-describedby="id_year_min_error" id="id_year_min">',
        response.content.decode(),
        count=1,
    )


def test_film_list_inverted_year_range_reports_it_and_keeps_the_earliest_year(demo, client):
    response = client.get(URL, {"year_min": "2023", "year_max": "2011"})

    assert field_errors(response, "year_max") == ["The latest year comes before the earliest one."]
    assert card_slugs(response) == [
        "five-hundred-miles",
        "full-river-red",
        "the-red-silk",
        "wandering-earth-2",
    ]


def test_film_list_several_invalid_values_each_get_their_message(demo, client):
    response = client.get(
        URL, {"year_min": "abc", "country": "ZZZ", "kind": "opera", "sort": "evil"}
    )

    assert [field_errors(response, name) for name in ["year_min", "country", "kind", "sort"]] == [
        ["Enter a whole number."],
        ["This is not one of the choices."],
        ["This is not one of the choices."],
        ["This is not one of the choices."],
    ]
    assert card_slugs(response) == ALL_BY_TITLE


def test_film_list_too_long_query_is_reported_and_ignored(series_and_features, client):
    response = client.get(URL, {"q": "x" * 10_240, "kind": "tv_series"})

    assert response.status_code == 200
    assert field_errors(response, "q") == [
        "Ensure this value has at most 200 characters (it has 10240)."
    ]
    assert card_slugs(response) == SERIES_SLUGS


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        f"page={10**12}",
        "page=abc",
        "page=%00",
        "q=%00",
        "q=" + "x" * 10_240,
        "q=" + "人" * 5_000,
        "country=%00",
        "year_min=%00&year_max=%00",
        "year_min=-1&year_max=99999999999999999999999",
        "kind=tv_series&kind=feature&kind=opera",
        "country=CN&country=CN&country=ZZZ",
        "sort=title&sort=-pk",
        "sort=created_at",
        "coproduction=%00&awarded=abc",
        "film_week=%00",
        "unknown=1&o=title&format=json",
        "q[]=a&country[]=CN",
        "%ff=%fe",
    ],
)
def test_film_list_hostile_query_string_answers_200(series_and_features, client, query):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200


def test_film_list_repeated_single_value_key_uses_the_last_value(series_and_features, client):
    response = client.get(f"{URL}?kind=feature&kind=tv_series")

    assert card_slugs(response) == SERIES_SLUGS


# Pagination


def _films(count, **kw):
    return [published_film(title_original=f"Film {number:03}", **kw) for number in range(count)]


def _follow(client, response, rel):
    return follow(client, URL, response, rel)


def test_film_list_shows_50_films_a_page_and_the_rest_on_the_next(db, client):
    _films(60)

    first = client.get(URL)
    second = _follow(client, first, "next")

    assert [len(card_slugs(first)), len(card_slugs(second))] == [50, 10]
    assert results_heading(first) == "60 films"
    assert card_titles(second)[0] == "Film 050"
    assert 'rel="next"' not in second.content.decode()


def test_film_list_previous_link_leads_back_to_the_same_films(db, client):
    _films(120)
    first = client.get(URL)
    third = _follow(client, _follow(client, first, "next"), "next")

    back = _follow(client, _follow(client, third, "prev"), "prev")

    assert card_slugs(back) == card_slugs(first)


@pytest.mark.parametrize("sort", ["title", "year", "-year", "newest"])
def test_film_list_pages_of_every_sort_cover_every_film_once(db, client, sort):
    # Ties on every sort key but the last: same title, same year.
    films = [published_film(title_original="Same", year=2000 + n % 2) for n in range(55)]
    films += [published_film(title_original="No year", year=None) for _ in range(3)]

    first = client.get(URL, {"sort": sort})
    second = _follow(client, first, "next")

    shown = card_slugs(first) + card_slugs(second)
    assert sorted(shown) == sorted(film.slug for film in films)


def test_film_list_year_sort_puts_films_without_a_year_last(db, client):
    published_film(slug="no-year", year=None)
    published_film(slug="old", year=1950)
    published_film(slug="new", year=2020)

    oldest_first = client.get(URL, {"sort": "year"})
    newest_first = client.get(URL, {"sort": "-year"})

    assert [card_slugs(oldest_first), card_slugs(newest_first)] == [
        ["old", "new", "no-year"],
        ["new", "old", "no-year"],
    ]


def test_film_list_next_link_stays_valid_when_films_are_added_before_it(db, client):
    _films(60)
    first = client.get(URL)
    published_film(title_original="A new film first in the order")

    second = _follow(client, first, "next")

    assert card_titles(second)[0] == "Film 050"


def _encoded(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "junk",
        "",
        "%%%",
        "A" * 5000,
        _encoded([]),
        _encoded(["Film 001"]),  # one value for an order of two
        _encoded([1, 2]),  # a number where a title goes
        _encoded(["Film", 1e300]),  # a float id
        _encoded(["Film", True]),
        _encoded(["Film", 10**26]),  # an id beyond 64 bits
        _encoded(["\x00", 1]),  # a NUL in the title
        _encoded(["\ud800", 1]),  # a lone surrogate: no text a database takes
        _encoded(["Film" * 1000, 1]),
        _encoded({"a": 1}),
    ],
)
@pytest.mark.parametrize("direction", ["after", "before"])
def test_film_list_hostile_cursor_shows_the_first_page(db, client, cursor, direction):
    _films(60)

    response = client.get(URL, {direction: cursor})

    assert response.status_code == 200
    assert card_slugs(response) == card_slugs(client.get(URL))


@pytest.mark.parametrize(
    "moment",
    ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00", "2026-02-30T00:00:00"],
)
def test_film_list_newest_cursor_of_no_moment_shows_the_first_page(db, client, moment):
    _films(60)
    newest = {"sort": "newest"}

    response = client.get(URL, {**newest, "after": _encoded([moment, 1])})

    assert response.status_code == 200
    assert card_slugs(response) == card_slugs(client.get(URL, newest))


def test_film_list_cursor_past_the_last_film_shows_the_first_page(db, client):
    films = _films(3)
    last = max(films, key=lambda film: film.title_original)

    response = client.get(URL, {"after": _encoded([last.title_original, last.pk])})

    assert [response.status_code, card_slugs(response)] == [200, card_slugs(client.get(URL))]


def test_film_list_old_page_numbers_show_the_first_page(db, client):
    _films(60)

    response = client.get(URL, {"page": "2"})

    assert card_slugs(response) == card_slugs(client.get(URL))


def test_film_list_counts_no_further_than_a_thousand(db, client):
    Film.objects.bulk_create(
        Film(slug=f"many-{n}", title_original=f"Many {n}", status=Status.PUBLISHED)
        for n in range(1001)
    )

    response = client.get(URL)

    assert results_heading(response) == "More than 1,000 films"


def test_film_list_page_links_keep_the_filters(db, client):
    _films(60, kind=FilmKind.DOCUMENTARY)

    response = client.get(URL, {"kind": "documentary", "sort": "-year"})

    href = re.search(r'<a rel="next" href="([^"]*)"', response.content.decode()).group(1)
    assert href.startswith("?kind=documentary&amp;sort=-year&amp;after=")


# Queries


def _films_with_everything(rows):
    week = make_film_week(**PUBLISHED)
    language = Language.objects.create(code="ru", name_en="Russian")
    for number in range(rows):
        film = published_film()
        FilmCountry.objects.create(film=film, country=make_country("CN"))
        FilmCountry.objects.create(
            film=film, country=make_country(["RU", "FR", "IT"][number], continent="EU"), position=2
        )
        film.languages.add(language)
        Selection.objects.create(film=film, film_week=week)
        make_award(film=film)


@pytest.mark.parametrize("rows", [1, 3])
def test_film_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    _films_with_everything(rows)

    # Three lists of choices, the page's rows and their production countries; a first page
    # that holds every row is not counted. Then the counts: one query for each of the five
    # choices and the two flags, and a capped count of the rows each choice is counted over
    # (the continent's, and the other choices' together).
    with django_assert_num_queries(14):
        response = client.get(URL, {"coproduction": "1", "awarded": "1", "continent": "EU"})

    assert len(card_slugs(response)) == rows
