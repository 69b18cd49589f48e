"""The public list of film week editions /<lang>/film-weeks/: newest first, the facts and counts
of each edition, facets, hostile query strings and a constant number of queries."""

import re

import pytest

from core.models import Status
from filmweek.models import Ambassador, Selection
from tests.factories import (
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_person,
)

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/film-weeks/"
SIFF = "shanghai-international-film-festival"
SCO = "shanghai-cooperation-organisation"


def slugs(response):
    return [film_week.slug for film_week in response.context["page_obj"]]


def results_heading(response):
    return re.search(r'id="results-heading">([^<]*)<', response.content.decode()).group(1)


def field_errors(response, name):
    match = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode()
    )
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def card_text(response, slug):
    """The visible text of the card of the film week `slug`, whitespace collapsed."""
    html = response.content.decode()
    for card in re.findall(r'<li class="card film-week-card">(.*?)</li>', html, re.S):
        if f"/film-weeks/{slug}/" in card:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()
    return None


# The whole list


def test_film_week_list_shows_every_published_edition_newest_first(demo, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert slugs(response) == [
        "sco-film-and-television-week-2025",
        "belt-and-road-film-week-2023",
        "belt-and-road-film-week-2018",
    ]
    assert results_heading(response) == "3 editions"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_film_week_list_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/film-weeks/")

    assert response.status_code == 200


def test_film_week_list_card_shows_year_organiser_city_theme_edition_and_counts(demo, client):
    response = client.get(URL)

    assert card_text(response, "belt-and-road-film-week-2023") == (
        "Belt and Road Film Week 2023 Theme: “Dialogue” Organiser Shanghai International Film "
        "Festival Place Shanghai, China Part of 25th Shanghai International Film Festival "
        "2 ambassadors · 0 films"
    )


def test_film_week_list_card_shows_edition_number(demo, client):
    response = client.get(URL)

    assert card_text(response, "sco-film-and-television-week-2025") == (
        "SCO Film and Television Week 2025 Organiser Shanghai Cooperation Organisation Edition 1 "
        "Place Qingdao, Shandong province, China 0 ambassadors · 0 films"
    )


def test_film_week_list_in_chinese_shows_chinese_names(demo, client):
    response = client.get("/zh-hans/film-weeks/")

    titles = re.findall(
        r'<h3><a href="/zh-hans/film-weeks/[^"]+">([^<]+)</a>', response.content.decode()
    )
    assert titles == [
        "2025年上海合作组织电影电视周",
        "2023年“一带一路”电影周",
        "2018年“一带一路”电影周",
    ]


def test_film_week_list_leaves_out_drafts(db, client):
    make_film_week(slug="shown", **PUBLISHED)
    make_film_week(slug="draft")

    response = client.get(URL)

    assert slugs(response) == ["shown"]
    assert results_heading(response) == "1 edition"


def test_film_week_list_counts_published_ambassadors_and_films_only(db, client):
    week = make_film_week(slug="week", **PUBLISHED)
    for status in [Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT]:
        Ambassador.objects.create(film_week=week, person=make_person(status=status))
        Selection.objects.create(film_week=week, film=make_film(status=status))

    response = client.get(URL)

    film_week = response.context["page_obj"][0]
    assert (film_week.ambassador_count, film_week.film_count) == (2, 2)
    assert card_text(response, "week").endswith("2 ambassadors · 2 films")


def test_film_week_list_hides_unpublished_organiser_and_festival(db, client):
    draft_festival = make_institution(name_en="Hidden festival")
    make_film_week(
        slug="week",
        name_en="Week",
        organiser=draft_festival,
        festival_edition=make_festival_edition(institution=draft_festival),
        city_en="",
        country=None,
        starts_on=None,
        ends_on=None,
        **PUBLISHED,
    )

    response = client.get(URL)

    assert card_text(response, "week") == "Week 2023 0 ambassadors · 0 films"


# Filters


def test_film_week_list_organiser_filter_keeps_that_organisers_editions(demo, client):
    response = client.get(URL, {"organiser": SIFF})

    assert slugs(response) == ["belt-and-road-film-week-2023", "belt-and-road-film-week-2018"]


def test_film_week_list_year_filter_keeps_that_years_editions(demo, client):
    response = client.get(URL, {"year": "2023"})

    assert slugs(response) == ["belt-and-road-film-week-2023"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organiser": SIFF, "year": "2018"}, ["belt-and-road-film-week-2018"]),
        ({"organiser": SCO, "year": "2023"}, []),
    ],
)
def test_film_week_list_organiser_and_year_combined(demo, client, params, expected):
    response = client.get(URL, params)

    assert slugs(response) == expected


def test_film_week_list_choices_follow_published_editions(db, client):
    organiser = make_institution(slug="festival", name_en="Festival", **PUBLISHED)
    make_film_week(organiser=organiser, year=2019, **PUBLISHED)
    make_film_week(organiser=organiser, year=2021, **PUBLISHED)
    make_film_week(organiser=make_institution(slug="draft-organiser", **PUBLISHED), year=2030)

    response = client.get(URL)

    form = response.context["filter"].form
    assert list(form.fields["organiser"].choices) == [
        ("", "Any organiser"),
        ("festival", "Festival"),
    ]
    assert list(form.fields["year"].choices) == [
        ("", "Any year"),
        ("2021", "2021"),
        ("2019", "2019"),
    ]


@pytest.mark.parametrize(
    ("name", "value"), [("year", "abc"), ("year", "1999"), ("organiser", "nobody")]
)
def test_film_week_list_invalid_value_shows_message_and_applies_the_other_filter(
    demo, client, name, value
):
    other = {"year": ("organiser", SCO), "organiser": ("year", "2018")}[name]

    response = client.get(URL, {name: value, other[0]: other[1]})

    assert field_errors(response, name) == ["This is not one of the choices."]
    assert len(slugs(response)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        f"page={10**12}",
        "page=abc",
        "year=%00",
        "organiser=%00",
        "year=" + "9" * 10_240,
        "year=2023&year=2018&organiser=a&organiser=b",
        "unknown=1&q=x",
    ],
)
def test_film_week_list_hostile_query_string_answers_200(db, client, query):
    make_film_week(**PUBLISHED)

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize(("page", "shown"), [("0", 1), ("-1", 1), ("2", 2), (str(10**12), 2)])
def test_film_week_list_page_out_of_range_shows_the_nearest_page(db, client, page, shown):
    organiser = make_institution(**PUBLISHED)
    for year in range(2000, 2025):
        make_film_week(organiser=organiser, name_en="Week", year=year, **PUBLISHED)

    response = client.get(URL, {"page": page})

    assert response.context["page_obj"].number == shown
    assert len(response.context["page_obj"]) == (24 if shown == 1 else 1)


# Queries


def _film_weeks_with_everything(rows):
    festival = make_institution(**PUBLISHED)
    for number in range(rows):
        week = make_film_week(
            organiser=festival,
            year=2020 + number,
            festival_edition=make_festival_edition(institution=festival),
            theme_en="Dialogue",
            **PUBLISHED,
        )
        for _person in range(2):
            Ambassador.objects.create(film_week=week, person=make_person(**PUBLISHED))
            Selection.objects.create(film_week=week, film=make_film(**PUBLISHED))


@pytest.mark.parametrize("rows", [1, 3])
def test_film_week_list_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    _film_weeks_with_everything(rows)

    # The page as before (4 queries) and the counts of the organiser and year choices.
    with django_assert_num_queries(6):
        response = client.get(URL)

    assert len(response.context["page_obj"]) == rows
