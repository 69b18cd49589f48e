"""Reads of the filmweek pages, each with the select_related/prefetch_related its page needs, so
that no page runs a query per row."""

from django.db.models import Case, Count, F, IntegerField, Prefetch, When

from alliance.base import Status
from alliance.queries import related_model
from filmweek.models import (
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
    Participation,
    Person,
    Position,
    Quote,
    ReportedFigure,
    Selection,
)

PUBLISHED = Status.PUBLISHED


def choice_order(field, choices):
    """Order rows by the position of their value in `choices` (directors before cast)."""
    return Case(
        *[When(**{field: value}, then=index) for index, value in enumerate(choices.values)],
        default=len(choices.values),
        output_field=IntegerField(),
    )


def film_week_pages():
    """Published film weeks with their published ambassadors, selected films, activities (by
    kind, with their participants), reported figures and quotes."""
    return (
        FilmWeek.objects.published()
        .select_related("organiser", "alliance", "festival_edition__institution", "country")
        .prefetch_related(
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
            Prefetch("figures", queryset=ReportedFigure.objects.select_related("source")),
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(person__status=PUBLISHED).select_related(
                    "person", "source"
                ),
            ),
        )
    )


def films_selected_in_series(film_week):
    """Published films selected by the published editions of this film week (same organiser and
    name) up to its year: the count recorded here beside the figures the organisers report."""
    return Selection.objects.filter(
        film__status=PUBLISHED,
        film_week__status=PUBLISHED,
        film_week__organiser_id=film_week.organiser_id,
        film_week__name_en=film_week.name_en,
        film_week__year__lte=film_week.year,
    ).aggregate(films=Count("film", distinct=True))["films"]


def film_pages():
    """Published films with their countries, languages, credits (by role), awards, film weeks,
    production bases and tour stops (a reverse relation of the screenings app)."""
    tour_stops = related_model(Film, "tour_stops")
    return Film.objects.published().prefetch_related(
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
    )


def person_pages():
    """Published people with their positions, filmography (newest first), awards, ambassador
    roles, jury service, activity participations and quotes."""
    return (
        Person.objects.published()
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.filter(institution__status=PUBLISHED).select_related(
                    "institution"
                ),
            ),
            Prefetch(
                "credits",
                queryset=Credit.objects.filter(film__status=PUBLISHED)
                .select_related("film")
                .order_by(
                    F("film__year").desc(nulls_last=True),
                    "film__title_en",
                    "film__pk",
                    choice_order("role", CreditRole),
                ),
            ),
            Prefetch(
                "awards",
                queryset=Award.objects.filter(body__status=PUBLISHED).select_related(
                    "body", "film"
                ),
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
        )
    )
