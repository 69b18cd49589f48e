"""/api/v1/co-productions/: the co-productions page as data (country pairs of published films,
reported figures, production bases with their films made), its filters, and a number of
queries that does not grow with the rows shown."""

import pytest

from alliance.models import CountryGroup, InstitutionKind
from core.models import Status
from filmweek.models import FilmCountry, FilmLocation, ReportedFigure
from tests.factories import (
    make_country,
    make_film,
    make_film_week,
    make_incentive_policy,
    make_institution,
    make_source,
)

PUBLISHED = {"status": Status.PUBLISHED}


def coproduced(codes, **kw):
    film = make_film(**kw)
    for position, code in enumerate(codes):
        FilmCountry.objects.create(film=film, country=make_country(code), position=position)
    return film


def production_base(films, **kw):
    base = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED, **kw)
    for film in films:
        FilmLocation.objects.create(film=film, base=base)
    make_incentive_policy(base=base, title_en="Hotel subsidy", rate_percent=40)
    return base


def test_coproductions_counts_pairs_of_published_films_only(db, get_json):
    coproduced(["CN", "RU"], **PUBLISHED)
    coproduced(["CN", "RU"], **PUBLISHED)
    coproduced(["CN", "KZ"], **PUBLISHED)
    coproduced(["CN", "KZ"])  # a draft

    status, body = get_json("co-productions/")

    assert status == 200
    assert [body["coproduced_films"], body["countries"]] == [3, 3]
    assert body["pairs"] == [
        {
            "countries": ["CN", "RU"],
            "films": 2,
            "films_url": "http://testserver/api/v1/films/?country=CN&country=RU&coproduction=1",
        },
        {
            "countries": ["CN", "KZ"],
            "films": 1,
            "films_url": "http://testserver/api/v1/films/?country=CN&country=KZ&coproduction=1",
        },
    ]


def test_coproductions_filters_pairs_by_group_and_year(db, get_json):
    group = CountryGroup.objects.create(slug="sco", name_en="SCO member states")
    group.countries.add(make_country("CN"), make_country("RU"))
    coproduced(["CN", "RU"], year=2020, **PUBLISHED)
    coproduced(["CN", "RU"], year=2010, **PUBLISHED)
    coproduced(["CN", "FR"], year=2020, **PUBLISHED)

    status, body = get_json("co-productions/", {"group": "sco", "since": "2015"})

    assert [status, body["coproduced_films"], [pair["films"] for pair in body["pairs"]]] == [
        200,
        1,
        [1],
    ]
    assert body["pairs"][0]["films_url"].endswith("coproduction=1&year_min=2015")


def test_coproductions_shows_production_bases_with_published_films(db, get_json):
    base = production_base(
        [make_film(slug="wandering-earth", **PUBLISHED), make_film(slug="draft")],
        slug="oriental-metropolis",
        name_en="Oriental Movie Metropolis",
        name_zh="东方影都",
    )
    make_institution(kind=InstitutionKind.PRODUCTION_BASE)  # a draft base

    status, body = get_json("co-productions/")

    bases = body["production_bases"]
    assert [status, bases["count"], bases["next"]] == [200, 1, None]
    row = bases["results"][0]
    assert [row["slug"], row["name"], row["url"], row["films_count"]] == [
        base.slug,
        {"en": "Oriental Movie Metropolis", "zh": "东方影都"},
        "http://testserver/en/institutions/oriental-metropolis/",
        1,
    ]
    assert [film["slug"] for film in row["films"]] == ["wandering-earth"]
    assert [row["incentives"][0]["title"]["en"], row["incentives"][0]["rate_percent"]] == [
        "Hotel subsidy",
        40.0,
    ]


def test_coproductions_shows_figures_of_published_film_weeks_only(db, get_json):
    source = make_source(title="Report", publisher="SIFF")
    for week in [make_film_week(slug="shown", **PUBLISHED), make_film_week(slug="draft")]:
        ReportedFigure.objects.create(
            film_week=week, label_en="co-produced films", value=87, source=source
        )

    status, body = get_json("co-productions/")

    figures = body["reported_figures"]
    assert [status, [figure["film_week"]["slug"] for figure in figures]] == [200, ["shown"]]
    assert [figures[0]["value"], figures[0]["source"]["title"]] == [87, "Report"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"group": "nowhere"}, {"group": ["Choose one of the listed country groups."]}),
        ({"since": "then"}, {"since": ["Enter a whole number."]}),
        (
            {"after": "x"},
            {"after": ["This cursor is not one of this list's; follow the next or previous link."]},
        ),
    ],
)
def test_coproductions_invalid_parameter_is_400_naming_it(db, get_json, params, expected):
    status, body = get_json("co-productions/", params)

    assert [status, body] == [400, expected]


def test_coproductions_pages_production_bases_by_cursor(db, get_json):
    for name in ["A base", "B base"]:
        production_base([], name_en=name)

    _status, first = get_json("co-productions/", {"limit": "1"})
    status, second = get_json(
        "co-productions/" + first["production_bases"]["next"].split("/co-productions/")[1]
    )

    names = [page["production_bases"]["results"][0]["name"]["en"] for page in (first, second)]
    assert [status, names] == [200, ["A base", "B base"]]


@pytest.mark.parametrize("rows", [1, 3])
def test_coproductions_queries_same_for_1_and_3_rows(db, client, django_assert_num_queries, rows):
    source = make_source()
    for number in range(rows):
        film = coproduced(["CN", "RU", "KZ"][: number % 2 + 2], **PUBLISHED)
        production_base([film])
        ReportedFigure.objects.create(
            film_week=make_film_week(**PUBLISHED),
            label_en=f"co-produced films {number}",
            value=number,
            source=source,
        )

    # The country groups, the pairs and the count of co-produced films, the page of bases with
    # their countries, their films and their incentives, the reported figures.
    with django_assert_num_queries(7):
        response = client.get("/api/v1/co-productions/")

    body = response.json()
    assert [response.status_code, len(body["production_bases"]["results"])] == [200, rows]
    assert len(body["reported_figures"]) == rows
