"""The co-productions page: the country-pair matrix and its filters, the production bases and the
reported co-production figures, in a number of queries that does not grow with the rows."""

import re
from html import unescape

import pytest
from django.core.cache import cache

from alliance.models import CountryGroup, InstitutionKind
from core.models import Status
from filmweek import coproduction_queries, coproductions
from filmweek.coproduction_queries import (
    FILMS_PER_BASE,
    busiest_pairs,
    coproduced_film_count,
    coproduction_pairs,
)
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
PAGE = "/en/co-productions/"
CONTINENTS = {"CN": "AS", "KZ": "AS", "RU": "EU", "IT": "EU", "US": "NA", "FR": "EU", "DE": "EU"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The matrix is cached by the tokens of its tables, which a rolled-back test leaves behind:
    each test starts from an empty cache, so that none sees the matrix of the one before."""
    cache.clear()


def make_coproduction(codes, **film_fields):
    """A published film with the production countries `codes`, in that order."""
    film = make_film(**{**PUBLISHED, **film_fields})
    for position, code in enumerate(codes, start=1):
        country = make_country(code, continent=CONTINENTS[code])
        FilmCountry.objects.create(film=film, country=country, position=position)
    return film


def make_group(slug, codes):
    group = CountryGroup.objects.create(slug=slug, name_en=slug.replace("-", " ").title())
    group.countries.set([make_country(code, continent=CONTINENTS[code]) for code in codes])
    return group


def matrix_links(response):
    """(row name, link, count) of every numbered cell of the matrix, row by row."""
    html = response.content.decode()
    links = []
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, flags=re.S):
        name = row.split("</th>", 1)[0]
        for href, films in re.findall(r'<td class="pair"><a href="([^"]+)"[^>]*>(\d+)</a>', row):
            links.append((name, unescape(href), int(films)))
    return links


def column_names(response):
    return re.findall(r'<th scope="col">([^<]+)</th>', response.content.decode())


def page_text(response):
    main = response.content.decode().split("<main", 1)[1].split(">", 1)[1].split("</main>")[0]
    main = re.sub(r"</?(a|cite|strong|small|em|span)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


# The matrix on the demo data


def test_coproduction_pairs_on_demo_are_one_cn_ru(demo):
    pairs = coproduction_pairs()

    assert pairs == {("CN", "RU"): 1}


def test_coproductions_page_on_demo_links_cn_ru_pair(demo, client):
    response = client.get(PAGE)

    link = "/en/films/?country=CN&country=RU&coproduction=1"
    assert response.status_code == 200
    assert column_names(response) == ["China", "Russia"]
    assert matrix_links(response) == [("China", link, 1), ("Russia", link, 1)]


def test_coproductions_page_on_demo_marks_diagonal_and_blank_cells(demo, client):
    response = client.get(PAGE)

    html = response.content.decode()
    assert html.count('<td class="diagonal"><span aria-hidden="true">–</span></td>') == 2
    assert 'aria-label="1 co-produced film of China and Russia"' in html


def test_coproductions_page_matrix_table_is_accessible(demo, client):
    response = client.get(PAGE)

    html = response.content.decode()
    assert re.findall(r'<th scope="row">([^<]+)</th>', html) == ["China", "Russia"]
    assert html.count('<caption id="matrix-caption">') == 1
    assert html.count('class="table-scroll coprod-scroll" role="region"') == 1


def test_coproductions_page_in_chinese_shows_chinese_country_names(demo, client):
    response = client.get("/zh-hans/co-productions/")

    assert response.status_code == 200
    assert sorted(column_names(response)) == sorted(["中国", "俄罗斯"])
    assert {href for _name, href, _n in matrix_links(response)} == {
        "/zh-hans/films/?country=CN&country=RU&coproduction=1"
    }


# The matrix on synthetic data


def test_coproduction_pairs_count_every_pair_of_a_film(db):
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "RU", "KZ"])
    make_coproduction(["IT"])

    pairs = coproduction_pairs()

    assert pairs == {("CN", "RU"): 2, ("CN", "KZ"): 1, ("KZ", "RU"): 1}


def test_coproductions_page_has_no_row_for_a_country_without_partner(db, client):
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "RU", "KZ"])
    make_coproduction(["IT"])

    response = client.get(PAGE)

    assert column_names(response) == ["China", "Kazakhstan", "Russia"]
    assert [(name, films) for name, _href, films in matrix_links(response)] == [
        ("China", 1),
        ("China", 2),
        ("Kazakhstan", 1),
        ("Kazakhstan", 1),
        ("Russia", 2),
        ("Russia", 1),
    ]


def test_coproductions_page_leaves_pair_without_films_blank(db, client):
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "KZ"])

    response = client.get(PAGE)

    kazakhstan_row = re.search(
        r'<th scope="row">Kazakhstan</th>(.*?)</tr>', response.content.decode(), re.S
    )
    assert re.findall(r"<td[^>]*>.*?</td>", kazakhstan_row.group(1).strip()) == [
        '<td class="pair"><a href="/en/films/?country=CN&amp;country=KZ&amp;coproduction=1" '
        'aria-label="1 co-produced film of Kazakhstan and China">1</a></td>',
        '<td class="diagonal"><span aria-hidden="true">–</span></td>',
        "<td></td>",
    ]


def test_coproduction_pairs_skip_draft_films(db):
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "KZ"], status=Status.DRAFT)

    pairs = coproduction_pairs()

    assert pairs == {("CN", "RU"): 1}


def test_coproduced_film_count_counts_each_film_once(db):
    make_coproduction(["CN", "RU", "KZ"])
    make_coproduction(["FR", "DE"])
    make_coproduction(["IT"])

    films = coproduced_film_count()

    assert films == 2


def test_coproductions_page_without_coproductions_says_so(db, client):
    make_coproduction(["IT"])

    response = client.get(PAGE)

    assert "No co-produced films match these filters." in page_text(response)
    assert "<table" not in response.content.decode()


# Filters


def test_coproductions_page_since_keeps_films_of_that_year_and_later(db, client):
    make_coproduction(["CN", "RU"], year=2019)
    make_coproduction(["CN", "KZ"], year=2020)
    make_coproduction(["KZ", "RU"], year=None)

    response = client.get(PAGE, {"since": "2020"})

    assert column_names(response) == ["China", "Kazakhstan"]
    assert "Recorded in this catalog: 1 co-produced film made in 2020 or later." in (
        page_text(response)
    )


def test_coproduction_pairs_in_group_need_both_countries_in_it(db):
    make_group("sco-member-states", ["CN", "RU", "KZ"])
    make_coproduction(["CN", "RU", "US"])
    make_coproduction(["US", "FR"])

    pairs = coproduction_pairs(group_slug="sco-member-states")

    assert pairs == {("CN", "RU"): 1}


def test_coproductions_page_group_and_since_together(db, client):
    make_group("sco-member-states", ["CN", "RU", "KZ"])
    make_coproduction(["CN", "RU"], year=2021)
    make_coproduction(["CN", "KZ"], year=2018)
    make_coproduction(["CN", "US"], year=2022)

    response = client.get(PAGE, {"group": "sco-member-states", "since": "2020"})

    assert column_names(response) == ["China", "Russia"]
    assert (
        "Recorded in this catalog: 1 co-produced film between Sco Member States, made in 2020 or "
        "later."
    ) in page_text(response)


def test_coproductions_page_on_demo_sco_since_2020_shows_the_red_silk_pair(demo, client):
    response = client.get(PAGE, {"group": "sco-member-states", "since": "2020"})

    assert [films for _name, _href, films in matrix_links(response)] == [1, 1]
    assert "1 co-produced film between SCO member states, made in 2020 or later" in (
        page_text(response)
    )


def test_coproductions_page_invalid_filters_show_messages_beside_them(db, client):
    make_coproduction(["CN", "RU"])

    response = client.get(PAGE, {"since": "abc", "group": "nope"})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<p class="coprod-error" id="(id_\w+)_error">', html) == [
        "id_group",
        "id_since",
    ]
    assert column_names(response) == ["China", "Russia"]


def test_coproductions_page_invalid_since_keeps_valid_group(db, client):
    make_group("sco-member-states", ["CN", "RU"])
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "US"])

    response = client.get(PAGE, {"group": "sco-member-states", "since": "abc"})

    assert column_names(response) == ["China", "Russia"]


@pytest.mark.parametrize(
    "query",
    [
        "since=abc",
        "since=0",
        "since=-1",
        "since=1000000000000",
        "since=" + "9" * 10_000,
        "since=2020.5",
        "group=nope",
        "group=%00",
        "since=%00",
        "since=2019&since=abc&group=a&group=b",
        "q=" + "x" * 10_000,
        "sort=unknown&page=-1",
        "page=abc",
        "page=0",
        "page=" + "9" * 30,
        "page=%00",
        "page=2.5&page=x",
    ],
)
def test_coproductions_page_hostile_query_answers_200(db, client, query):
    make_coproduction(["CN", "RU"])

    response = client.get(f"{PAGE}?{query}")

    assert response.status_code == 200


# The matrix's bounds


def test_busiest_pairs_keep_the_countries_of_most_films_equal_ones_by_code():
    pairs = {("CN", "RU"): 3, ("CN", "KZ"): 1, ("FR", "IT"): 1, ("DE", "FR"): 1}

    kept = busiest_pairs(pairs, 3)

    # CN 4, RU 3, FR 2, then DE, IT and KZ with 1: CN, RU and FR are kept.
    assert kept == {("CN", "RU"): 3}


def test_busiest_pairs_within_the_limit_keep_every_pair():
    pairs = {("CN", "RU"): 3, ("CN", "KZ"): 1}

    kept = busiest_pairs(pairs, 3)

    assert kept == pairs


def test_coproductions_page_past_the_matrix_cap_shows_the_busiest_countries(
    db, client, monkeypatch
):
    monkeypatch.setattr(coproduction_queries, "MATRIX_COUNTRIES", 2)
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "RU", "KZ"])
    make_coproduction(["FR", "IT"], year=2021)

    response = client.get(PAGE)

    assert column_names(response) == ["China", "Russia"]
    assert (
        "The table shows the 2 countries with the most co-productions, of 5. Narrow it with a "
        "country group, or list all co-produced films."
    ) in page_text(response)
    assert 'href="/en/films/?coproduction=1">list all co-produced films</a>' in (
        response.content.decode()
    )
    assert "Recorded in this catalog: 3 co-produced films." in page_text(response)


def test_coproductions_page_past_the_matrix_cap_links_the_films_since_the_year(
    db, client, monkeypatch
):
    monkeypatch.setattr(coproduction_queries, "MATRIX_COUNTRIES", 2)
    make_coproduction(["CN", "RU", "KZ"], year=2021)

    response = client.get(PAGE, {"since": "2020"})

    assert 'href="/en/films/?coproduction=1&amp;year_min=2020">' in response.content.decode()


def test_coproductions_page_with_more_countries_than_the_cap_is_20_countries_wide(db, client):
    spokes = ["AT", "BE", "BR", "CA", "CH", "CZ", "DE", "DK", "EG", "ES", "FI", "FR", "GB"]
    spokes += ["GR", "HU", "IE", "IN", "IT", "JP", "KR", "KZ"]
    china = make_country("CN")
    for code in spokes:
        film = make_film(**PUBLISHED)
        FilmCountry.objects.create(film=film, country=china, position=1)
        FilmCountry.objects.create(film=film, country=make_country(code), position=2)

    response = client.get(PAGE)

    assert coproduction_queries.MATRIX_COUNTRIES == 20
    assert len(column_names(response)) == 20
    assert "The table shows the 20 countries with the most co-productions, of 22." in (
        page_text(response)
    )


def test_coproductions_page_within_the_matrix_cap_says_nothing_of_it(demo, client):
    response = client.get(PAGE)

    assert 'id="matrix-bounds"' not in response.content.decode()


def test_coproductions_page_matrix_follows_a_new_coproduction(db, client):
    make_coproduction(["CN", "RU"])
    client.get(PAGE)

    make_coproduction(["CN", "KZ"])
    response = client.get(PAGE)

    assert column_names(response) == ["China", "Kazakhstan", "Russia"]
    assert "Recorded in this catalog: 2 co-produced films." in page_text(response)


def test_coproductions_page_matrix_follows_a_country_joining_the_group(db, client):
    group = make_group("sco-member-states", ["CN", "RU"])
    make_coproduction(["CN", "RU"])
    make_coproduction(["CN", "KZ"])
    client.get(PAGE, {"group": "sco-member-states"})

    group.countries.add(make_country("KZ", continent="AS"))
    response = client.get(PAGE, {"group": "sco-member-states"})

    assert column_names(response) == ["China", "Kazakhstan", "Russia"]


# Production bases and reported figures


def test_coproductions_page_lists_films_made_at_production_base(demo, client):
    response = client.get(PAGE)

    assert (
        "Production bases Qingdao Oriental Film Metropolis Qingdao, China Films made here "
        "Pacific Rim: Uprising (2018) Wandering Earth 2 (2023) Incentive policies Hotel subsidy "
        "for visiting film crews: about 40%"
    ) in page_text(response)


def test_coproductions_page_links_films_made_at_production_base(demo, client):
    response = client.get(PAGE)

    films = re.findall(
        r'<li><a href="(/en/films/[^"]+)">([^<]+)</a> \(\d+\)</li>', response.content.decode()
    )
    assert films == [
        ("/en/films/pacific-rim-uprising/", "Pacific Rim: Uprising"),
        ("/en/films/wandering-earth-2/", "Wandering Earth 2"),
    ]


def test_coproductions_page_shows_incentive_source(demo, client):
    response = client.get(PAGE)

    assert (
        "of about 40 percent of their spending. Source: China's Qingdao cements SCO's cultural "
        '"silk road" as hub for multinational cinematic collaboration'
    ) in page_text(response)


def test_coproductions_page_exact_rate_reads_without_about(db, client):
    base = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
    make_incentive_policy(base=base, title_en="Tax rebate", rate_percent=25, is_approximate=False)

    response = client.get(PAGE)

    assert "Tax rebate: 25%" in page_text(response)


def test_coproductions_page_hides_draft_bases_and_draft_films(db, client):
    draft_base = make_institution(name_en="Draft Base", kind=InstitutionKind.PRODUCTION_BASE)
    base = make_institution(name_en="Open Base", kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
    make_institution(name_en="A Festival", kind=InstitutionKind.FESTIVAL, **PUBLISHED)
    FilmLocation.objects.create(base=base, film=make_film(title_en="Shown", **PUBLISHED))
    FilmLocation.objects.create(base=base, film=make_film(title_en="Hidden"))
    FilmLocation.objects.create(base=draft_base, film=make_film(title_en="Elsewhere", **PUBLISHED))

    response = client.get(PAGE)

    bases = list(response.context["bases"])
    assert [b.name_en for b in bases] == ["Open Base"]
    assert [location.film.title_en for location in bases[0].films_shown] == ["Shown"]


def make_base_with_films(titles, **base_fields):
    base = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED, **base_fields)
    for title in titles:
        FilmLocation.objects.create(base=base, film=make_film(title_en=title, **PUBLISHED))
    return base


def base_films(response):
    """The titles listed under the production bases."""
    html = response.content.decode().split('id="bases-heading"', 1)[1]
    return re.findall(r'<li><a href="/en/films/[^"]+">([^<]+)</a>', html)


def test_coproductions_page_base_past_the_cap_lists_the_first_films_and_the_total(db, client):
    titles = [f"Film {n:02}" for n in range(FILMS_PER_BASE + 2, 0, -1)]
    base = make_base_with_films(titles)
    FilmLocation.objects.create(base=base, film=make_film(title_en="Film 00 draft"))

    response = client.get(PAGE)

    assert base_films(response) == [f"Film {n:02}" for n in range(1, FILMS_PER_BASE + 1)]
    assert (
        f'<a href="{base.get_absolute_url()}#production-heading">More films made here '
        f"({FILMS_PER_BASE + 2} in all)</a>"
    ) in response.content.decode()


def test_coproductions_page_base_within_the_cap_lists_every_film_without_a_total(db, client):
    make_base_with_films([f"Film {n}" for n in range(1, FILMS_PER_BASE + 1)])

    response = client.get(PAGE)

    assert len(base_films(response)) == FILMS_PER_BASE
    assert "More films made here" not in response.content.decode()


def test_coproductions_page_base_films_are_capped_for_each_base(db, client):
    make_base_with_films([f"A {n:02}" for n in range(8)], name_en="Base A")
    make_base_with_films(["B 1", "B 2"], name_en="Base B")

    response = client.get(PAGE)

    assert base_films(response) == [f"A {n:02}" for n in range(FILMS_PER_BASE)] + ["B 1", "B 2"]
    assert [base.films_count for base in response.context["bases"]] == [8, 2]


def test_coproductions_page_bases_past_a_page_go_on_the_next_keeping_filters(
    db, client, monkeypatch
):
    monkeypatch.setattr(coproductions, "BASES_PER_PAGE", 1)
    make_base_with_films(["First film"], name_en="Alpha Base")
    make_base_with_films(["Second film"], name_en="Beta Base")

    response = client.get(PAGE, {"since": "2020", "page": "2"})

    html = response.content.decode()
    assert [base.name_en for base in response.context["bases"]] == ["Beta Base"]
    assert "Page 2 of 2" in page_text(response)
    assert 'rel="prev" href="?since=2020&amp;page=1#bases-heading"' in html
    assert 'rel="next"' not in html


def test_coproductions_page_page_past_the_end_shows_the_last_bases(db, client, monkeypatch):
    monkeypatch.setattr(coproductions, "BASES_PER_PAGE", 1)
    make_base_with_films([], name_en="Alpha Base")
    make_base_with_films([], name_en="Beta Base")

    response = client.get(PAGE, {"page": "99"})

    assert [base.name_en for base in response.context["bases"]] == ["Beta Base"]


def test_coproductions_page_shows_reported_figure_with_film_week_and_source(demo, client):
    response = client.get(PAGE)

    assert (
        "Reported by the organisers more than 40 co-produced films initiated among SCO member "
        "states, since 2020 SCO Film and Television Week 2025 · Reported by: China's Qingdao "
        'cements SCO\'s cultural "silk road" as hub for multinational cinematic collaboration'
    ) in page_text(response)


def test_coproductions_page_lists_only_coproduction_figures(db, client):
    week = make_film_week(**PUBLISHED)
    source = make_source()
    ReportedFigure.objects.create(
        film_week=week, label_en="films screened", value=87, source=source
    )
    ReportedFigure.objects.create(
        film_week=week, label_en="Co-productions signed", value=3, source=source
    )

    response = client.get(PAGE)

    assert [figure.label_en for figure in response.context["figures"]] == ["Co-productions signed"]


# Queries


def _page_with(rows):
    """`rows` co-productions of distinct pairs, production bases (each with a film made there and
    an incentive) and reported co-production figures."""
    pairs = [["CN", "RU"], ["CN", "KZ", "RU"], ["FR", "IT"]][:rows]
    make_group("sco-member-states", ["CN", "RU", "KZ"])
    week = make_film_week(**PUBLISHED)
    source = make_source()
    for index, codes in enumerate(pairs):
        make_coproduction(codes, year=2021)
        base = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
        FilmLocation.objects.create(base=base, film=make_film(**PUBLISHED))
        make_incentive_policy(base=base, source=source)
        ReportedFigure.objects.create(
            film_week=week, label_en=f"co-produced films {index}", value=index, source=source
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_coproductions_page_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    _page_with(rows)

    with django_assert_num_queries(8):
        response = client.get(PAGE, {"group": "sco-member-states", "since": "2020"})

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_coproductions_page_unfiltered_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    _page_with(rows)

    with django_assert_num_queries(8):
        response = client.get(PAGE)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_coproductions_page_with_cached_matrix_queries_same_for_1_and_3_rows(
    db, client, django_assert_num_queries, rows
):
    _page_with(rows)
    client.get(PAGE)

    # The pairs and the count of co-produced films come from the cache.
    with django_assert_num_queries(6):
        response = client.get(PAGE)

    assert response.status_code == 200


@pytest.mark.parametrize("films", [1, 3 * FILMS_PER_BASE])
def test_coproductions_page_queries_same_for_few_and_many_films_at_a_base(
    db, client, django_assert_num_queries, films
):
    _page_with(1)
    make_base_with_films([f"Film {n}" for n in range(films)])

    with django_assert_num_queries(8):
        response = client.get(PAGE)

    assert response.status_code == 200


def test_coproductions_pair_link_lists_exactly_the_counted_films(db, client):
    from tests.factories import make_country, make_film

    china, russia, kazakhstan = (make_country(code=c) for c in ("CN", "RU", "KZ"))
    for countries, year in [
        ((china, russia), 2019),
        ((china, russia, kazakhstan), 2021),
        ((china,), 2022),
        ((china, kazakhstan), 2022),
    ]:
        film = make_film(status="published", year=year)
        for position, country in enumerate(countries, start=1):
            film.film_countries.create(country=country, position=position)

    matrix = client.get("/en/co-productions/", {"since": "2020"})
    link = next(
        cell.url
        for row in matrix.context["rows"]
        for cell in row.cells
        if row.code == "CN" and cell.url and "RU" in cell.url
    )
    listed = client.get(link)

    assert link == "/en/films/?country=CN&country=RU&coproduction=1&year_min=2020"
    assert listed.context["page_obj"].total == 1
