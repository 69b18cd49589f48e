"""Reads of the filmweek pages, each with the select_related/prefetch_related its page needs, so
that no page runs a query per row."""

import datetime
import operator
from functools import reduce

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Coalesce

from alliance.models import Country, Institution
from core.cache.versions import cached_by_tables
from core.db.keyset import SortKey
from core.db.queries import choice_order, count_of, related_model, via
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
    film_title_sort,
)

PUBLISHED = Status.PUBLISHED


# The columns a link to a record shows (its address and name), loaded for the lists of other
# pages instead of every column (synopses, biographies and search texts are long).
PERSON_LINK = ("slug", "status", "name_en", "name_zh")
FILM_LINK = ("slug", "status", "title_original", "title_en", "title_zh", "year")
FILM_WEEK_LINK = ("slug", "status", "name_en", "name_zh", "year")
INSTITUTION_LINK = ("slug", "status", "name_en", "name_zh", "city_en", "city_zh", "country")
VENUE_LINK = ("slug", "status", "name_en", "name_zh", "city_en", "city_zh", "time_zone")
# The long texts of an institution and an alliance, left out where a page names one.
LONG_INSTITUTION_FIELDS = ("description_en", "description_zh", "social_links", "search_text")
LONG_INSTITUTION_FIELDS += ("search_grams",)
LONG_ALLIANCE_FIELDS = ("description_en", "description_zh", "background_en", "background_zh")
SLOT_FIELDS = ("starts_at", "ends_at", "state", "sequence", "updated_at", "is_sample")
SCREENING_FIELDS = (*SLOT_FIELDS, "section_en", "section_zh", "language_note_en")
SCREENING_FIELDS += ("language_note_zh", "ticket_url", "film_week")


def in_order(rows, choices, field):
    """`rows` by the position of their `field` value in `choices` (directors before cast), in
    their order otherwise; a value not among them last."""
    position = {value: index for index, value in enumerate(choices.values)}
    return sorted(rows, key=lambda row: position.get(getattr(row, field), len(position)))


def filmography():
    """A person's credits in published films, newest first, then by title (`filmography`, in
    CreditRole order within a film: see person_page)."""
    return Prefetch(
        "credits",
        queryset=Credit.objects.filter(film__status=PUBLISHED)
        .select_related("film")
        .only("person", "role", "character_en", "character_zh", *via("film", FILM_LINK))
        .order_by(F("film__year").desc(nulls_last=True), "film__title_en", "film__pk"),
        to_attr="filmography",
    )


def in_film_order(filmography):
    """A filmography (credits by film, as filmography() reads them) with each film's credits in
    CreditRole order."""
    films = {}
    for credit in filmography:
        films.setdefault(credit.film_id, []).append(credit)
    return [
        credit for credits in films.values() for credit in in_order(credits, CreditRole, "role")
    ]


def credits_by_role(credits):
    """[(role label, [credits])] in CreditRole order (directors first)."""
    groups = {}
    for credit in in_order(credits, CreditRole, "role"):
        groups.setdefault(credit.role, []).append(credit)
    return [(CreditRole(role).label, rows) for role, rows in groups.items()]


def upcoming_slots(model, name, limit=None):
    """The published screenings (or activity sessions) still to come behind the reverse relation
    `name` of `model`, a relation of the screenings app reached without importing it; each with
    its venue, film, film week and published Q&A guests. With `limit`, only the first `limit`
    to start."""
    slots = related_model(model, name).objects.published().upcoming()
    if limit is not None:
        slots = slots.order_by("starts_at", "pk")[:limit]
    if hasattr(slots.model, "guests"):
        guests = Prefetch(
            "guests", queryset=Person.objects.published().only(*PERSON_LINK).order_by("name_en")
        )
        return (
            slots.select_related("venue", "film", "film_week")
            .only(
                *SCREENING_FIELDS,
                *via("venue", VENUE_LINK),
                *via("film", FILM_LINK),
                *via("film_week", FILM_WEEK_LINK),
            )
            .prefetch_related(guests)
        )
    return slots.select_related("venue")


def film_week_pages(drafts=False, slots=None, films=None):
    """Published film weeks (drafts too for a staff preview) with their published ambassadors,
    selected films (`selections_shown`; with `films`, that many, and `films_total`, how many
    there are), activities (by kind, with their participants), reported figures and quotes;
    with `slots`, at most that many of its screenings to come and of each activity's sessions
    to come, the first to start."""
    selected = Selection.objects.filter(film_week=OuterRef("pk"), film__status=PUBLISHED)
    return (
        visible(FilmWeek, drafts)
        .annotate(films_total=count_of(selected, "pk", "film_week", distinct=False))
        .annotate(**sample_slot_flags())
        .select_related("organiser", "alliance", "festival_edition__institution", "country")
        .defer(
            "search_text",
            "search_grams",
            *(
                f"{relation}__{field}"
                for relation in ("organiser", "festival_edition__institution")
                for field in LONG_INSTITUTION_FIELDS
            ),
            *(f"alliance__{field}" for field in LONG_ALLIANCE_FIELDS),
        )
        .prefetch_related(*film_week_prefetches(slots=slots, films=films))
    )


def sample_slot_flags():
    """Whether a film week has screenings or activity sessions of the demo's sample data (its
    page says so): subqueries of the film week's own query, not queries of their own."""
    screenings = related_model(FilmWeek, "screenings").objects
    sessions = related_model(Activity, "sessions").objects
    return {
        "has_sample_screenings": Exists(
            screenings.filter(film_week=OuterRef("pk"), is_sample=True)
        ),
        "has_sample_sessions": Exists(
            sessions.filter(activity__film_week=OuterRef("pk"), is_sample=True)
        ),
    }


def film_week_prefetches(slots=None, films=None):
    """The lists the film week page shows."""
    return [
        Prefetch(
            "ambassadors",
            queryset=Ambassador.objects.filter(person__status=PUBLISHED)
            .select_related("person")
            .only("film_week", "role_en", "role_zh", *via("person", PERSON_LINK))
            .order_by("order", "person__name_en"),
        ),
        Prefetch(
            "selections",
            queryset=Selection.objects.filter(film__status=PUBLISHED)
            .select_related("film")
            .only("film_week", "section_en", "section_zh", *via("film", FILM_LINK))
            .order_by("section_en", "film__title_en", "film__title_original", "pk")[:films],
            to_attr="selections_shown",
        ),
        Prefetch(
            "activities",
            queryset=Activity.objects.order_by(
                choice_order("kind", ActivityKind), "held_on", "title_en"
            ),
        ),
        Prefetch(
            "activities__participations",
            queryset=Participation.objects.filter(person__status=PUBLISHED)
            .select_related("person")
            .only("activity", "role_en", "role_zh", *via("person", PERSON_LINK)),
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
            queryset=Quote.objects.filter(person__status=PUBLISHED)
            .select_related("person", "source")
            .only("film_week", "text_en", "text_zh", "source", *via("person", PERSON_LINK)),
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
    credits, awards, film weeks, tour stops, production bases and screenings to come (reverse
    relations of the screenings app)."""
    return film_records(drafts).prefetch_related(*film_page_prefetches())


def film_records(drafts=False):
    """Published films (drafts too for a staff preview) with their countries, languages,
    credits, awards, film weeks and tour stops: what the API shows of a film."""
    return (
        visible(Film, drafts)
        .defer("search_text", "search_grams")
        .prefetch_related(*film_prefetches())
    )


def film_page_prefetches():
    """What the film page shows beside the record's lists: production bases, screenings to
    come."""
    return [
        Prefetch(
            "locations",
            queryset=FilmLocation.objects.filter(base__status=PUBLISHED)
            .select_related("base")
            .only("film", *via("base", INSTITUTION_LINK)),
        ),
        Prefetch(
            "screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        ),
    ]


def film_prefetches():
    """The lists of a film: the film page's and the API's."""
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
            .only(
                "film", "role", "order", "character_en", "character_zh", *via("person", PERSON_LINK)
            )
            .order_by("order", "person__name_en"),
        ),
        Prefetch(
            "awards",
            queryset=Award.objects.filter(body__status=PUBLISHED)
            .select_related("body", "person")
            .only(
                "film",
                *Award.mention_fields,
                *via("body", INSTITUTION_LINK),
                *via("person", PERSON_LINK),
            ),
        ),
        Prefetch(
            "selections",
            queryset=Selection.objects.filter(film_week__status=PUBLISHED)
            .select_related("film_week")
            .only("film", "section_en", "section_zh", *via("film_week", FILM_WEEK_LINK))
            .order_by("-film_week__year"),
        ),
        Prefetch(
            "tour_stops",
            queryset=tour_stops.objects.filter(
                tour__status=PUBLISHED, host_edition__institution__status=PUBLISHED
            ).select_related("tour", "host_edition__institution__country"),
        ),
    ]


def person_pages(drafts=False):
    """Published people (drafts too for a staff preview) with their positions, filmography
    (newest first), awards, ambassador roles, jury service, activity participations, quotes and
    the screenings to come of their films and where they are Q&A guests."""
    return (
        visible(Person, drafts)
        .select_related("country")
        .defer("search_text", "search_grams")
        .prefetch_related(*person_prefetches())
    )


def person_prefetches():
    """The lists the person page shows."""
    return [
        Prefetch(
            "positions",
            queryset=Position.objects.filter(institution__status=PUBLISHED)
            .select_related("institution")
            .only("person", "title_en", "title_zh", *via("institution", INSTITUTION_LINK)),
        ),
        filmography(),
        Prefetch(
            "awards",
            queryset=Award.objects.filter(body__status=PUBLISHED)
            .select_related("body", "film")
            .only(
                "person",
                *Award.mention_fields,
                *via("body", INSTITUTION_LINK),
                *via("film", FILM_LINK),
            ),
        ),
        Prefetch(
            "ambassador_roles",
            queryset=Ambassador.objects.filter(film_week__status=PUBLISHED)
            .select_related("film_week")
            .only("person", "role_en", "role_zh", *via("film_week", FILM_WEEK_LINK)),
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
            "filmography__film__screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        ),
    ]


# List pages


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
FILM_CARD_FIELDS += ("poster", "poster_thumbnail", "poster_width", "poster_thumbnail_width")


def film_list():
    """Published films with what a card shows: titles, year, kind and production countries
    (the order is the list's sort keys)."""
    countries = FilmCountry.objects.select_related("country").order_by("position", "pk")
    return (
        Film.objects.published()
        .only(*FILM_CARD_FIELDS)
        .prefetch_related(Prefetch("film_countries", queryset=countries))
    )


def institutions_with(rows):
    """Published institutions, by name, that `rows` (filtered on OuterRef("pk")) name."""
    return list(Institution.objects.published().filter(Exists(rows)).order_by("name_en"))


def countries_with(*rows):
    """Countries that one of `rows` (each filtered on OuterRef("pk")) names."""
    return list(Country.objects.filter(reduce(operator.or_, map(Exists, rows))))


def film_countries():
    """Countries that produced at least one published film."""
    made_here = FilmCountry.objects.filter(country=OuterRef("pk"), film__status=PUBLISHED)
    return countries_with(made_here)


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
    for credit in person.filmography:
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
    return countries_with(people)


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


# The keyset order of film weeks where they are paged by cursor (the API): newest year first,
# then by name.
FILM_WEEK_ORDER = [
    SortKey(F("year"), int, descending=True),
    SortKey(F("name_en"), str),
    SortKey(F("pk"), int),
]


def film_week_organisers():
    """Published institutions that organised at least one published film week."""
    organised = FilmWeek.objects.published().filter(organiser=OuterRef("pk"))
    return institutions_with(organised)


def film_week_years():
    return list(
        FilmWeek.objects.published().order_by("-year").values_list("year", flat=True).distinct()
    )


# Jury service

JURY_SERVICE_ORDER = [
    SortKey(F("festival_edition__year"), int, descending=True),
    SortKey(F("person__name_en"), str),
    SortKey(F("pk"), int),
]


def public_jury_services():
    """Jury service of published people at editions of published festivals."""
    return JuryService.objects.filter(
        person__status=PUBLISHED, festival_edition__institution__status=PUBLISHED
    )


def jury_service_list():
    """public_jury_services() (in the keyset order JURY_SERVICE_ORDER), with the festival and
    the member that recommended them."""
    return (
        public_jury_services()
        .select_related("person", "festival_edition__institution", "recommended_by")
        .only(
            "section_en",
            "section_zh",
            "is_president",
            "note_en",
            "note_zh",
            *via("person", PERSON_LINK),
            *via("festival_edition", ("number", "year")),
            *via("festival_edition__institution", INSTITUTION_LINK),
            *via("recommended_by", INSTITUTION_LINK),
        )
    )


def jury_festivals():
    """Published festivals with public_jury_services(), by name."""
    served = public_jury_services().filter(festival_edition__institution=OuterRef("pk"))
    return institutions_with(served)


def jury_years():
    return list(
        public_jury_services()
        .order_by("-festival_edition__year")
        .values_list("festival_edition__year", flat=True)
        .distinct()
    )


def jury_recommenders():
    """Published institutions that recommended a juror of public_jury_services(), by name."""
    recommended = public_jury_services().filter(recommended_by=OuterRef("pk"))
    return institutions_with(recommended)


def jury_countries():
    """Countries of the jurors of public_jury_services()."""
    served = public_jury_services().filter(person__country=OuterRef("pk"))
    return countries_with(served)


def jury_counts(services):
    """How many rows of jury service `services` holds (`services`) and how many people serve
    in them (`people`: one serving on two juries counts once), in one query."""
    return services.aggregate(services=Count("pk"), people=Count("person", distinct=True))


def jury_page():
    """The juries page's rows: jury_service_list() by festival edition (newest first), then
    section, the president first, then by name."""
    return jury_service_list().order_by(
        "-festival_edition__year",
        "festival_edition__institution__name_en",
        "festival_edition__pk",
        "section_en",
        "-is_president",
        "person__name_en",
        "pk",
    )


# Awards


def public_awards():
    """Awards of published bodies that name a published person or a published film (the other
    one is shown only if it is published)."""
    return Award.objects.filter(body__status=PUBLISHED).filter(
        Q(person__status=PUBLISHED) | Q(film__status=PUBLISHED)
    )


def award_list():
    """public_awards() with their body, person and film, by year (newest first), body, edition
    and category, winners before nominees."""
    return (
        public_awards()
        .select_related("body", "person", "film")
        .only(
            *Award.mention_fields,
            *via("body", INSTITUTION_LINK),
            *via("person", PERSON_LINK),
            *via("film", FILM_LINK),
        )
        .order_by(
            "-year",
            "body__name_en",
            "body",
            "edition_number",
            "category_en",
            choice_order("result", Award.Result),
            "pk",
        )
    )


def award_bodies():
    """Published institutions that gave an award of public_awards(), by name."""
    given = public_awards().filter(body=OuterRef("pk"))
    return institutions_with(given)


def award_years():
    return list(public_awards().order_by("-year").values_list("year", flat=True).distinct())


def award_categories():
    """The distinct (English, Chinese) categories of public_awards()."""
    return list(
        public_awards()
        .order_by("category_en", "category_zh")
        .values_list("category_en", "category_zh")
        .distinct()
    )


def award_countries():
    """Countries of the published people, or of the production of the published films, that
    public_awards() name."""
    people = public_awards().filter(person__country=OuterRef("pk"), person__status=PUBLISHED)
    films = public_awards().filter(
        film__film_countries__country=OuterRef("pk"), film__status=PUBLISHED
    )
    return countries_with(people, films)
