"""The awards page /<lang>/awards/ and the juries page /<lang>/juries/: every award and jury fact
of the source texts, grouped by edition; facets; drafts left out; hostile values; a number of
queries that does not grow with the rows."""

import re
from html import unescape

import pytest

from alliance.models import InstitutionKind
from core.models import Status
from filmweek.models import Award, JuryService
from tests.factories import (
    make_award,
    make_country,
    make_festival_edition,
    make_film,
    make_institution,
    make_person,
)

PUBLISHED = {"status": Status.PUBLISHED}
AWARDS = "/en/awards/"
JURIES = "/en/juries/"


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows(response, kind):
    """The visible text of each row of class `kind` ("award", "jury-service"), with the heading
    of its edition: [(edition, row)]."""
    html = response.content.decode()
    found = []
    for section in re.findall(
        r"<section class=\"(?:award|jury)-edition\">(.*?)</section>", html, re.S
    ):
        heading = text(re.search(r"<h3>(.*?)</h3>", section, re.S).group(1))
        for row in re.findall(rf'<tr class="{kind}">(.*?)</tr>', section, re.S):
            found.append((heading, text(row)))
    return found


def notes(response):
    return [
        text(note)
        for note in re.findall(r'<tr class="jury-note">(.*?)</tr>', response.content.decode(), re.S)
    ]


# The source texts' facts, as the demo data records them.


def test_award_list_demo_shows_every_award_of_the_sources(client, demo):
    response = client.get(AWARDS)

    assert rows(response, "award") == [
        (
            "31st China TV Golden Eagle Awards (2022)",
            "Best Actor Won Lei Jiayin A Lifelong Journey",
        ),
        ("57th David di Donatello Awards (2012)", "Best Actress Won Zhao Tao Io Sono Li"),
    ]


def test_award_list_demo_in_chinese_shows_every_award_of_the_sources(client, demo):
    response = client.get("/zh-hans/awards/")

    assert [edition for edition, _row in rows(response, "award")] == [
        "第31届中国电视金鹰奖（2022）",
        "第57届大卫·迪·多纳泰罗奖（2012）",
    ]
    assert [row.split()[0] for _edition, row in rows(response, "award")] == [
        "最佳男演员",
        "最佳女主角",
    ]


def test_jury_list_demo_shows_every_jury_service_of_the_sources(client, demo):
    response = client.get(JURIES)

    assert rows(response, "jury-service") == [
        (
            "Durban International Film Festival (2022)",
            "Zhao Tao Feature Film Competition Shanghai International Film Festival",
        ),
        ("22nd Shanghai International Film Festival (2019)", "Zhao Tao Main Competition"),
        ("7th Rome International Film Festival (2012)", "Zhao Tao"),
    ]
    assert notes(response) == [
        "The Durban International Film Festival asked for a Chinese female filmmaker for its "
        "competition jury; after coordination, Zhao Tao accepted and joined two other "
        "international jurors for the Feature Film section."
    ]


# Facets, drafts and hostile values


@pytest.fixture
def two_bodies(db):
    china, italy = make_country("CN"), make_country("IT")
    golden_eagle = make_institution(
        slug="golden-eagle",
        name_en="Golden Eagle Awards",
        kind=InstitutionKind.AWARD_BODY,
        **PUBLISHED,
    )
    donatello = make_institution(
        slug="donatello", name_en="David di Donatello", kind=InstitutionKind.AWARD_BODY, **PUBLISHED
    )
    lei = make_person(slug="lei", name_en="Lei Jiayin", country=china, **PUBLISHED)
    zhao = make_person(slug="zhao", name_en="Zhao Tao", country=china, **PUBLISHED)
    film = make_film(title_en="Io Sono Li", **PUBLISHED)
    film.film_countries.create(country=italy, position=1)
    make_award(body=golden_eagle, year=2022, category_en="Best Actor", person=lei)
    make_award(body=donatello, year=2012, category_en="Best Actress", person=zhao, film=film)
    make_award(
        body=donatello, year=2012, category_en="Best Film", film=film, result=Award.Result.NOMINATED
    )


def award_rows(client, query):
    return [row for _edition, row in rows(client.get(AWARDS, query), "award")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"body": "donatello"},
            ["Best Actress Won Zhao Tao Io Sono Li", "Best Film Nominated Io Sono Li"],
        ),
        ({"year": "2022"}, ["Best Actor Won Lei Jiayin"]),
        ({"category": "Best Film"}, ["Best Film Nominated Io Sono Li"]),
        ({"result": "nominated"}, ["Best Film Nominated Io Sono Li"]),
        ({"country": "CN"}, ["Best Actor Won Lei Jiayin", "Best Actress Won Zhao Tao Io Sono Li"]),
        (
            {"country": "IT"},
            ["Best Actress Won Zhao Tao Io Sono Li", "Best Film Nominated Io Sono Li"],
        ),
    ],
)
def test_award_list_filter_keeps_the_matching_awards(client, two_bodies, query, expected):
    assert award_rows(client, query) == expected


def test_award_list_draft_film_is_not_named(client, two_bodies):
    make_award(
        body=make_institution(kind=InstitutionKind.AWARD_BODY, **PUBLISHED),
        year=2020,
        category_en="Best Draft",
        film=make_film(title_en="Unfinished", status=Status.DRAFT),
        person=make_person(name_en="Visible Person", **PUBLISHED),
    )

    assert award_rows(client, {"year": "2020"}) == ["Best Draft Won Visible Person"]


def test_award_list_award_of_draft_body_or_only_drafts_is_left_out(client, db):
    make_award(body=make_institution(**PUBLISHED), film=make_film(status=Status.DRAFT))
    make_award(body=make_institution(status=Status.DRAFT), film=make_film(**PUBLISHED))

    assert award_rows(client, {}) == []


@pytest.mark.parametrize("url", [AWARDS, JURIES, "/zh-hans/awards/", "/zh-hans/juries/"])
def test_award_and_jury_list_bad_values_get_the_page(client, two_bodies, url):
    response = client.get(
        url,
        {
            "body": "\x00",
            "year": "x" * 10_000,
            "result": "lost",
            "country": "ZZ",
            "page": "-4",
            "festival": "' OR 1=1",
            "recommended_by": "🎬",
        },
    )

    assert response.status_code == 200


# Juries


@pytest.fixture
def juries(db):
    china, south_africa = make_country("CN"), make_country("ZA")
    siff = make_institution(slug="siff", name_en="Shanghai IFF", **PUBLISHED)
    durban = make_institution(
        slug="durban", name_en="Durban IFF", country=south_africa, **PUBLISHED
    )
    zhao = make_person(slug="zhao", name_en="Zhao Tao", country=china, **PUBLISHED)
    other = make_person(slug="other", name_en="Anna Juror", country=south_africa, **PUBLISHED)
    durban_2022 = make_festival_edition(institution=durban, number=None, year=2022)
    JuryService.objects.create(
        person=zhao, festival_edition=durban_2022, section_en="Features", recommended_by=siff
    )
    JuryService.objects.create(
        person=other, festival_edition=durban_2022, section_en="Features", is_president=True
    )
    JuryService.objects.create(
        person=zhao, festival_edition=make_festival_edition(institution=siff, number=22, year=2019)
    )


def jury_rows(client, query):
    return rows(client.get(JURIES, query), "jury-service")


def test_jury_list_groups_by_edition_president_first(client, juries):
    assert jury_rows(client, {}) == [
        ("Durban IFF (2022)", "Anna Juror Jury president Features"),
        ("Durban IFF (2022)", "Zhao Tao Features Shanghai IFF"),
        ("22nd Shanghai IFF (2019)", "Zhao Tao"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"festival": "siff"}, [("22nd Shanghai IFF (2019)", "Zhao Tao")]),
        (
            {"year": "2022", "recommended_by": "siff"},
            [("Durban IFF (2022)", "Zhao Tao Features Shanghai IFF")],
        ),
        ({"country": "ZA"}, [("Durban IFF (2022)", "Anna Juror Jury president Features")]),
    ],
)
def test_jury_list_filter_keeps_the_matching_services(client, juries, query, expected):
    assert jury_rows(client, query) == expected


def jurors_heading(response):
    return text(
        re.search(r'<h2 id="results-heading">(.*?)</h2>', response.content.decode()).group(1)
    )


def test_jury_list_heading_counts_a_person_serving_twice_in_an_edition_once(client, juries):
    zhao = JuryService.objects.filter(person__slug="zhao").first()
    JuryService.objects.create(
        person=zhao.person, festival_edition=zhao.festival_edition, section_en="Shorts"
    )

    response = client.get(JURIES, {"year": str(zhao.festival_edition.year)})

    assert (len(rows(response, "jury-service")), jurors_heading(response)) == (3, "2 jurors")


def test_jury_list_heading_counts_every_person_once(client, juries):
    response = client.get(JURIES)

    assert (len(rows(response, "jury-service")), jurors_heading(response)) == (3, "2 jurors")


def test_jury_list_draft_juror_and_draft_festival_are_left_out(client, juries):
    draft_festival = make_institution(status=Status.DRAFT)
    JuryService.objects.create(
        person=make_person(**PUBLISHED),
        festival_edition=make_festival_edition(institution=draft_festival),
    )
    JuryService.objects.create(
        person=make_person(status=Status.DRAFT),
        festival_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
    )

    assert len(jury_rows(client, {})) == 3


# Queries


@pytest.mark.parametrize("count", [1, 3])
def test_award_list_queries_same_for_1_and_3_awards(client, db, django_assert_num_queries, count):
    for number in range(count):
        body = make_institution(kind=InstitutionKind.AWARD_BODY, **PUBLISHED)
        make_award(
            body=body,
            edition_number=number + 1,
            person=make_person(country=make_country("CN"), **PUBLISHED),
            film=make_film(**PUBLISHED),
        )

    # The choices of bodies, years, categories and countries, the count and the page's rows.
    with django_assert_num_queries(6):
        response = client.get(AWARDS, {"result": "won"})

    assert len(rows(response, "award")) == count


@pytest.mark.parametrize("count", [1, 3])
def test_jury_list_queries_same_for_1_and_3_services(client, db, django_assert_num_queries, count):
    recommender = make_institution(**PUBLISHED)
    for _ in range(count):
        JuryService.objects.create(
            person=make_person(country=make_country("CN"), **PUBLISHED),
            festival_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
            recommended_by=recommender,
        )

    # The choices of festivals, years, recommending members and countries, the counts of
    # services and people (one query) and the page's rows.
    with django_assert_num_queries(6):
        response = client.get(JURIES, {"country": "CN"})

    assert len(rows(response, "jury-service")) == count


# Links to the pages


def links_to(response, *paths):
    """The hrefs of the page that lead to one of `paths` (query strings included), in order;
    the navigation's two come first."""
    hrefs = [unescape(href) for href in re.findall(r'href="([^"]*)"', response.content.decode())]
    return [href for href in hrefs if href.split("?")[0] in paths]


def test_navigation_links_the_awards_and_juries_pages(client, db):
    response = client.get("/zh-hans/films/")

    assert links_to(response, "/zh-hans/awards/", "/zh-hans/juries/") == [
        "/zh-hans/awards/",
        "/zh-hans/juries/",
    ]


def test_person_page_links_the_awards_and_juries_pages(client, juries):
    zhao = JuryService.objects.filter(person__slug="zhao").first().person
    make_award(body=make_institution(**PUBLISHED), person=zhao)

    response = client.get(zhao.get_absolute_url())

    assert links_to(response, AWARDS, JURIES)[2:] == [AWARDS, JURIES]


def test_institution_pages_link_their_awards_and_juries(client, juries):
    make_award(body=make_institution(slug="golden-eagle", **PUBLISHED), film=make_film(**PUBLISHED))

    pages = {
        slug: links_to(client.get(f"/en/institutions/{slug}/"), AWARDS, JURIES)[2:]
        for slug in ("golden-eagle", "durban", "siff")
    }

    assert pages == {
        "golden-eagle": ["/en/awards/?body=golden-eagle"],
        "durban": ["/en/juries/?festival=durban&year=2022"],
        "siff": ["/en/juries/?festival=siff&year=2019", "/en/juries/?recommended_by=siff"],
    }


def test_award_list_country_of_a_draft_person_does_not_find_its_award(client, two_bodies):
    russia, body = make_country("RU"), make_institution(**PUBLISHED)
    make_award(
        body=body,
        year=2021,
        category_en="Hidden",
        person=make_person(country=russia, status=Status.DRAFT),
        film=make_film(**PUBLISHED),
    )
    make_award(
        body=body,
        year=2021,
        category_en="Shown",
        person=make_person(name_en="Oleg", country=russia, **PUBLISHED),
    )

    assert award_rows(client, {"country": "RU"}) == ["Shown Won Oleg"]
