"""Published records with `rows` related rows of every kind their page shows: what the query
counts of the film, person and film week pages (and of the API's details) are measured on."""

from core.models import Status
from filmweek.models import (
    Activity,
    ActivityKind,
    Ambassador,
    FilmCountry,
    FilmLocation,
    JuryService,
    Language,
    Participation,
    Position,
    Quote,
    ReportedFigure,
    Selection,
)
from tests.factories import (
    make_activity,
    make_activity_session,
    make_award,
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_institution,
    make_person,
    make_screening,
    make_source,
    make_tour,
    make_tour_stop,
    make_venue,
)

PUBLISHED = {"status": Status.PUBLISHED}


def film_week_with(rows):
    """A published film week with `rows` related rows of every kind its page shows."""
    week = make_film_week(
        alliance=None,
        festival_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
        country=make_country(),
        **PUBLISHED,
    )
    source = make_source()
    for index in range(rows):
        person = make_person(**PUBLISHED)
        Ambassador.objects.create(film_week=week, person=person, order=index)
        Selection.objects.create(film_week=week, film=make_film(**PUBLISHED))
        activity = Activity.objects.create(
            film_week=week, kind=ActivityKind.values[index], title_en=f"Activity {index}"
        )
        Participation.objects.create(activity=activity, person=person)
        ReportedFigure.objects.create(
            film_week=week, label_en=f"figure {index}", value=index + 1, source=source
        )
        Quote.objects.create(person=person, film_week=week, text_en="Said.", source=source)
    return week


def film_with(rows):
    """A published film with `rows` related rows of every kind its page shows."""
    film = make_film(**PUBLISHED)
    codes = ["CN", "RU", "IT"]
    for index in range(rows):
        make_credit(film=film, person=make_person(**PUBLISHED), role="cast", order=index)
        FilmCountry.objects.create(film=film, country=make_country(codes[index]), position=index)
        film.languages.add(Language.objects.create(code=f"l{index}", name_en=f"Language {index}"))
        make_award(film=film, person=make_person(**PUBLISHED), body=make_institution(**PUBLISHED))
        Selection.objects.create(film=film, film_week=make_film_week(**PUBLISHED))
        FilmLocation.objects.create(film=film, base=make_institution(**PUBLISHED))
        make_tour_stop(
            film=film,
            tour=make_tour(**PUBLISHED),
            host_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
        )
    return film


def person_with(rows):
    """A published person with `rows` related rows of every kind their page shows."""
    person = make_person(country=make_country(), **PUBLISHED)
    source = make_source()
    for index in range(rows):
        Position.objects.create(
            person=person, institution=make_institution(**PUBLISHED), title_en="CEO"
        )
        make_credit(person=person, film=make_film(year=2000 + index, **PUBLISHED), role="cast")
        make_award(person=person, film=make_film(**PUBLISHED), body=make_institution(**PUBLISHED))
        week = make_film_week(**PUBLISHED)
        Ambassador.objects.create(film_week=week, person=person)
        JuryService.objects.create(
            person=person,
            festival_edition=make_festival_edition(institution=make_institution(**PUBLISHED)),
            recommended_by=make_institution(**PUBLISHED),
        )
        activity = Activity.objects.create(film_week=week, kind="forum", title_en="Forum")
        Participation.objects.create(activity=activity, person=person)
        Quote.objects.create(person=person, film_week=week, text_en="Said.", source=source)
    return person


def published_screening(**kw):
    """A screening of a published film in a published film week at a published venue."""
    kw.setdefault("film", make_film(**PUBLISHED))
    kw.setdefault("film_week", make_film_week(**PUBLISHED))
    kw.setdefault("venue", make_venue(**PUBLISHED))
    return make_screening(**kw)


def published_session(**kw):
    """An activity session of a published film week at a published venue."""
    kw.setdefault("activity", make_activity(film_week=make_film_week(**PUBLISHED)))
    kw.setdefault("venue", make_venue(**PUBLISHED))
    return make_activity_session(**kw)
