"""Reads of the co-productions page: country pairs of co-produced films, production bases and the
co-production figures the organisers reported, each in a fixed number of queries."""

from django.db.models import Count, F, Prefetch

from alliance.base import Status
from alliance.models import CountryGroup, Institution, InstitutionKind
from filmweek.models import FilmCountry, FilmLocation, IncentivePolicy, ReportedFigure

PUBLISHED = Status.PUBLISHED
PARTNER_CODE = "film__film_countries__country__code"


def country_groups():
    return CountryGroup.objects.order_by("name_en")


def _pair_rows(*, group_slug=None, since=None):
    """One row per (film, pair of its production countries), the pair's codes in order: the
    self-join of a film's countries on itself, each pair once (code < partner's code)."""
    # One filter() call, so that every condition on the partner country uses the same join.
    conditions = {"film__status": PUBLISHED, f"{PARTNER_CODE}__gt": F("country__code")}
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
        .values("country__code", PARTNER_CODE)
        .annotate(films=Count("film", distinct=True))
    )
    return {(row["country__code"], row[PARTNER_CODE]): row["films"] for row in rows}


def coproduced_film_count(*, group_slug=None, since=None) -> int:
    """Published films with at least one pair of production countries matching the filters."""
    rows = _pair_rows(group_slug=group_slug, since=since)
    return rows.aggregate(films=Count("film", distinct=True))["films"]


def production_bases():
    """Published production bases with their published films and incentive policies."""
    return (
        Institution.objects.published()
        .filter(kind=InstitutionKind.PRODUCTION_BASE)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "films_made",
                queryset=FilmLocation.objects.filter(film__status=PUBLISHED)
                .select_related("film")
                .order_by("film__title_en", "film__title_original"),
            ),
            Prefetch(
                "incentives",
                queryset=IncentivePolicy.objects.select_related("source").order_by("title_en"),
            ),
        )
        .order_by("name_en")
    )


def coproduction_figures():
    """Figures about co-produced films reported by the organisers of published film weeks."""
    return (
        ReportedFigure.objects.filter(label_en__icontains="co-produc", film_week__status=PUBLISHED)
        .select_related("film_week", "source")
        .order_by("-film_week__year", "label_en")
    )
