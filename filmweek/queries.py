"""Reads of the filmweek pages, each with the select_related/prefetch_related its page needs, so
that no page runs a query per row."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from alliance.models import Country, Institution
from alliance.queries import count_of, country_names, related_model
from alliance.related_json import with_related
from core.cache.versions import cached_by_tables
from core.db.keyset import SortKey
from core.models import Status, active_suffix
from core.views.drafts import visible
from filmweek.models import (
    NO_YEAR_FIRST,
    NO_YEAR_LAST,
    Activity,
    ActivityKind,
    Ambassador,
    Award,
    Credit,
    CreditRole,
    Film,
    FilmCountry,
    FilmKind,
    FilmLocation,
    FilmWeek,
    JuryService,
    Language,
    Participation,
    Person,
    Position,
    Quote,
    ReportedFigure,
    Selection,
    display_title,
    film_title_sort,
)

PUBLISHED = Status.PUBLISHED


def filmography():
    """A person's credits in published films, newest first, then by title and role."""
    return Prefetch(
        "credits",
        queryset=Credit.objects.filter(film__status=PUBLISHED)
        .select_related("film")
        .order_by(
            F("film__year").desc(nulls_last=True),
            "film__title_en",
            "film__pk",
            choice_order("role", CreditRole),
        ),
    )


def choice_order(field, choices):
    """Order rows by the position of their value in `choices` (directors before cast)."""
    return Case(
        *[When(**{field: value}, then=index) for index, value in enumerate(choices.values)],
        default=len(choices.values),
        output_field=IntegerField(),
    )


def upcoming_slots(model, name, limit=None):
    """The published screenings (or activity sessions) still to come behind the reverse relation
    `name` of `model`, a relation of the screenings app reached without importing it; each with
    its venue, film, film week and published Q&A guests. With `limit`, only the first `limit`
    to start."""
    slots = related_model(model, name).objects.published().upcoming()
    if limit is not None:
        slots = slots.order_by("starts_at", "pk")[:limit]
    if hasattr(slots.model, "guests"):
        guests = Prefetch("guests", queryset=Person.objects.published().order_by("name_en"))
        return slots.select_related("venue", "film", "film_week").prefetch_related(guests)
    return slots.select_related("venue")


def film_week_pages(drafts=False, slots=None):
    """Published film weeks (drafts too for a staff preview) with their published ambassadors,
    selected films, activities (by kind, with their participants), reported figures and
    quotes; with `slots`, at most that many of its screenings to come and of each activity's
    sessions to come, the first to start."""
    return with_related(
        visible(FilmWeek, drafts).select_related(
            "organiser", "alliance", "festival_edition__institution", "country"
        ),
        film_week_prefetches(slots=slots),
    )


def film_week_prefetches(slots=None):
    """The lists the film week page shows, read in the record's query (alliance.related_json)."""
    return [
        Prefetch(
            "ambassadors",
            queryset=Ambassador.objects.filter(person__status=PUBLISHED)
            .select_related("person")
            .order_by("order", "person__name_en"),
        ),
        Prefetch(
            "selections",
            queryset=Selection.objects.filter(film__status=PUBLISHED)
            .select_related("film")
            .order_by("section_en", "film__title_en", "film__title_original"),
        ),
        Prefetch(
            "activities",
            queryset=Activity.objects.order_by(
                choice_order("kind", ActivityKind), "held_on", "title_en"
            ),
        ),
        Prefetch(
            "activities__participations",
            queryset=Participation.objects.filter(person__status=PUBLISHED).select_related(
                "person"
            ),
        ),
        Prefetch(
            "activities__sessions",
            queryset=upcoming_slots(Activity, "sessions", limit=slots),
            to_attr="upcoming_sessions",
        ),
        Prefetch(
            "screenings",
            queryset=upcoming_slots(FilmWeek, "screenings", limit=slots),
            to_attr="upcoming_screenings",
        ),
        Prefetch("figures", queryset=ReportedFigure.objects.select_related("source")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.filter(person__status=PUBLISHED).select_related(
                "person", "source"
            ),
        ),
    ]


def films_selected_in_series(film_week):
    """Published films selected by the published editions of this film week (same organiser and
    name) up to its year: the count recorded here beside the figures the organisers report.
    Kept in the cache until a film, film week or selection is written: a series of ten
    editions of 300 films costs 8 ms to count at 100k films."""

    def count():
        return Selection.objects.filter(
            film__status=PUBLISHED,
            film_week__status=PUBLISHED,
            film_week__organiser_id=film_week.organiser_id,
            film_week__name_en=film_week.name_en,
            film_week__year__lte=film_week.year,
        ).aggregate(films=Count("film", distinct=True))["films"]

    return cached_by_tables(f"films-in-series:{film_week.pk}", [Film, FilmWeek, Selection], count)


def film_pages(drafts=False):
    """Published films (drafts too for a staff preview) with their countries, languages,
    credits (by role), awards, film weeks, production bases and tour stops (a reverse relation
    of the screenings app)."""
    return with_related(visible(Film, drafts), film_prefetches())


def film_prefetches():
    """The lists the film page shows, read in the record's query (alliance.related_json)."""
    tour_stops = related_model(Film, "tour_stops")
    return [
        Prefetch(
            "film_countries",
            queryset=FilmCountry.objects.select_related("country").order_by("position"),
        ),
        "languages",
        Prefetch(
            "credits",
            queryset=Credit.objects.filter(person__status=PUBLISHED)
            .select_related("person")
            .order_by(choice_order("role", CreditRole), "order", "person__name_en"),
        ),
        Prefetch(
            "awards",
            queryset=Award.objects.filter(body__status=PUBLISHED).select_related("body", "person"),
        ),
        Prefetch(
            "selections",
            queryset=Selection.objects.filter(film_week__status=PUBLISHED)
            .select_related("film_week")
            .order_by("-film_week__year"),
        ),
        Prefetch(
            "locations",
            queryset=FilmLocation.objects.filter(base__status=PUBLISHED).select_related("base"),
        ),
        Prefetch(
            "tour_stops",
            queryset=tour_stops.objects.filter(
                tour__status=PUBLISHED, host_edition__institution__status=PUBLISHED
            ).select_related("tour", "host_edition__institution__country"),
        ),
        Prefetch(
            "screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        ),
    ]


def person_pages(drafts=False):
    """Published people (drafts too for a staff preview) with their positions, filmography
    (newest first), awards, ambassador roles, jury service, activity participations and
    quotes."""
    return with_related(visible(Person, drafts).select_related("country"), person_prefetches())


def person_prefetches():
    """The lists the person page shows, read in the record's query (alliance.related_json)."""
    return [
        Prefetch(
            "positions",
            queryset=Position.objects.filter(institution__status=PUBLISHED).select_related(
                "institution"
            ),
        ),
        filmography(),
        Prefetch(
            "awards",
            queryset=Award.objects.filter(body__status=PUBLISHED).select_related("body", "film"),
        ),
        Prefetch(
            "ambassador_roles",
            queryset=Ambassador.objects.filter(film_week__status=PUBLISHED).select_related(
                "film_week"
            ),
        ),
        Prefetch(
            "jury_services",
            queryset=JuryService.objects.filter(
                festival_edition__institution__status=PUBLISHED
            ).select_related("festival_edition__institution", "recommended_by"),
        ),
        Prefetch(
            "participations",
            queryset=Participation.objects.filter(
                activity__film_week__status=PUBLISHED
            ).select_related("activity__film_week"),
        ),
        Prefetch("quotes", queryset=Quote.objects.select_related("source", "film_week")),
        Prefetch(
            "screening_appearances",
            queryset=upcoming_slots(Person, "screening_appearances"),
            to_attr="upcoming_appearances",
        ),
        Prefetch(
            "credits__film__screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        ),
    ]


# List pages


def localized_order(field, *fallbacks):
    """An ORDER BY expression for a bilingual pair: `<field>_<active language>`, else the other
    language's column, else each of `fallbacks` (empty strings count as missing)."""
    first = active_suffix()
    second = "en" if first == "zh" else "zh"
    columns = [f"{field}_{first}", f"{field}_{second}", *fallbacks]
    return Coalesce(*[NullIf(F(column), Value("")) for column in columns])


def film_title_order():
    return film_title_sort(active_suffix())


FILM_SORTS = {
    "title": lambda: [SortKey(film_title_order())],
    "year": lambda: [
        SortKey(Coalesce("year", Value(NO_YEAR_LAST)), int),
        SortKey(film_title_order()),
    ],
    "-year": lambda: [
        SortKey(Coalesce("year", Value(NO_YEAR_FIRST)), int, descending=True),
        SortKey(film_title_order()),
    ],
    "newest": lambda: [SortKey(F("created_at"), datetime.datetime, descending=True)],
}


def film_order(sort):
    """The sort keys of the film list for a key of FILM_SORTS; every order ends on the primary
    key, so that pages never overlap. The partial indexes of Film.Meta serve each of them."""
    keys = FILM_SORTS[sort]()
    return [*keys, SortKey(F("pk"), int, descending=keys[-1].descending)]


# The columns a film card shows: the list does not load synopses or search texts.
FILM_CARD_FIELDS = ("slug", "title_original", "title_en", "title_zh", "year", "kind")


def film_list():
    """Published films (the order is the list's sort keys); see film_cards."""
    return Film.objects.published().only(*FILM_CARD_FIELDS)


@dataclasses.dataclass(frozen=True)
class FilmCard:
    slug: str
    title: str
    title_original: str
    year: int | None
    kind: str
    countries: list

    @property
    def is_coproduction(self):
        return len(self.countries) > 1


def film_cards(pks):
    """{pk: FilmCard} of the published films among `pks`, in one query: a row for each of a
    film's production countries (one with None for a film without), named from the active
    language's table."""
    rows = (
        Film.objects.published()
        .filter(pk__in=pks)
        .order_by("pk", "film_countries__position", "film_countries__pk")
        .values_list("pk", *FILM_CARD_FIELDS, "film_countries__country__code")
    )
    films, codes = {}, defaultdict(list)
    for pk, slug, original, english, chinese, year, kind, code in rows:
        films[pk] = (slug, display_title(english, chinese, original), original, year, kind)
        if code is not None:
            codes[pk].append(code)
    # Each label translated once, not once per card.
    names, kinds = country_names(), {kind: str(label) for kind, label in FilmKind.choices}
    return {
        pk: FilmCard(
            slug,
            title,
            original,
            year,
            kinds.get(kind, kind),
            [names.get(code, code) for code in codes[pk]],
        )
        for pk, (slug, title, original, year, kind) in films.items()
    }


def film_countries():
    """Countries that produced at least one published film."""
    made_here = FilmCountry.objects.filter(country=OuterRef("pk"), film__status=PUBLISHED)
    return list(Country.objects.filter(Exists(made_here)))


def film_languages():
    """Languages spoken in at least one published film."""
    spoken = Film.languages.through.objects.filter(language=OuterRef("pk"), film__status=PUBLISHED)
    return list(Language.objects.filter(Exists(spoken)))


RECENT_FILM_WEEKS = 30


def published_film_weeks(*, recent=False, slug=None):
    """Published film weeks, newest first: the RECENT_FILM_WEEKS latest, or the one of `slug`."""
    weeks = FilmWeek.objects.published().order_by("-year", "name_en", "pk")
    if slug is not None:
        weeks = weeks.filter(slug=slug)
    return list(weeks[:RECENT_FILM_WEEKS] if recent else weeks)


def person_list():
    """Published people (in the keyset order PERSON_ORDER), each with the published films they
    are credited on (newest first), their positions, and whether they served as ambassador of a
    published film week or on a jury."""
    return (
        Person.objects.published()
        .select_related("country")
        .annotate(
            is_ambassador=Exists(
                Ambassador.objects.filter(person=OuterRef("pk"), film_week__status=PUBLISHED)
            ),
            is_juror=Exists(
                JuryService.objects.filter(
                    person=OuterRef("pk"), festival_edition__institution__status=PUBLISHED
                )
            ),
        )
        .prefetch_related(
            filmography(),
            Prefetch(
                "positions",
                queryset=Position.objects.filter(institution__status=PUBLISHED).select_related(
                    "institution"
                ),
            ),
        )
    )


# English names are the pinyin of Chinese ones: the order Chinese readers expect too.
PERSON_ORDER = [SortKey(F("name_en"), str), SortKey(F("pk"), int)]


def known_for(person, limit=3):
    """Up to `limit` distinct films of a person of `person_list()` (no query: credits are
    prefetched), and the distinct roles of all their credits, in CreditRole order."""
    films, roles = [], []
    for credit in person.credits.all():
        if credit.film not in films and len(films) < limit:
            films.append(credit.film)
        if credit.role not in roles:
            roles.append(credit.role)
    order = list(CreditRole.values)
    labels = [CreditRole(role).label for role in sorted(roles, key=order.index)]
    return films, labels


def person_countries():
    """Countries of at least one published person."""
    people = Person.objects.published().filter(country=OuterRef("pk"))
    return list(Country.objects.filter(Exists(people)))


def film_week_list():
    """Published film weeks, newest first, with their organiser, festival edition and the number
    of their published ambassadors and selected published films. The numbers are subqueries,
    counted for the rows of the page only; a join with GROUP BY counted every edition's rows to
    show one page (5.7 s at 3,334 film weeks)."""
    ambassadors = Ambassador.objects.filter(film_week=OuterRef("pk"), person__status=PUBLISHED)
    selections = Selection.objects.filter(film_week=OuterRef("pk"), film__status=PUBLISHED)
    return (
        FilmWeek.objects.published()
        .select_related("organiser", "festival_edition__institution", "country")
        .annotate(
            ambassador_count=count_of(ambassadors, "person", "film_week"),
            film_count=count_of(selections, "film", "film_week"),
        )
        .order_by("-year", F("starts_on").desc(nulls_last=True), "name_en", "pk")
    )


def film_week_organisers():
    """Published institutions that organised at least one published film week."""
    organised = FilmWeek.objects.published().filter(organiser=OuterRef("pk"))
    return list(Institution.objects.published().filter(Exists(organised)).order_by("name_en"))


def film_week_years():
    return list(
        FilmWeek.objects.published().order_by("-year").values_list("year", flat=True).distinct()
    )
