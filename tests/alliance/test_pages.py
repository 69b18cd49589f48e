"""The public alliance and institution pages: published records only, the facts of the source
texts, and a number of queries that does not grow with the rows shown."""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertInHTML

from alliance.models import AllianceItem, InstitutionKind
from core.models import Status
from filmweek.models import FilmLocation
from tests.factories import (
    make_alliance,
    make_film,
    make_film_week,
    make_institution,
    make_membership,
)
from tests.records import alliance_with, institution_with

ALLIANCE = "/en/alliances/belt-and-road-film-festival-alliance/"
DURBAN = "/en/institutions/durban-international-film-festival/"
QINGDAO = "/en/institutions/qingdao-oriental-film-metropolis/"
PUBLISHED = {"status": Status.PUBLISHED}


def page_text(response):
    """The visible text of the page's main element: inline tags dropped, the others read as a
    space, whitespace collapsed."""
    main = response.content.decode().split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
    main = re.sub(r"</?(a|cite|strong|small|em|span)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


# Alliance page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_alliance_page_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/alliances/belt-and-road-film-festival-alliance/")

    assert response.status_code == 200


def test_alliance_page_shows_the_four_criteria_in_order(demo, client):
    criteria = AllianceItem.objects.filter(kind="criterion").order_by("position")

    response = client.get(ALLIANCE)

    expected = "".join(f"<li>{item.text_en}</li>" for item in criteria)
    assertInHTML(f'<ol id="criteria">{expected}</ol>', response.content.decode(), count=1)
    assert len(criteria) == 4


def test_alliance_page_shows_the_six_items_of_its_scope_of_work(demo, client):
    response = client.get(ALLIANCE)

    scope = re.search(r'<ol id="scope">(.*?)</ol>', response.content.decode(), re.S).group(1)
    assert scope.count("<li>") == 6


@pytest.mark.parametrize("figure", ["31", "29", "49", "43", "55", "48"])
def test_alliance_page_shows_each_reported_figure(demo, client, figure):
    response = client.get(ALLIANCE)

    assertInHTML(f"<td>{figure}</td>", response.content.decode(), count=1)


def test_alliance_page_shows_milestone_dates_at_their_precision(demo, client):
    response = client.get(ALLIANCE)

    dates = re.findall(r'<th scope="row">([^<]+)<br>', response.content.decode())
    assert dates == ["June 16, 2018", "May 2020", "2023"]


def test_alliance_page_shows_members_now_beside_the_milestones(demo, client):
    response = client.get(ALLIANCE)

    assert (
        "Recorded in this catalog today: 2 members from 2 countries, computed from the joining "
        "dates below."
    ) in page_text(response)


def test_alliance_page_shows_founding_facts(demo, client):
    response = client.get(ALLIANCE)

    text = page_text(response)
    assert "Founded on June 16, 2018" in text
    assert "Initiated by Shanghai International Film Festival" in text
    assert "Founded during 21st Shanghai International Film Festival (2018)" in text
    assert "Guiding units State Film Administration" in text
    assert "Host units China Media Group Shanghai Municipal People's Government" in text


def test_alliance_page_shows_durban_joined_in_april_2020(demo, client):
    response = client.get(ALLIANCE)

    assertInHTML("<td>April 2020</td>", response.content.decode(), count=1)


def test_alliance_page_in_chinese_shows_chinese_name(demo, client):
    response = client.get("/zh-hans/alliances/belt-and-road-film-festival-alliance/")

    assertInHTML("<h1>“一带一路”电影节联盟</h1>", response.content.decode(), count=1)


def test_alliance_page_lists_memberships_up_to_its_limit_and_links_the_rest(
    db, client, monkeypatch
):
    monkeypatch.setattr("alliance.views.MEMBERSHIP_ROWS", 2)
    alliance = make_alliance(slug="many", **PUBLISHED)
    for name in ("Almaty", "Busan", "Cairo"):
        make_membership(alliance=alliance, institution=make_institution(name_en=name, **PUBLISHED))

    response = client.get("/en/alliances/many/")

    html = response.content.decode()
    shown = [m.institution.name_en for m in response.context["memberships_shown"]]
    assert shown == ["Almaty", "Busan"]
    assert "Cairo" not in html
    assert "The first 2 of 3 memberships are listed here" in html
    assert '<a href="/en/members/?alliance=many">' in html


def test_alliance_page_within_its_limit_lists_every_membership_without_a_link(db, client):
    alliance = make_alliance(slug="few", **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(**PUBLISHED))

    html = client.get("/en/alliances/few/").content.decode()

    assert "memberships are listed here" not in html


def test_alliance_page_draft_answers_404(db, client):
    make_alliance(slug="draft-alliance")

    response = client.get("/en/alliances/draft-alliance/")

    assert response.status_code == 404


def test_alliance_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/alliances/no-such-alliance/")

    assert response.status_code == 404


def test_alliance_page_draft_member_not_listed(db, client):
    alliance = make_alliance(slug="open-alliance", **PUBLISHED)
    make_membership(alliance=alliance, institution=make_institution(name_en="Seen", **PUBLISHED))
    make_membership(alliance=alliance, institution=make_institution(name_en="Unseen"))

    response = client.get("/en/alliances/open-alliance/")

    members = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    assert members == ["Seen"]


@pytest.mark.parametrize("rows", [1, 3])
def test_alliance_page_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    alliance = alliance_with(rows)

    with django_assert_num_queries(7):
        response = client.get(alliance.get_absolute_url())

    assert response.status_code == 200


def test_alliance_page_over_its_membership_limit_queries_the_same(
    db, client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("alliance.views.MEMBERSHIP_ROWS", 2)
    alliance = alliance_with(3)

    with django_assert_num_queries(7):
        response = client.get(alliance.get_absolute_url())

    assert (len(response.context["memberships_shown"]), response.context["more_memberships"]) == (
        2,
        True,
    )


# Institution page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_institution_page_in_each_language_answers_200(demo, client, language):
    response = client.get(f"/{language}/institutions/durban-international-film-festival/")

    assert response.status_code == 200


def test_institution_page_durban_shows_joined_in_april_2020(demo, client):
    response = client.get(DURBAN)

    assert "Member: Belt and Road Film Festival Alliance, joined April 2020" in page_text(response)


def test_institution_page_durban_shows_facts_in_both_languages(demo, client):
    response = client.get(DURBAN)

    html = response.content.decode()
    assertInHTML('<dd lang="en">Durban International Film Festival</dd>', html, count=1)
    assertInHTML('<dd lang="zh-Hans">德班国际电影节</dd>', html, count=1)
    assertInHTML("<dd>DIFF</dd>", html, count=1)
    assertInHTML("<dd>South Africa</dd>", html, count=1)
    assertInHTML("<dd>Durban</dd>", html, count=1)


def test_institution_page_durban_shows_its_juror_recommended_by_siff(demo, client):
    response = client.get(DURBAN)

    assert (
        "Jurors On the juries page Zhao Tao, Feature Film Competition · Recommended by Shanghai "
        "International Film Festival"
    ) in page_text(response)


def test_institution_page_qingdao_shows_films_made_and_incentive(demo, client):
    response = client.get(QINGDAO)

    text = page_text(response)
    assert "Films made here Wandering Earth 2 (2023) Pacific Rim: Uprising (2018)" in text
    assert "Hotel subsidy for visiting film crews: about 40%" in text
    assert "People Sun Hengqin, CEO" in text


def test_institution_page_moscow_shows_the_tour_stop_it_hosted(demo, client):
    response = client.get("/en/institutions/moscow-international-film-festival/")

    assert (
        "Tour stops hosted Five Hundred Miles, April 2023 · International premiere · Belt and "
        "Road Film Tour"
    ) in page_text(response)


def test_institution_page_award_body_shows_award_with_person_and_film(demo, client):
    response = client.get("/en/institutions/david-di-donatello-awards/")

    assert (
        "Awards given 57th David di Donatello Awards (2012): Best Actress, won · Zhao Tao · "
        "Io Sono Li"
    ) in page_text(response)


def test_institution_page_in_chinese_shows_chinese_city(demo, client):
    response = client.get("/zh-hans/institutions/qingdao-oriental-film-metropolis/")

    assertInHTML("<dd>青岛</dd>", response.content.decode(), count=1)


def test_institution_page_draft_answers_404(db, client):
    make_institution(slug="draft-festival")

    response = client.get("/en/institutions/draft-festival/")

    assert response.status_code == 404


def test_institution_page_unknown_slug_answers_404(db, client):
    response = client.get("/en/institutions/no-such-festival/")

    assert response.status_code == 404


def test_institution_page_draft_film_week_not_listed(db, client):
    organiser = make_institution(slug="organiser", **PUBLISHED)
    make_film_week(organiser=organiser, name_en="Public week", **PUBLISHED)
    make_film_week(organiser=organiser, name_en="Hidden week")

    response = client.get("/en/institutions/organiser/")

    text = page_text(response)
    assert ("Public week" in text, "Hidden week" in text) == (True, False)


@pytest.mark.parametrize("rows", [1, 3])
def test_institution_page_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    institution = institution_with(rows)

    # The institution with its count of films made, then one query for each of its 14 lists.
    with django_assert_num_queries(15):
        response = client.get(institution.get_absolute_url())

    assert response.status_code == 200


def test_institution_page_lists_every_related_row(db, client):
    institution = institution_with(3)

    response = client.get(institution.get_absolute_url())

    context = response.context["institution"]
    counts = [
        len(context.memberships.all()),
        len(context.editions.all()),
        len(context.film_weeks_organised.all()),
        len(context.awards_given.all()),
        len(context.jurors_recommended.all()),
        len(context.latest_films_made),
        len(context.incentives.all()),
        len(context.positions.all()),
        len(context.tours.all()),
    ]
    assert counts == [3] * 9


def _base_with_films(years):
    """A published production base with a published film of each of `years`, titled by year."""
    base = make_institution(slug="base", kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
    for year in years:
        made = make_film(title_en=f"Film of {year}", year=year, **PUBLISHED)
        FilmLocation.objects.create(film=made, base=base)
    return base


def test_institution_page_lists_the_latest_films_made_up_to_its_limit_and_says_how_many(
    db, client, monkeypatch
):
    monkeypatch.setattr("alliance.queries.FILMS_MADE_ROWS", 2)
    _base_with_films([2001, 2003, 2002])

    response = client.get("/en/institutions/base/")

    films = [location.film.year for location in response.context["institution"].latest_films_made]
    assert films == [2003, 2002]
    assert (
        "Films made here Film of 2003 (2003) Film of 2002 (2002) Showing the 2 most recent of "
        "3 films." in page_text(response)
    )


def test_institution_page_within_its_films_made_limit_does_not_mention_it(db, client, monkeypatch):
    monkeypatch.setattr("alliance.queries.FILMS_MADE_ROWS", 2)
    _base_with_films([2001, 2002])

    html = client.get("/en/institutions/base/").content.decode()

    assert (html.count("Film of 200"), "most recent of" in html) == (2, False)


def test_institution_page_films_made_total_counts_published_films_only(db, client, monkeypatch):
    monkeypatch.setattr("alliance.queries.FILMS_MADE_ROWS", 1)
    base = _base_with_films([2001, 2002])
    FilmLocation.objects.create(film=make_film(title_en="Draft"), base=base)

    response = client.get("/en/institutions/base/")

    assert response.context["institution"].films_made_total == 2


def test_institution_page_over_its_films_made_limit_queries_the_same(
    db, client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("alliance.queries.FILMS_MADE_ROWS", 2)
    institution = institution_with(3)

    with django_assert_num_queries(15):
        response = client.get(institution.get_absolute_url())

    assert len(response.context["institution"].latest_films_made) == 2
