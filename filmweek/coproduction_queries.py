"""Reads of the co-productions page: country pairs of co-produced films, production bases and the
co-production figures the organisers reported, each in a fixed number of queries, and each bounded
whatever the size of the catalog."""

from collections import Counter

from django.db.models import Count, F, Prefetch, Window

from alliance.models import Country, CountryGroup, Institution, InstitutionKind
from core.cache.versions import cached_by_tables
from core.db.keyset import SortKey
from core.models import Status
from filmweek.models import Film, FilmCountry, FilmLocation, IncentivePolicy, ReportedFigure

PUBLISHED = Status.PUBLISHED
PARTNER_CODE = "film__film_countries__country__code"

# The matrix shows at most this many countries (a 20 x 20 table): those with the most
# co-productions. The catalog knows about 250 countries, and a 250 x 250 table is 4 MB of HTML.
MATRIX_COUNTRIES = 20
# Films listed under each production base, by title; its own page lists them all.
FILMS_PER_BASE = 5
# What the matrix is computed from: a write to any of these renews it.
MATRIX_TABLES = [Film, FilmCountry, Country, CountryGroup, CountryGroup.countries.through]


def country_groups():
    return CountryGroup.objects.order_by("name_en")


def _pair_rows(*, group_slug=None, since=None):
    """One row per (film, pair of its production countries): the self-join of a film's countries
    on itself, each pair once (country id < partner's country id)."""
    # One filter() call, so that every condition on the partner country uses the same join.
    # Ids rather than codes: the join condition then reads no country row; the caller puts
    # each pair's codes in order.
    conditions = {"film__status": PUBLISHED, "film__film_countries__country__gt": F("country")}
    if group_slug:
        conditions["country__groups__slug"] = group_slug
        conditions["film__film_countries__country__groups__slug"] = group_slug
    if since is not None:
        conditions["film__year__gte"] = since
    return FilmCountry.objects.filter(**conditions).order_by()


def coproduction_pairs(*, group_slug=None, since=None) -> dict[tuple[str, str], int]:
    """{(code, code): number of published co-produced films of that pair}, codes in order."""
    rows = (
        _pair_rows(group_slug=group_slug, since=since)
        .values_list("country__code", PARTNER_CODE)
        # Each row is a different film of the pair: a film has a country once (film_country_
        # unique) and a country is in a group once (whose slug is unique). COUNT(*) needs no
        # sort of the pairs, unlike COUNT(DISTINCT film).
        .annotate(films=Count("pk"))
    )
    return {(min(code, partner), max(code, partner)): films for code, partner, films in rows}


def busiest_pairs(pairs: dict[tuple[str, str], int], limit):
    """The pairs between the `limit` countries with the most co-productions (the sum of their
    pairs' films; equal sums by code), so that the matrix stays `limit` countries wide."""
    totals = Counter()
    for (code, partner), films in pairs.items():
        totals[code] += films
        totals[partner] += films
    kept = set(sorted(totals, key=lambda code: (-totals[code], code))[:limit])
    return {pair: films for pair, films in pairs.items() if pair[0] in kept and pair[1] in kept}


def coproduction_matrix(*, group_slug=None, since=None):
    """What the matrix shows for these filters: {"pairs": the pairs of `busiest_pairs`,
    "countries": how many countries have at least one pair, "films": coproduced_film_count}.
    Counting the pairs joins every production country of every film with the others of its film
    (a few hundred milliseconds at 100,000 films), so the result is kept in the cache until a
    table it reads is written to; it holds codes only, the same in every language."""

    limit = MATRIX_COUNTRIES

    def compute():
        pairs = coproduction_pairs(group_slug=group_slug, since=since)
        return {
            "pairs": busiest_pairs(pairs, limit),
            "countries": len({code for pair in pairs for code in pair}),
            "films": coproduced_film_count(group_slug=group_slug, since=since),
        }

    # group_slug is one of the groups' slugs and since a year in range: the form checked them.
    name = f"coproduction-matrix:{group_slug or ''}:{'' if since is None else since}:{limit}"
    return cached_by_tables(name, MATRIX_TABLES, compute)


def coproduced_film_count(*, group_slug=None, since=None) -> int:
    """Published films with at least one pair of production countries matching the filters."""
    rows = _pair_rows(group_slug=group_slug, since=since)
    # A semi-join rather than COUNT(DISTINCT film) over the pairs (which sorts them all).
    return Film.objects.filter(status=PUBLISHED, pk__in=rows.values("film")).count()


# The order of production_bases(), as keyset pages need it.
BASE_ORDER = [SortKey(F("name_en")), SortKey(F("pk"), int)]


def production_bases(films_per_base=FILMS_PER_BASE):
    """Published production bases, each with `films_shown`, the first `films_per_base` of its
    published films by title, and its incentive policies; `count_films_made` then gives each
    the number of its published films, `films_count`."""
    films_shown = (
        FilmLocation.objects.filter(film__status=PUBLISHED)
        .select_related("film")
        # The base's number of films, counted in the same pass as the window that keeps the
        # first ones (a subquery per base would be run for every base before the page's
        # offset too: 1.4 s on page 30 of 864 bases).
        .annotate(films_at_base=Window(Count("pk"), partition_by=[F("base")]))
        .order_by("film__title_en", "film__title_original", "pk")
    )
    return (
        Institution.objects.published()
        .filter(kind=InstitutionKind.PRODUCTION_BASE)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "films_made",
                # A sliced prefetch: at most `films_per_base` rows for each base, in one query
                # (a window function), in a list of its own: the manager's cache cannot be one.
                queryset=films_shown[:films_per_base],
                to_attr="films_shown",
            ),
            Prefetch(
                "incentives",
                queryset=IncentivePolicy.objects.select_related("source").order_by("title_en"),
            ),
        )
        .order_by("name_en", "pk")
    )


def count_films_made(bases):
    """Give each of `bases` (from production_bases) `films_count`, read from its films shown."""
    for base in bases:
        base.films_count = base.films_shown[0].films_at_base if base.films_shown else 0
    return bases


def coproduction_figures():
    """Figures about co-produced films reported by the organisers of published film weeks."""
    return (
        ReportedFigure.objects.filter(label_en__icontains="co-produc", film_week__status=PUBLISHED)
        .select_related("film_week", "source")
        .order_by("-film_week__year", "label_en")
    )
