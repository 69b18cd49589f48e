"""The tables of the open-data export: one per public entity and relation, their columns and
keys, and which rows are public.

A row is exported when its own record and every record it stands for are published (a credit
of a draft person is left out); a link that a public page shows only when its target is
published (a film week's organiser, a membership's recommending member) is left empty when the
target is a draft, as the pages leave it out. Records with slugs are named by them; the others by
their id. No staff-only field is exported: contacts, logos and photos, applications,
representatives and history; nor a field that no public page shows (a country group's
description).
"""

from dataclasses import dataclass, field
from functools import partial

from django.db.models import Case, F, Q, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alliance.models import (
    Alliance,
    AllianceItem,
    AllianceUnit,
    Country,
    CountryGroup,
    FestivalEdition,
    Institution,
    Membership,
    Milestone,
    Source,
    country_names,
)
from core.models import Status
from filmweek.models import (
    Activity,
    Ambassador,
    Award,
    Credit,
    Film,
    FilmCountry,
    FilmLocation,
    FilmWeek,
    IncentivePolicy,
    JuryService,
    Language,
    Participation,
    Person,
    Position,
    Quote,
    ReportedFigure,
    Selection,
)
from screenings.models import ActivitySession, Screening, Tour, TourStop, Venue

PUBLISHED = Status.PUBLISHED


@dataclass(frozen=True)
class Column:
    name: str
    source: object  # a values_list() lookup, an expression or a Derived
    type: str = "string"  # a Table Schema field type
    required: bool = False
    reference: tuple | None = None  # (resource, field) a foreign key names


@dataclass(frozen=True)
class Derived:
    """A value computed in Python from the value of a lookup."""

    lookup: str
    compute: object


@dataclass(frozen=True)
class Table:
    name: str  # the resource's name; its file is <name>.csv
    title: str
    model: type
    columns: tuple
    primary_key: tuple
    public: Q = field(default_factory=Q)
    order: tuple = ("pk",)


def country_name(language, code):
    with translation.override(language):
        return country_names().get(code, "")


def col(name, type="string", required=False, source=None):
    return Column(name, source or name, type, required)


def pair(name, type="string"):
    """The English and Chinese columns of a bilingual value."""
    return col(f"{name}_en", type), col(f"{name}_zh", type)


def key(name="slug"):
    return col(name, "integer" if name == "id" else "string", required=True, source=name)


def link(name, path, resource, field="slug", required=True, shown_when=None):
    """A foreign key: `path` (a lookup) holds the value, naming `field` of `resource`. A link
    with `shown_when` (the lookup of a status) is empty when that status is not published."""
    source = f"{path}__{field}" if field != "id" else f"{path}_id"
    if shown_when:
        source = Case(When(**{shown_when: PUBLISHED}, then=F(source)), default=None)
    column_type = "integer" if field == "id" else "string"
    return Column(name, source, column_type, required, (resource, field))


def published(*paths):
    """The condition that the records at `paths` (lookups; "" for the row itself) are
    published."""
    return Q(**{(f"{path}__status" if path else "status"): PUBLISHED for path in paths})


def optional(name, path, resource, **options):
    """A link shown only while its target is published."""
    return link(name, path, resource, required=False, shown_when=f"{path}__status", **options)


def edition_link(name, path, required=True):
    """A festival edition, exported when its institution is published."""
    if required:
        return link(name, path, "festival_editions", "id")
    return link(
        name, path, "festival_editions", "id", False, shown_when=f"{path}__institution__status"
    )


SCREENING_PUBLIC = published("film", "film_week", "venue")

TABLES = (
    Table(
        "countries",
        _("Countries (ISO 3166; names in English and Chinese)"),
        Country,
        (
            key("code"),
            col("name_en", source=Derived("code", partial(country_name, "en"))),
            col("name_zh", source=Derived("code", partial(country_name, "zh-hans"))),
            col("continent", required=True),
            col("region"),
        ),
        ("code",),
        order=("code",),
    ),
    Table(
        "country_groups",
        _("Country groups, such as the SCO member states"),
        CountryGroup,
        (key(), *pair("name")),
        ("slug",),
    ),
    Table(
        "country_group_countries",
        _("Member countries of country groups"),
        CountryGroup.countries.through,
        (
            link("group", "countrygroup", "country_groups"),
            link("country", "country", "countries", "code"),
        ),
        ("group", "country"),
    ),
    Table(
        "languages",
        _("Languages of films (ISO 639)"),
        Language,
        (key("code"), *pair("name")),
        ("code",),
        order=("code",),
    ),
    Table(
        "sources",
        _("Published texts that reported a figure"),
        Source,
        (
            key("id"),
            col("title"),
            col("title_zh"),
            col("publisher"),
            col("publisher_zh"),
            col("url"),
            col("published_on", "date"),
        ),
        ("id",),
    ),
    Table(
        "institutions",
        _("Institutions: festivals, film institutions, archives, production bases..."),
        Institution,
        (
            key(),
            *pair("name"),
            col("short_name"),
            col("kind", required=True),
            link("country", "country", "countries", "code", required=False),
            *pair("city"),
            col("website"),
            *pair("description"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "festival_editions",
        _("Editions of festivals and awards"),
        FestivalEdition,
        (
            key("id"),
            link("institution", "institution", "institutions"),
            col("number", "integer"),
            col("year", "integer", required=True),
            col("starts_on", "date"),
            col("ends_on", "date"),
            col("dates_precision"),
        ),
        ("id",),
        published("institution"),
    ),
    Table(
        "alliances",
        _("Alliances"),
        Alliance,
        (
            key(),
            *pair("name"),
            col("founded_on", "date", required=True),
            optional("initiator", "initiator", "institutions"),
            edition_link("founded_during", "founded_during", required=False),
            *pair("description"),
            *pair("background"),
            col("website"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "alliance_items",
        _("Admittance criteria and scope of work of alliances, in order"),
        AllianceItem,
        (
            key("id"),
            link("alliance", "alliance", "alliances"),
            col("kind", required=True),
            col("position", "integer", required=True),
            *pair("text"),
        ),
        ("id",),
        published("alliance"),
    ),
    Table(
        "alliance_units",
        _("Guiding and host units of alliances"),
        AllianceUnit,
        (
            key("id"),
            link("alliance", "alliance", "alliances"),
            link("institution", "institution", "institutions"),
            col("role", required=True),
            col("position", "integer", required=True),
        ),
        ("id",),
        published("alliance", "institution"),
    ),
    Table(
        "memberships",
        _("Memberships of institutions in alliances; joined_on is as precise as joined_precision"),
        Membership,
        (
            key("id"),
            link("institution", "institution", "institutions"),
            link("alliance", "alliance", "alliances"),
            col("joined_on", "date", required=True),
            col("joined_precision", required=True),
            col("left_on", "date"),
            col("is_founding", "boolean", required=True),
            optional("recommended_by", "recommended_by", "institutions"),
            *pair("note"),
            link("source", "source", "sources", "id", required=False),
        ),
        ("id",),
        published("institution", "alliance"),
    ),
    Table(
        "milestones",
        _("Member and country counts the alliances reported, with their source"),
        Milestone,
        (
            key("id"),
            link("alliance", "alliance", "alliances"),
            col("reported_on", "date", required=True),
            col("reported_precision", required=True),
            *pair("label"),
            col("members", "integer", required=True),
            col("countries", "integer", required=True),
            link("source", "source", "sources", "id"),
        ),
        ("id",),
        published("alliance"),
    ),
    Table(
        "people",
        _("People"),
        Person,
        (
            key(),
            *pair("name"),
            col("name_original"),
            link("country", "country", "countries", "code", required=False),
            *pair("bio"),
            col("career_start_year", "integer"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "positions",
        _("Posts people hold at institutions"),
        Position,
        (
            key("id"),
            link("person", "person", "people"),
            link("institution", "institution", "institutions"),
            *pair("title"),
        ),
        ("id",),
        published("person", "institution"),
    ),
    Table(
        "films",
        _("Films"),
        Film,
        (
            key(),
            col("title_original", required=True),
            col("title_en"),
            col("title_zh"),
            col("year", "integer"),
            col("kind", required=True),
            *pair("genre"),
            col("runtime_minutes", "integer"),
            col("released_on", "date"),
            col("released_precision"),
            *pair("release_note"),
            *pair("synopsis"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "film_countries",
        _("Production countries of films (two or more: a co-production)"),
        FilmCountry,
        (
            link("film", "film", "films"),
            link("country", "country", "countries", "code"),
            col("role", required=True),
            col("position", "integer", required=True),
        ),
        ("film", "country"),
        published("film"),
    ),
    Table(
        "film_languages",
        _("Spoken languages of films"),
        Film.languages.through,
        (link("film", "film", "films"), link("language", "language", "languages", "code")),
        ("film", "language"),
        published("film"),
    ),
    Table(
        "credits",
        _("Credits: who did what on a film"),
        Credit,
        (
            key("id"),
            link("film", "film", "films"),
            link("person", "person", "people"),
            col("role", required=True),
            *pair("character"),
            col("order", "integer", required=True),
        ),
        ("id",),
        published("film", "person"),
    ),
    Table(
        "awards",
        _("Awards won or nominated for, by a person, a film or both"),
        Award,
        (
            key("id"),
            link("body", "body", "institutions"),
            col("edition_number", "integer"),
            col("year", "integer", required=True),
            *pair("category"),
            col("result", required=True),
            optional("person", "person", "people"),
            optional("film", "film", "films"),
        ),
        ("id",),
        published("body") & (published("person") | published("film")),
    ),
    Table(
        "film_weeks",
        _("Film weeks, one row per edition"),
        FilmWeek,
        (
            key(),
            *pair("name"),
            optional("organiser", "organiser", "institutions"),
            optional("alliance", "alliance", "alliances"),
            edition_link("festival_edition", "festival_edition", required=False),
            col("edition_number", "integer"),
            col("year", "integer", required=True),
            col("starts_on", "date"),
            col("ends_on", "date"),
            *pair("city"),
            link("country", "country", "countries", "code", required=False),
            *pair("theme"),
            *pair("description"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "ambassadors",
        _("Ambassadors of film weeks"),
        Ambassador,
        (
            key("id"),
            link("film_week", "film_week", "film_weeks"),
            link("person", "person", "people"),
            *pair("role"),
            col("order", "integer", required=True),
        ),
        ("id",),
        published("film_week", "person"),
    ),
    Table(
        "activities",
        _("Activities of film weeks: forums, industry dialogues, market promotions..."),
        Activity,
        (
            key("id"),
            link("film_week", "film_week", "film_weeks"),
            col("kind", required=True),
            *pair("title"),
            *pair("description"),
            col("held_on", "date"),
        ),
        ("id",),
        published("film_week"),
    ),
    Table(
        "participations",
        _("People taking part in activities"),
        Participation,
        (
            key("id"),
            link("activity", "activity", "activities", "id"),
            link("person", "person", "people"),
            *pair("role"),
        ),
        ("id",),
        published("activity__film_week", "person"),
    ),
    Table(
        "reported_figures",
        _("Figures the organisers of film weeks reported, with their source"),
        ReportedFigure,
        (
            key("id"),
            link("film_week", "film_week", "film_weeks"),
            *pair("label"),
            col("value", "integer", required=True),
            col("is_lower_bound", "boolean", required=True),
            *pair("period"),
            link("source", "source", "sources", "id"),
        ),
        ("id",),
        published("film_week"),
    ),
    Table(
        "quotes",
        _("What people said, with the source that reported it"),
        Quote,
        (
            key("id"),
            link("person", "person", "people"),
            optional("film_week", "film_week", "film_weeks"),
            *pair("text"),
            link("source", "source", "sources", "id"),
        ),
        ("id",),
        published("person"),
    ),
    Table(
        "selections",
        _("Films selected for film weeks"),
        Selection,
        (
            link("film_week", "film_week", "film_weeks"),
            link("film", "film", "films"),
            *pair("section"),
        ),
        ("film_week", "film"),
        published("film_week", "film"),
    ),
    Table(
        "jury_services",
        _("People on the juries of festival editions"),
        JuryService,
        (
            key("id"),
            link("person", "person", "people"),
            edition_link("festival_edition", "festival_edition"),
            *pair("section"),
            col("is_president", "boolean", required=True),
            optional("recommended_by", "recommended_by", "institutions"),
            *pair("note"),
        ),
        ("id",),
        published("person", "festival_edition__institution"),
    ),
    Table(
        "film_locations",
        _("Films made at production bases"),
        FilmLocation,
        (link("film", "film", "films"), link("base", "base", "institutions")),
        ("film", "base"),
        published("film", "base"),
    ),
    Table(
        "incentive_policies",
        _("Incentive policies of production bases, with their rates and sources"),
        IncentivePolicy,
        (
            key("id"),
            link("base", "base", "institutions"),
            *pair("title"),
            *pair("description"),
            col("rate_percent", "number"),
            col("is_approximate", "boolean", required=True),
            link("source", "source", "sources", "id", required=False),
        ),
        ("id",),
        published("base"),
    ),
    Table(
        "venues",
        _("Venues"),
        Venue,
        (
            key(),
            *pair("name"),
            *pair("city"),
            link("country", "country", "countries", "code"),
            col("address"),
            col("capacity", "integer"),
            col("time_zone", required=True),
            col("is_sample", "boolean", required=True),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "screenings",
        _("Screenings; times in UTC (the venue's time_zone gives the local time)"),
        Screening,
        (
            key("id"),
            link("film", "film", "films"),
            link("film_week", "film_week", "film_weeks"),
            link("venue", "venue", "venues"),
            col("starts_at", "datetime", required=True),
            col("ends_at", "datetime", required=True),
            col("state", required=True),
            *pair("section"),
            *pair("language_note"),
            col("ticket_url"),
            col("is_sample", "boolean", required=True),
        ),
        ("id",),
        SCREENING_PUBLIC,
    ),
    Table(
        "screening_guests",
        _("Guests of screenings (Q&A)"),
        Screening.guests.through,
        (link("screening", "screening", "screenings", "id"), link("person", "person", "people")),
        ("screening", "person"),
        published("screening__film", "screening__film_week", "screening__venue", "person"),
    ),
    Table(
        "activity_sessions",
        _("Sessions of activities at venues; times in UTC"),
        ActivitySession,
        (
            key("id"),
            link("activity", "activity", "activities", "id"),
            link("venue", "venue", "venues"),
            col("starts_at", "datetime", required=True),
            col("ends_at", "datetime", required=True),
            col("state", required=True),
            col("is_sample", "boolean", required=True),
        ),
        ("id",),
        published("activity__film_week", "venue"),
    ),
    Table(
        "tours",
        _("Tours that recommend films to member festivals"),
        Tour,
        (
            key(),
            *pair("name"),
            optional("organiser", "organiser", "institutions"),
            *pair("description"),
        ),
        ("slug",),
        published(""),
    ),
    Table(
        "tour_stops",
        _("Stops of tours: a film at a festival edition"),
        TourStop,
        (
            key("id"),
            link("tour", "tour", "tours"),
            link("film", "film", "films"),
            edition_link("host_edition", "host_edition"),
            col("starts_on", "date", required=True),
            col("ends_on", "date"),
            col("dates_precision", required=True),
            *pair("section"),
            col("premiere"),
        ),
        ("id",),
        published("tour", "film", "host_edition__institution"),
    ),
)


def exported_models():
    """The models of every table: a save to any of them may change the export (publishing a
    person adds their credits), and the links' targets are all among them."""
    return [table.model for table in TABLES]
