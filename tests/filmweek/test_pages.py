"""The public film week, film and person pages: published records only, the facts of the source
texts, and a number of queries that does not grow with the rows shown."""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertInHTML

from core.models import Status
from filmweek.models import (
    ReportedFigure,
    Selection,
)
from tests.factories import (
    make_credit,
    make_film,
    make_film_week,
    make_institution,
    make_person,
    make_source,
)
from tests.records import film_week_with, film_with, person_with

PUBLISHED = {"status": Status.PUBLISHED}
WEEK_2023 = "/en/film-weeks/belt-and-road-film-week-2023/"
SCO_WEEK = "/en/film-weeks/sco-film-and-television-week-2025/"
FIVE_HUNDRED_MILES = "/en/films/five-hundred-miles/"
ZHAO_TAO = "/en/people/zhao-tao/"


def page_text(response):
    """The visible text of the page's main element: inline tags dropped, the others read as a
    space, whitespace collapsed."""
    main = response.content.decode().split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
    main = re.sub(r"</?(a|cite|strong|small|em|span)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


# Film week page


@pytest.mark.parametrize(
    "slug",
    [
        "belt-and-road-film-week-2018",
        "belt-and-road-film-week-2023",
        "sco-film-and-television-week-2025",
    ],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_film_week_page_in_each_language_answers_200(demo, client, language, slug):
    response = client.get(f"/{language}/film-weeks/{slug}/")

    assert response.status_code == 200


def test_film_week_page_shows_facts_of_2023(demo, client):
    response = client.get(WEEK_2023)

    text = page_text(response)
    assert "Year 2023 Organiser Shanghai International Film Festival" in text
    assert "Part of 25th Shanghai International Film Festival (2023)" in text
    assert "Alliance Belt and Road Film Festival Alliance Place Shanghai, China Theme Dialogue" in (
        text
    )


def test_film_week_page_links_ambassadors_with_role(demo, client):
    response = client.get(WEEK_2023)

    ambassadors = re.findall(
        r'<li><a href="(/en/people/[^"]+)">([^<]+)</a>, ([^<]+)</li>', response.content.decode()
    )
    assert ambassadors == [
        ("/en/people/zhao-tao/", "Zhao Tao", "Promotion Ambassador"),
        ("/en/people/lei-jiayin/", "Lei Jiayin", "Promotion Ambassador"),
    ]


def test_film_week_page_without_poster_image_shows_only_its_caption(demo, client):
    response = client.get(WEEK_2023)

    html = response.content.decode()
    assertInHTML("<figcaption>2023 Belt and Road Film Week theme poster</figcaption>", html, 1)
    assert html.count("<img") == 0


def test_film_week_page_shows_reported_figure_beside_computed_count(demo, client):
    response = client.get(WEEK_2023)

    text = page_text(response)
    assert (
        "87 films screened by the Belt and Road Film Week, over the past five years (2018–2023) "
        "Reported by: The Belt and Road Film Week | Zhao Tao and Lei Jiayin invited as Promotion "
        "Ambassadors, Shanghai International Film Festival"
    ) in text
    assert (
        "Recorded in this catalog: 0 films selected for this edition; 0 across the editions of "
        "this film week up to 2023."
    ) in text


def test_film_week_page_lower_bound_figure_reads_more_than(demo, client):
    response = client.get(SCO_WEEK)

    assert "more than 40 co-produced films initiated among SCO member states, since 2020" in (
        page_text(response)
    )


def test_film_week_page_groups_activities_by_kind(demo, client):
    response = client.get("/en/film-weeks/belt-and-road-film-week-2018/")

    kinds = re.findall(r"<h3>([^<]+)</h3>", response.content.decode())
    assert kinds == ["Screening programme", "Forum", "Industry dialogue", "Market promotion"]


def test_film_week_page_shows_activity_participants(demo, client):
    response = client.get(SCO_WEEK)

    assert (
        "Ceremony Opening ceremony Attended by diplomats, filmmakers and international stars. "
        'Alena Sviridova: Made a stellar appearance; sings the theme song of "The Red Silk" '
        "Oleg Brizhatty: Diplomat, Russian Embassy"
    ) in page_text(response)


def test_film_week_page_shows_quotes_with_person_and_source(demo, client):
    response = client.get(SCO_WEEK)

    speakers = re.findall(r'<figcaption><a href="/en/people/([^"]+)/">', response.content.decode())
    assert speakers == ["alena-sviridova", "kim-wai-chung", "oleg-brizhatty", "sun-hengqin"]


def test_film_week_page_in_chinese_shows_chinese_name(demo, client):
    response = client.get("/zh-hans/film-weeks/sco-film-and-television-week-2025/")

    assertInHTML("<h1>2025年上海合作组织电影电视周</h1>", response.content.decode(), count=1)


def test_film_week_page_draft_answers_404(db, client):
    make_film_week(slug="draft-week")

    response = client.get("/en/film-weeks/draft-week/")

    assert response.status_code == 404


def test_film_week_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/film-weeks/no-such-week/")

    assert response.status_code == 404


def test_film_week_page_draft_film_not_selected(db, client):
    week = make_film_week(slug="week", **PUBLISHED)
    Selection.objects.create(film_week=week, film=make_film(title_en="Shown", **PUBLISHED))
    Selection.objects.create(film_week=week, film=make_film(title_en="Hidden"))

    response = client.get("/en/film-weeks/week/")

    assert [s.film.title_en for s in response.context["film_week"].selections_shown] == ["Shown"]


def test_film_week_page_over_its_film_limit_links_the_film_list(db, client, monkeypatch):
    monkeypatch.setattr("filmweek.views.FILM_WEEK_FILMS", 2)
    week = make_film_week(slug="week", **PUBLISHED)
    for title in ("A", "B", "C"):
        Selection.objects.create(film_week=week, film=make_film(title_en=title, **PUBLISHED))

    response = client.get("/en/film-weeks/week/")

    shown = [s.film.title_en for s in response.context["film_week"].selections_shown]
    more = re.search(
        r'<p class="films-more"><a href="([^"]*)">([^<]*)</a>', response.content.decode()
    )
    assert [shown, unescape(more.group(1)), more.group(2)] == [
        ["A", "B"],
        "/en/films/?film_week=week",
        "All 3 films of this edition",
    ]


def test_film_week_page_within_its_film_limit_has_no_link_to_more(db, client):
    week = make_film_week(slug="week", **PUBLISHED)
    Selection.objects.create(film_week=week, film=make_film(**PUBLISHED))

    response = client.get("/en/film-weeks/week/")

    assert 'class="films-more"' not in response.content.decode()


def _series_edition(year, films):
    organiser = make_institution(slug="organiser") if year == 2022 else None
    organiser = organiser or type(make_institution()).objects.get(slug="organiser")
    week = make_film_week(
        slug=f"series-{year}", name_en="Series", organiser=organiser, year=year, **PUBLISHED
    )
    for film in films:
        Selection.objects.create(film_week=week, film=film)
    # The count is shown beside the figures the organisers report.
    ReportedFigure.objects.create(film_week=week, label_en="films", value=1, source=make_source())
    return week


def _computed_films(response):
    return re.search(r'id="computed-films">([^<]*)<', response.content.decode()).group(1)


def test_film_week_page_counts_films_of_the_series_up_to_its_year(db, client):
    shared = make_film(**PUBLISHED)
    _series_edition(2022, [shared, make_film(**PUBLISHED), make_film()])  # one draft
    week = _series_edition(2023, [shared, make_film(**PUBLISHED)])
    _series_edition(2024, [make_film(**PUBLISHED)])  # later: not counted

    response = client.get(week.get_absolute_url())

    assert _computed_films(response) == (
        "Recorded in this catalog: 2 films selected for this edition; 3 across the editions of "
        "this film week up to 2023."
    )


def test_film_week_page_series_count_follows_a_new_selection(db, client):
    week = _series_edition(2022, [make_film(**PUBLISHED)])
    client.get(week.get_absolute_url())

    Selection.objects.create(film_week=week, film=make_film(**PUBLISHED))
    response = client.get(week.get_absolute_url())

    assert "2 across the editions" in _computed_films(response)


@pytest.mark.parametrize("rows", [1, 3])
def test_film_week_page_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    week = film_week_with(rows)

    # The film week, then one query per list: ambassadors, selections, activities, their
    # participants and sessions to come, screenings to come, figures, quotes; and the count of
    # the series beside the figures.
    with django_assert_num_queries(10):
        response = client.get(week.get_absolute_url())

    assert response.status_code == 200


# Film page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_film_page_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/films/five-hundred-miles/")

    assert response.status_code == 200


def test_film_page_in_chinese_shows_chinese_title(demo, client):
    response = client.get("/zh-hans/films/five-hundred-miles/")

    assertInHTML("<h1>交换人生 <small>(2023)</small></h1>", response.content.decode(), count=1)


def test_film_page_shows_titles_in_every_form(demo, client):
    response = client.get(FIVE_HUNDRED_MILES)

    assert (
        "Original title 交换人生 English title Five Hundred Miles Chinese title 交换人生 Year 2023 "
        "Kind Feature Released Jan. 22, 2023 · Premiered during the Spring Festival"
    ) in page_text(response)


def test_film_page_groups_credits_by_role_with_characters(demo, client):
    response = client.get(FIVE_HUNDRED_MILES)

    assert (
        "Credits Director Su Lun Writer Su Lun Cast Lei Jiayin as Zhong Da Zhang Xiaofei as "
        "Jin Hao Zhang Youhao as Lu Xiaogu"
    ) in page_text(response)


def test_film_page_shows_tour_stop(demo, client):
    response = client.get(FIVE_HUNDRED_MILES)

    assert (
        "Tour stops 45th Moscow International Film Festival (Russia), April 2023 · International "
        "premiere · Belt and Road Film Tour"
    ) in page_text(response)


def test_film_page_co_production_shows_countries_with_roles_and_languages(demo, client):
    response = client.get("/en/films/the-red-silk/")

    assert (
        "Genre Action, spy Production countries Russia (Co-producer) China (Co-producer) "
        "Languages Mandarin Chinese Russian"
    ) in page_text(response)


def test_film_page_shows_award_and_production_base(demo, client):
    award = client.get("/en/films/a-lifelong-journey/")
    base = client.get("/en/films/wandering-earth-2/")

    assert "31st China TV Golden Eagle Awards (2022): Best Actor, won · Lei Jiayin" in (
        page_text(award)
    )
    assert "Made at Qingdao Oriental Film Metropolis, Qingdao" in page_text(base)


def test_film_page_draft_answers_404(db, client):
    make_film(slug="draft-film")

    response = client.get("/en/films/draft-film/")

    assert response.status_code == 404


def test_film_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/films/no-such-film/")

    assert response.status_code == 404


def test_film_page_draft_person_not_credited(db, client):
    film = make_film(slug="film", **PUBLISHED)
    make_credit(film=film, person=make_person(name_en="Shown", **PUBLISHED))
    make_credit(film=film, person=make_person(name_en="Hidden"))

    response = client.get("/en/films/film/")

    assert [c.person.name_en for c in response.context["film"].credits.all()] == ["Shown"]


@pytest.mark.parametrize("rows", [1, 3])
def test_film_page_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    film = film_with(rows)

    # The film, then one query per list: countries, languages, credits, awards, film weeks,
    # production bases, tour stops, screenings to come.
    with django_assert_num_queries(9):
        response = client.get(film.get_absolute_url())

    assert response.status_code == 200


# Person page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_person_page_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/people/zhao-tao/")

    assert response.status_code == 200


def test_person_page_shows_award_edition_name(demo, client):
    response = client.get(ZHAO_TAO)

    assert "Awards 57th David di Donatello Awards (2012): Best Actress, won · Io Sono Li" in (
        page_text(response)
    )


def test_person_page_shows_jury_service(demo, client):
    response = client.get(ZHAO_TAO)

    text = page_text(response)
    assert (
        "Jury service Durban International Film Festival (2022), Feature Film Competition · "
        "Recommended by Shanghai International Film Festival The Durban International Film "
        "Festival asked for a Chinese female filmmaker"
    ) in text
    assert "22nd Shanghai International Film Festival (2019), Main Competition" in text
    assert "7th Rome International Film Festival (2012)" in text


def test_person_page_shows_filmography_by_year(demo, client):
    response = client.get(ZHAO_TAO)

    years = re.findall(r"<dt>(\d{4})</dt>", response.content.decode())
    assert years == ["2018", "2015", "2011", "2006"]


def test_person_page_shows_name_in_every_form(demo, client):
    response = client.get("/en/people/alena-sviridova/")

    assert (
        "Name in English Alena Sviridova Name in its own script Алёна Свиридова Country Russia"
    ) in page_text(response)


def test_person_page_shows_position_participation_and_quote(demo, client):
    sun = client.get("/en/people/sun-hengqin/")
    alena = client.get("/en/people/alena-sviridova/")

    assert "Positions CEO, Qingdao Oriental Film Metropolis" in page_text(sun)
    assert "it's about 40 percent of your spendings." in page_text(sun)
    assert "Activities Opening ceremony, SCO Film and Television Week 2025: Made a stellar" in (
        page_text(alena)
    )


def test_person_page_in_chinese_shows_chinese_name_and_ambassador_role(demo, client):
    response = client.get("/zh-hans/people/lei-jiayin/")

    assertInHTML("<h1>雷佳音</h1>", response.content.decode(), count=1)
    assert "2023年“一带一路”电影周推广大使" in page_text(response)


def test_person_page_draft_answers_404(db, client):
    make_person(slug="draft-person")

    response = client.get("/en/people/draft-person/")

    assert response.status_code == 404


def test_person_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/people/no-such-person/")

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_person_page_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    person = person_with(rows)

    # The person, then one query per list: positions, filmography, awards, ambassador roles,
    # jury service, activities, quotes, Q&As to come, screenings to come of the films.
    with django_assert_num_queries(10):
        response = client.get(person.get_absolute_url())

    assert response.status_code == 200
