"""Reads reused by several views."""

import datetime
from collections import Counter
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Count, F, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import ngettext
from django_countries.fields import Country as CountryCode

from alliance.models import (
    Alliance,
    AllianceItem,
    AllianceUnit,
    FestivalEdition,
    Institution,
    Membership,
    Milestone,
    counted_from,
    counted_on,
    country_names,
    has_begun_by,
    is_counted_on,
)
from core.db.keyset import SortKey
from core.db.queries import count_of, related_model, via
from core.models import DatePrecision, Status, format_partial_date, period_end
from core.views.drafts import visible


class MemberFigures(NamedTuple):
    members: int
    countries: int


def member_figures(alliance, as_of: datetime.date | None = None) -> MemberFigures:
    """Published members and their countries counted on `as_of` (today by default), computed
    from membership dates."""
    day = as_of or timezone.localdate()
    totals = (
        Membership.objects.filter(alliance=alliance, institution__status=Status.PUBLISHED)
        .counted_on(day)
        .aggregate(
            members=Count("institution", distinct=True),
            countries=Count("institution__country", distinct=True),
        )
    )
    return MemberFigures(totals["members"], totals["countries"])


def alliance_list(as_of: datetime.date | None = None):
    """Published alliances with their initiator, each annotated with `members` and `countries`:
    the figures of `member_figures` on `as_of` (today by default), read in the same query."""
    day = as_of or timezone.localdate()
    in_force = Q(memberships__institution__status=Status.PUBLISHED) & counted_on(
        day, prefix="memberships__"
    )
    return (
        Alliance.objects.published()
        .select_related("initiator")
        .only(
            "slug",
            "name_en",
            "name_zh",
            "founded_on",
            "description_en",
            "description_zh",
            *via("initiator", ("slug", "status", "name_en", "name_zh")),
        )
        .annotate(
            members=Count("memberships__institution", distinct=True, filter=in_force),
            countries=Count("memberships__institution__country", distinct=True, filter=in_force),
        )
        .order_by("name_en", "pk")  # Meta.ordering, which an aggregation leaves out
    )


# The keyset order of alliance_list (by English name; the pk breaks ties).
ALLIANCE_ORDER = [SortKey(F("name_en"), str), SortKey(F("pk"), int)]


def member_figures_on(alliance, days: list[datetime.date]) -> list[MemberFigures]:
    """Published members and their countries counted on each of `days` (`counted_on`: the date
    precision honoured, as the page of members as of a date counts them), in one query whatever
    their number."""
    if not days:
        return []
    aggregates = {}
    for index, day in enumerate(days):
        aggregates[f"members_{index}"] = Count("institution", distinct=True, filter=counted_on(day))
        aggregates[f"countries_{index}"] = Count(
            "institution__country", distinct=True, filter=counted_on(day)
        )
    totals = Membership.objects.filter(
        alliance=alliance, institution__status=Status.PUBLISHED
    ).aggregate(**aggregates)
    return [
        MemberFigures(totals[f"members_{index}"], totals[f"countries_{index}"])
        for index in range(len(days))
    ]


def alliance_pages(drafts=False):
    """Published alliances (drafts too for a staff preview) with the lists their page shows
    whatever the alliance's size: items, published units and the reported milestones with their
    sources (the members: `memberships_listed` and `membership_dates`)."""
    return (
        visible(Alliance, drafts)
        .select_related("initiator", "founded_during__institution")
        .prefetch_related(
            Prefetch("items", queryset=AllianceItem.objects.order_by("kind", "position")),
            Prefetch(
                "units",
                queryset=AllianceUnit.objects.filter(institution__status=Status.PUBLISHED)
                .select_related("institution")
                .order_by("role", "position"),
            ),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("source").order_by("reported_on"),
            ),
        )
    )


def memberships_listed(alliance, limit, as_of: datetime.date | None = None):
    """The first `limit` memberships of the alliance's published institutions to join (of those
    counted on `as_of` when given), with their institutions, countries and recommenders."""
    memberships = (
        alliance.memberships.all() if as_of is None else alliance.memberships.counted_on(as_of)
    )
    memberships = (
        memberships.filter(institution__status=Status.PUBLISHED)
        .select_related("institution__country", "recommended_by")
        # What a row shows: the joined institutions' long texts would be read for nothing.
        .only(
            "alliance",
            *MEMBERSHIP_FIELDS,
            *via("institution", ("slug", "status", "name_en", "name_zh", "country")),
            "institution__country__code",
            *via("recommended_by", ("status", "slug", "name_en", "name_zh")),
        )
        # By the index membership_alliance_joined, read in joining order up to the limit.
        .order_by("joined_on", "institution__name_en", "pk")
    )
    return list(memberships[:limit])


# The columns a link to an institution or an alliance shows, for the lists of other pages.
INSTITUTION_LINK = ("slug", "status", "name_en", "name_zh", "city_en", "city_zh", "country")
ALLIANCE_LINK = ("slug", "status", "name_en", "name_zh")
# What a row of memberships shows of the membership itself.
MEMBERSHIP_FIELDS = (
    "joined_on",
    "joined_precision",
    "left_on",
    "is_founding",
    "note_en",
    "note_zh",
)
# A production base's page lists this many of the films made there, the latest first.
FILMS_MADE_ROWS = 50


def institution_pages(drafts=False):
    """Published institutions (drafts too for a staff preview) with their memberships,
    editions (jurors, tour stops: the films they received), the tours they run with their
    stops (the films they sent) and every record of the higher apps that names them, reached
    by reverse relation names. A production base brings its FILMS_MADE_ROWS latest films
    (`latest_films_made`) and `films_made_total`, how many it has."""
    return (
        visible(Institution, drafts)
        .select_related("country")
        .annotate(films_made_total=films_made_count())
        .prefetch_related(*institution_prefetches())
    )


def films_made_count():
    """How many published films were made at the outer institution, as a subquery (a film is
    listed at a base once: film_location_unique)."""
    locations = related_model(Institution, "films_made").objects.filter(
        base=OuterRef("pk"), film__status=Status.PUBLISHED
    )
    return count_of(locations, "pk", "base", distinct=False)


def memberships_of_institutions():
    """The memberships of published alliances that an institution's page and the API's rows
    show, in joining order."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(alliance__status=Status.PUBLISHED)
        .select_related("alliance", "recommended_by")
        .only(
            "institution",
            *MEMBERSHIP_FIELDS,
            *via("alliance", ALLIANCE_LINK),
            *via("recommended_by", INSTITUTION_LINK),
        )
        .order_by("joined_on", "pk"),
    )


def institution_list():
    """Published institutions (in the keyset order INSTITUTION_ORDER) with their country and
    their memberships."""
    return (
        Institution.objects.published()
        .select_related("country")
        .only(*INSTITUTION_LINK, "short_name", "kind", "website", "country__code")
        .prefetch_related(memberships_of_institutions())
    )


# By English name (the index institution_name); the pk breaks ties.
INSTITUTION_ORDER = [SortKey(F("name_en"), str), SortKey(F("pk"), int)]


# The columns a link to a record of the higher apps shows, for the lists of the institution page.
PERSON_LINK = ("slug", "status", "name_en", "name_zh")
FILM_LINK = ("slug", "status", "title_original", "title_en", "title_zh", "year")
FILM_WEEK_LINK = ("slug", "status", "name_en", "name_zh", "year")


def institution_prefetches():
    """The lists the institution page shows."""
    published = Status.PUBLISHED
    film_weeks = related_model(Institution, "film_weeks_organised")
    awards = related_model(Institution, "awards_given")
    jury_services = related_model(Institution, "jurors_recommended")
    films_made_model = related_model(Institution, "films_made")
    incentives = related_model(Institution, "incentives")
    positions = related_model(Institution, "positions")
    tours = related_model(Institution, "tours")
    tour_stops = related_model(FestivalEdition, "tour_stops")
    return [
        memberships_of_institutions(),
        Prefetch(
            "initiated_alliances",
            queryset=Alliance.objects.published()
            .only("initiator", *ALLIANCE_LINK, "founded_on")
            .order_by("founded_on"),
        ),
        Prefetch(
            "alliance_units",
            queryset=AllianceUnit.objects.filter(alliance__status=published)
            .select_related("alliance")
            .only("institution", "role", *via("alliance", ALLIANCE_LINK)),
        ),
        Prefetch("editions", queryset=FestivalEdition.objects.order_by("-year", "-number")),
        Prefetch(
            "editions__jurors",
            queryset=jury_services.objects.filter(person__status=published)
            .select_related("person", "recommended_by")
            .only(
                "festival_edition",
                "section_en",
                "section_zh",
                "is_president",
                *via("person", PERSON_LINK),
                *via("recommended_by", INSTITUTION_LINK),
            )
            .order_by("section_en", "person__name_en"),
        ),
        Prefetch(
            "editions__tour_stops",
            queryset=tour_stops.objects.filter(tour__status=published, film__status=published)
            .select_related("film", "tour")
            .only(
                "host_edition",
                "starts_on",
                "dates_precision",
                "premiere",
                *via("film", FILM_LINK),
                *via("tour", ("slug", "name_en", "name_zh")),
            ),
        ),
        Prefetch(
            "film_weeks_organised",
            queryset=film_weeks.objects.published()
            .select_related("festival_edition__institution")
            .only(
                "organiser",
                *FILM_WEEK_LINK,
                "festival_edition__number",
                "festival_edition__institution",
                *via("festival_edition__institution", INSTITUTION_LINK),
            ),
        ),
        Prefetch(
            "awards_given",
            queryset=awards.objects.filter(Q(person__status=published) | Q(film__status=published))
            .select_related("person", "film")
            .only(
                "body",
                *awards.mention_fields,
                *via("person", PERSON_LINK),
                *via("film", FILM_LINK),
            ),
        ),
        Prefetch(
            "jurors_recommended",
            queryset=jury_services.objects.filter(
                person__status=published, festival_edition__institution__status=published
            )
            .select_related("person", "festival_edition__institution")
            .only(
                "recommended_by",
                "section_en",
                "section_zh",
                "festival_edition__number",
                "festival_edition__year",
                "festival_edition__institution",
                *via("person", PERSON_LINK),
                *via("festival_edition__institution", INSTITUTION_LINK),
            ),
        ),
        Prefetch(
            "films_made",
            queryset=_latest_films_made(films_made_model)[:FILMS_MADE_ROWS],
            to_attr="latest_films_made",
        ),
        Prefetch("incentives", queryset=incentives.objects.select_related("source")),
        Prefetch(
            "positions",
            queryset=positions.objects.filter(person__status=published)
            .select_related("person")
            .only("institution", "title_en", "title_zh", *via("person", PERSON_LINK)),
        ),
        Prefetch(
            "tours",
            queryset=tours.objects.published().only(
                "organiser", "slug", "status", "name_en", "name_zh"
            ),
        ),
        Prefetch(
            "tours__stops",
            queryset=tour_stops.objects.filter(
                film__status=published, host_edition__institution__status=published
            )
            .select_related("film", "host_edition__institution__country")
            .only(
                "tour",
                "starts_on",
                "dates_precision",
                "premiere",
                "host_edition__number",
                "host_edition__institution",
                *via("film", FILM_LINK),
                *via("host_edition__institution", INSTITUTION_LINK),
                "host_edition__institution__country__code",
            )
            .order_by("-starts_on", "film__title_en"),
        ),
    ]


def _latest_films_made(model):
    """Published films made at a base, the latest by year first (undated last), then by
    title."""
    latest = F("film__year").desc(nulls_last=True)
    return (
        model.objects.filter(film__status=Status.PUBLISHED)
        .select_related("film")
        .only("base", *via("film", FILM_LINK))
        .order_by(latest, "film__title_en", "pk")
    )


# Member directory


def member_directory():
    """Memberships of published institutions in published alliances, with what a row of the
    member directory shows."""
    return (
        Membership.objects.filter(
            institution__status=Status.PUBLISHED, alliance__status=Status.PUBLISHED
        )
        .select_related("institution__country", "alliance", "recommended_by")
        # Only the columns a row shows: a filtered page (no index gives its order) sorts its
        # rows with every column read, and building the query costs less too.
        .only(
            "joined_on",
            "joined_precision",
            "left_on",
            "is_founding",
            *via("institution", ("slug", "name_en", "name_zh", "city_en", "city_zh", "kind")),
            *via("institution", ("logo", "logo_thumbnail", "logo_width", "logo_thumbnail_width")),
            *via("institution__country", ("code",)),
            *via("alliance", ("slug", "name_en", "name_zh")),
            *via("recommended_by", ("status", "slug", "name_en", "name_zh")),
        )
        .order_by("institution__name_en", "alliance__name_en", "joined_on", "pk")
    )


class MemberChoices(NamedTuple):
    alliances: list[tuple[str, str]]  # (slug, name) of each alliance, by English name
    countries: list[tuple[str, str]]  # (ISO code, name in the active language), by name
    years: list[int]  # latest first


def member_choices() -> MemberChoices:
    """The alliances, countries and years of joining of the member directory's memberships:
    what its filters offer. One read of their distinct (alliance, country, year), then the
    names of those alliances (three reads of every membership, one for each filter, took
    twice as long)."""
    found = (
        member_directory()
        .order_by()
        .values_list("alliance_id", "institution__country__code", ExtractYear("joined_on"))
        .distinct()
    )
    alliance_ids, codes, years = set(), set(), set()
    for alliance_id, code, year in found:
        alliance_ids.add(alliance_id)
        years.add(year)
        if code:
            codes.add(code)
    alliances = Alliance.objects.filter(pk__in=alliance_ids).only("slug", "name_en", "name_zh")
    names = country_names()
    return MemberChoices(
        alliances=[(alliance.slug, alliance.name) for alliance in alliances],
        countries=sorted(((code, names.get(code, code)) for code in codes), key=itemgetter(1)),
        years=sorted(years, reverse=True),
    )


# Growth of an alliance: membership_dates reads the memberships' dates in one query, and the
# series and member countries are computed from them (no query of their own)


class MemberInstitution(NamedTuple):
    """An institution as the growth series and the member countries read it."""

    pk: int
    country_id: int | None
    country: CountryCode | None


class MembershipDates(NamedTuple):
    """A membership as the growth series and the member countries read it: a tuple, not a model
    instance."""

    institution: MemberInstitution
    joined_on: datetime.date
    joined_precision: str
    left_on: datetime.date | None


def membership_dates(alliance) -> list[MembershipDates]:
    """The memberships of the alliance's published institutions, as much of them as
    `growth_series` and `member_countries` read, in one query of plain values (at 3,481
    members, 20 ms; loading them as model instances with their institutions, countries and
    recommenders took 160 ms)."""
    rows = list(
        Membership.objects.filter(alliance=alliance, institution__status=Status.PUBLISHED)
        .order_by()
        .values_list(
            "institution_id",
            "institution__country_id",
            "institution__country__code",
            "joined_on",
            "joined_precision",
            "left_on",
        )
    )
    countries = {code: CountryCode(code) for code in {row[2] for row in rows} if code}
    return [
        MembershipDates(
            MemberInstitution(institution, country_id, countries.get(code)),
            joined_on,
            precision,
            left_on,
        )
        for institution, country_id, code, joined_on, precision, left_on in rows
    ]


# The precisions of a date, finest first: a date shared by several events takes the finest.
_FINENESS = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}
_PRECISIONS = list(_FINENESS)


class GrowthPoint(NamedTuple):
    day: datetime.date
    precision: str
    members: int
    countries: int

    @property
    def display(self):
        return format_partial_date(self.day, self.precision)

    @property
    def as_of(self):
        """The day to ask for this step's members on: its own, the last day of the month or
        year of a step known only to a month or a year (`growth_series`)."""
        return self.day


# The table beside the growth chart lists every step up to this many, else one step a year.
GROWTH_TABLE_ROWS = 100


def growth_table(series):
    """(rows, yearly) of the table beside the growth chart: every step of `series`; or, past
    GROWTH_TABLE_ROWS of them, the last step of each year and today's, so that an alliance
    of thousands of members gets a table of its years rather than of 1,500 dates."""
    if len(series) <= GROWTH_TABLE_ROWS:
        return series, False
    last_of_year = {point.day.year: point for point in series[:-1]}
    return [*last_of_year.values(), series[-1]], True


def growth_series(memberships, today: datetime.date) -> list[GrowthPoint]:
    """Members and their countries at each date a membership starts counting (`counted_from`: the
    last day of a month or year known only to that) or ends, up to and including `today`: the
    steps of the alliance's growth, each as `members_on` counts that day. `memberships` are
    loaded rows (each with its institution's pk and country_id), e.g.
    `membership_dates(alliance)`."""
    fineness = {}  # date -> the finest precision (by _FINENESS) of an event on that date
    changes = []  # (date, +1 counted from then or -1 leaving, institution pk, its country_id)
    for membership in memberships:
        institution = membership.institution
        counted, left_on = counted_from(membership), membership.left_on
        if left_on and left_on <= counted:
            continue  # left before its month or year was over: never counted
        changes.append((counted, 1, institution.pk, institution.country_id))
        if counted <= today:
            rank = _FINENESS[membership.joined_precision]
            fineness[counted] = min(rank, fineness.get(counted, rank))
        if left_on:
            changes.append((left_on, -1, institution.pk, institution.country_id))
            if left_on <= today:
                fineness[left_on] = 0
    fineness.setdefault(today, 0)
    # One sweep through the dates, keeping counts of what is counted: a count per date over
    # every membership took 27 s for an alliance of 3,481 members.
    changes.sort(key=itemgetter(0))  # stable: a membership's start stays before its end
    memberships_of, members_in = {}, {}  # institution -> memberships, country -> members counted
    members = countries = applied = 0
    points = []
    for day in sorted(fineness):
        # Counted on `day`: counted from it or before, not left on or before it (`is_counted_on`).
        while applied < len(changes) and changes[applied][0] <= day:
            _, change, pk, country_id = changes[applied]
            applied += 1
            before = memberships_of.get(pk, 0)
            memberships_of[pk] = before + change
            if before and before + change:
                continue  # another membership of the same institution is counted
            members += change
            if country_id is not None:
                before = members_in.get(country_id, 0)
                members_in[country_id] = before + change
                if not before or not before + change:
                    countries += change
        points.append(GrowthPoint(day, _PRECISIONS[fineness[day]], members, countries))
    return points


class MemberCountry(NamedTuple):
    country: CountryCode
    members: int
    name: str  # in the active language

    @property
    def members_label(self):
        """ "(3 members)", in the active language (a {% blocktranslate count %} for each of 243
        countries took 5 ms of the alliance page)."""
        label = ngettext("(%(members)s member)", "(%(members)s members)", self.members)
        return label % {"members": self.members}


def member_countries(counted) -> list[MemberCountry]:
    """The countries of the members of `counted`, with how many members each has, by name.
    `counted` are loaded rows with their institution and its country (with a code), those of
    `membership_dates(alliance)` counted on a day (`members_on`)."""
    # institution pk -> its country
    countries = {row.institution.pk: row.institution.country for row in counted}
    counts = Counter(country.code for country in countries.values() if country is not None)
    codes = {country.code: country for country in countries.values() if country is not None}
    names = country_names()
    rows = [
        MemberCountry(codes[code], members, names.get(code, code))
        for code, members in counts.items()
    ]
    return sorted(rows, key=lambda row: row.name)


class MembersOn(NamedTuple):
    """The members of an alliance on a day, as its page shows them: today's, or those of the day
    asked for (`?as_of=`)."""

    day: datetime.date
    figures: MemberFigures
    member_countries: list[MemberCountry]
    membership_total: int
    # A membership known only to a month or a year is counted that day or about to be
    # (`has_begun_by`): the page says how they count.
    partial_dates: bool


def members_on(memberships, day: datetime.date) -> MembersOn:
    """The members counted on `day` (`is_counted_on`) of loaded rows, e.g.
    `membership_dates(alliance)`."""
    counted = [membership for membership in memberships if is_counted_on(membership, day)]
    countries = member_countries(counted)
    return MembersOn(
        day=day,
        figures=MemberFigures(len({m.institution.pk for m in counted}), len(countries)),
        member_countries=countries,
        membership_total=len(counted),
        partial_dates=any(
            m.joined_precision != DatePrecision.DAY for m in memberships if has_begun_by(m, day)
        ),
    )


class AllianceGrowth(NamedTuple):
    """What the alliance page shows of its members over time."""

    series: list[GrowthPoint]
    reported: list  # [(milestone, MemberFigures computed for its date)]
    membership_total: int  # memberships of published institutions, former ones too
    today: MembersOn
    on_day: MembersOn | None = None  # on the day asked for, if any

    @property
    def figures_now(self) -> MemberFigures:
        return self.today.figures

    @property
    def member_countries(self) -> list[MemberCountry]:
        """Today's member countries."""
        return self.today.member_countries

    @property
    def shown(self) -> MembersOn:
        """The members of the day the page shows: the one asked for, else today."""
        return self.on_day or self.today


def alliance_growth(
    alliance, today: datetime.date, as_of: datetime.date | None = None
) -> AllianceGrowth:
    """The growth of an alliance loaded by `alliance_pages` (its milestones prefetched), its
    members today and on `as_of` if given: two queries, one for the membership dates and one
    for the figures at the milestones' dates."""
    memberships = membership_dates(alliance)
    milestones = alliance.milestones.all()
    days = [
        period_end(milestone.reported_on, milestone.reported_precision) for milestone in milestones
    ]
    return AllianceGrowth(
        series=growth_series(memberships, today),
        reported=list(zip(milestones, member_figures_on(alliance, days), strict=True)),
        membership_total=len(memberships),
        today=members_on(memberships, today),
        on_day=members_on(memberships, as_of) if as_of else None,
    )


class AllianceFigures(NamedTuple):
    alliance: Alliance
    recorded: MemberFigures
    reported: Milestone | None  # the latest figure the alliance reported, with its source


def alliances_with_reported_figures() -> list[AllianceFigures]:
    """The alliances of `alliance_list` with their figures recorded today and the latest figure
    each reported: one more query whatever the number of alliances."""
    # No later milestone of the same alliance: one per alliance, so no order to join for.
    later_reported = Q(alliance__milestones__reported_on__gt=F("reported_on"))
    latest = Milestone.objects.exclude(later_reported).select_related("source").order_by()
    alliances = alliance_list().prefetch_related(
        Prefetch("milestones", queryset=latest, to_attr="latest_milestones")
    )
    return [
        AllianceFigures(
            alliance,
            MemberFigures(alliance.members, alliance.countries),
            next(iter(alliance.latest_milestones), None),
        )
        for alliance in alliances
    ]
