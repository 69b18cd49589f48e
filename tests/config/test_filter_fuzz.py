"""Hostile query strings on every filtered page: any parameter of the page's FilterSet (or form),
`page`, `sort` and junk keys, with valid choices, huge and negative numbers, NUL bytes, RTL marks,
emoji, 10 KB strings, SQL and HTML, keys repeated, in both languages. A page answers 200 (or 400
or 404), never 500.

The FilterSets are discovered, not listed: one added to an app without a page here fails
test_filterset_has_a_fuzzed_page until LIST_PAGES names its page."""

import datetime
import importlib
import importlib.util
import os
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode

import django_filters
import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from alliance.models import Alliance, CountryGroup
from core.models import Status
from filmweek.models import Ambassador, Award, FilmCountry, JuryService, Language, Selection
from tests.factories import (
    make_activity,
    make_activity_session,
    make_alliance,
    make_award,
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_membership,
    make_person,
    make_screening,
    make_venue,
)

APPS = ("alliance", "filmweek", "screenings")
LANGUAGES = ("en", "zh-hans")
ALLOWED_STATUSES = {200, 400, 404}
PUBLISHED = {"status": Status.PUBLISHED}
# 40 keeps the file near half a minute; FUZZ_EXAMPLES=1000 hunts longer.
EXAMPLES_PER_PAGE = int(os.environ.get("FUZZ_EXAMPLES", "40"))

# Each FilterSet of the apps, by "module.ClassName", and the name of the page it filters.
LIST_PAGES = {
    "alliance.filters.MemberFilter": "member-list",
    "filmweek.filters.FilmFilter": "film-list",
    "filmweek.filters.PersonFilter": "person-list",
    "filmweek.filters.FilmWeekFilter": "film-week-list",
    "filmweek.filters.AwardFilter": "award-list",
    "filmweek.filters.JuryServiceFilter": "jury-list",
    "screenings.filters.ScheduleFilter": "schedule",
}
# Filtered pages built on a plain form rather than a FilterSet.
FORM_PAGES = {
    "co-productions": ("group", "since"),
    "search": ("q",),
    "search-suggest": ("q",),
    "programme": ("items",),
}


def import_filter_modules():
    for app in APPS:
        if importlib.util.find_spec(f"{app}.filters") is not None:
            importlib.import_module(f"{app}.filters")


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def dotted(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def project_filtersets():
    """The apps' FilterSets, without the bases that only share code (subclassed in the apps and
    declaring no filter)."""
    import_filter_modules()
    found = {cls for cls in subclasses(django_filters.FilterSet) if cls.__module__.startswith(APPS)}
    bases = {base for cls in found for base in cls.__mro__[1:] if base in found}
    return sorted((cls for cls in found if not (cls in bases and not cls.base_filters)), key=dotted)


def parameter_names(filterset_class):
    """The query parameters a FilterSet reads: one per filter, or one per suffix of a range
    widget (year_min, year_max; date_after, date_before)."""
    names = []
    for name, filter_ in filterset_class.base_filters.items():
        widget = filter_.extra.get("widget") or filter_.field_class.widget
        suffixes = getattr(widget, "suffixes", None)
        names += [f"{name}_{suffix}" if suffix else name for suffix in suffixes or [""]]
    return tuple(names)


@dataclass(frozen=True)
class FuzzedPage:
    url_name: str
    parameters: tuple

    def url(self, language):
        with translation.override(language):
            return reverse(self.url_name)


FILTERSETS = project_filtersets()
PAGES = [
    FuzzedPage(LIST_PAGES[dotted(cls)], parameter_names(cls))
    for cls in FILTERSETS
    if dotted(cls) in LIST_PAGES
] + [FuzzedPage(url_name, parameters) for url_name, parameters in FORM_PAGES.items()]


class OfferedValues(HTMLParser):
    """The values a page's GET forms offer, by parameter name: options of selects, values of
    checkboxes and radio buttons."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self.in_get_form = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = attrs.get("method", "get").lower() == "get"
        elif not self.in_get_form:
            return
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and attrs.get("value"):
            self.values.setdefault(self.select, set()).add(attrs["value"])
        elif tag == "input" and attrs.get("name") and attrs.get("value"):
            self.values.setdefault(attrs["name"], set()).add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False
        elif tag == "select":
            self.select = None


def offered_values(client, page):
    parser = OfferedValues()
    parser.feed(client.get(page.url("en")).content.decode())
    return {name: sorted(values) for name, values in parser.values.items()}


NUMBERS = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 1, 1900, 2023, 2**31, 2**63, -(2**63) - 1, 10**12, -(10**12), 10**100]),
).map(str)
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "2023\x00",
        "a\x00b",
        "\u202e2023",  # right-to-left override
        "\u200f\u200e",  # right-to-left and left-to-right marks
        "\ufeff",
        "🎬",
        "👩‍👩‍👧‍👦",
        "２０２３",  # full-width digits
        "1e9",
        "NaN",
        "-0",
        "1.5",
        "0x10",
        "2023-02-30",
        "2023-06-12",
        "0001-01-01",
        "0000-01-01",
        "9999-12-31",
        "10000-01-01",
        "2020-13-01",
        "2020-5-31",
        "-2020-05-31",
        "2020-05-31T00:00",
        "1900-01-01",
        "Europe/Moscow",
        "Etc/GMT+12",
        "%",
        "%00",
        "_",
        "\\",
        "' OR '1'='1",
        "1; DROP TABLE filmweek_film; --",
        '"><script>alert(1)</script>',
        "<b>{{ request }}</b>",
        "{% debug %}",
    ]
)
# Up to 10 KB of one repeated piece: drawing each character would overflow Hypothesis's buffer.
LONG = st.builds(
    lambda piece, length: (piece * length)[:10_240],
    st.sampled_from(["x", "中", "🎬", "\x00", "' OR 1=1 "]),
    st.integers(1, 10_240),
)
TEXT = st.text(max_size=40)
VALUES = st.one_of(NUMBERS, NASTY, LONG, TEXT)
JUNK_KEYS = st.one_of(
    st.sampled_from(["o", "ordering", "format", "q[]", "page_size", "country__in", "\x00", "é"]),
    st.text(min_size=1, max_size=12),
)


def query_pairs(page, offered):
    """(key, value) pairs, keys often repeated: the page's own parameters, `page`, `sort` and
    junk; the values sometimes among those the page offers."""
    known = st.sampled_from(sorted({*page.parameters, "page", "sort"}))
    keys = st.one_of(known, known, JUNK_KEYS)

    def pair_for(key):
        values = VALUES
        if offered.get(key):
            values = st.one_of(st.sampled_from(offered[key]), VALUES)
        return values.map(lambda value: (key, value))

    return st.lists(keys.flatmap(pair_for), max_size=8)


@pytest.fixture
def catalog(db):
    """A little of everything the filters choose from, all published."""
    china, russia = make_country("CN"), make_country("RU")
    festival = make_institution(country=russia, **PUBLISHED)
    alliance = make_alliance(**PUBLISHED)
    make_membership(institution=festival, alliance=alliance, is_founding=True)
    make_membership(
        institution=make_institution(country=china, **PUBLISHED),
        alliance=alliance,
        joined_on=datetime.date(2020, 4, 1),
        left_on=datetime.date(2022, 1, 1),
    )
    film_week = make_film_week(organiser=festival, alliance=alliance, **PUBLISHED)
    film = make_film(title_en="Five Hundred Miles", title_zh="交换人生", **PUBLISHED)
    FilmCountry.objects.create(film=film, country=china, position=1)
    FilmCountry.objects.create(film=film, country=russia, position=2)
    film.languages.add(Language.objects.create(code="ru", name_en="Russian", name_zh="俄语"))
    Selection.objects.create(film=film, film_week=film_week)
    make_award(film=film, result=Award.Result.WON)
    person = make_person(name_en="Lei Jiayin", name_zh="雷佳音", country=china, **PUBLISHED)
    make_credit(film=film, person=person, role="cast", character_en="Zhong Da")
    Ambassador.objects.create(film_week=film_week, person=person)
    make_award(body=festival, person=person, result=Award.Result.NOMINATED)
    JuryService.objects.create(
        person=person,
        festival_edition=make_festival_edition(institution=festival),
        recommended_by=make_institution(country=china, **PUBLISHED),
    )
    venue = make_venue(country=china, **PUBLISHED)
    make_screening(film=film, film_week=film_week, venue=venue)
    make_activity_session(activity=make_activity(film_week=film_week), venue=venue)
    CountryGroup.objects.create(slug="sco", name_en="SCO member states").countries.add(
        china, russia
    )


def test_filterset_discovery_finds_the_known_ones():
    assert {dotted(cls) for cls in FILTERSETS} >= {
        "alliance.filters.MemberFilter",
        "filmweek.filters.FilmFilter",
    }


@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=dotted)
def test_filterset_has_a_fuzzed_page(filterset_class):
    assert dotted(filterset_class) in LIST_PAGES, (
        f"Add {dotted(filterset_class)!r} to LIST_PAGES in {__name__} with the URL name of the "
        "page it filters, so that its parameters are fuzzed."
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.url_name)
@settings(
    max_examples=EXAMPLES_PER_PAGE,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_filtered_page_any_query_string_gets_a_page(client, catalog, page, data):
    offered = offered_values(client, page)
    pairs = data.draw(query_pairs(page, offered), label="query")

    for language in LANGUAGES:
        response = client.get(f"{page.url(language)}?{urlencode(pairs)}")

        event(f"{page.url_name}: {response.status_code}")
        assert response.status_code in ALLOWED_STATUSES


# The hostile values the team's guide names, each answered with the page itself.
HANDPICKED_QUERIES = [
    [("year_min", "abc"), ("year", "abc"), ("since", "abc")],
    [("page", "0")],
    [("page", "-1")],
    [("page", str(10**12))],
    [("country", "CN"), ("country", "CN"), ("country", "ZZ"), ("kind", "film"), ("kind", "x")],
    [("q", "中" * 10_240)],
    [("q", "a\x00b"), ("group", "\x00"), ("day", "2023-06-12\x00"), ("tz", "\x00")],
    [("sort", "no-such-order"), ("sort", "-pk")],
    [("coproduction", "1"), ("awarded", "yes"), ("founding", "1"), ("membership", "all")],
    [("as_of", "2020-02-30"), ("as_of", "abc")],
    [("as_of", "0000-01-01"), ("membership", "former")],
    [("as_of", "9999-12-31"), ("alliance", "no-such-alliance")],
    [("as_of", "1900-01-01"), ("membership", "everything")],
]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.url_name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_filtered_page_handpicked_bad_values_get_200(client, catalog, page, language):
    statuses = [
        client.get(f"{page.url(language)}?{urlencode(pairs)}").status_code
        for pairs in HANDPICKED_QUERIES
    ]

    assert statuses == [200] * len(HANDPICKED_QUERIES)


# The alliance page reads one parameter, the day it shows the members on.
HOSTILE_DAYS = [
    "2020-02-30",
    "abc",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2020-05-31\x00",
    "２０２０-０５-３１",
    "' OR '1'='1",
    "x" * 10_240,
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("value", HOSTILE_DAYS)
def test_alliance_page_hostile_as_of_gets_the_page(client, catalog, language, value):
    with translation.override(language):
        url = Alliance.objects.get().get_absolute_url()

    response = client.get(url, {"as_of": value})

    assert response.status_code == 200


# The programme's code and item tokens (screenings/programme_code.py): hostile values, codes
# cut short, grown, of another version, and tokens of every kind.
PROGRAMME_CODES = st.one_of(
    VALUES,
    st.sampled_from(
        ["1AAAA", "1AQwC2QIBAQc", "1AQwC2QIBAQ", "2AQwC2QIBAQc", "1AAAA=", "1" + "_" * 40]
    ),
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=60
    ).map(lambda body: "1" + body),
)
PROGRAMME_TOKENS = st.one_of(
    VALUES,
    st.tuples(st.sampled_from("fsaxF"), NUMBERS).map("".join),
)
PROGRAMME_PAIRS = st.lists(
    st.one_of(
        PROGRAMME_CODES.map(lambda code: ("items", code)),
        PROGRAMME_TOKENS.map(lambda token: ("add", token)),
        PROGRAMME_TOKENS.map(lambda token: ("remove", token)),
    ),
    max_size=6,
)


@pytest.mark.parametrize("url_name", ["programme", "programme-calendar"])
@settings(
    max_examples=EXAMPLES_PER_PAGE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=PROGRAMME_PAIRS)
def test_programme_any_items_get_a_page_a_redirect_or_a_404(client, catalog, url_name, pairs):
    for language in LANGUAGES:
        with translation.override(language):
            url = reverse(url_name)
        response = client.get(f"{url}?{urlencode(pairs)}")

        event(f"{url_name}: {response.status_code}")
        # 302: `add` or `remove` named an item, and the page moves to its programme's code.
        assert response.status_code in {*ALLOWED_STATUSES, 302}
        if url_name == "programme-calendar":
            assert response.status_code in {200, 404}
