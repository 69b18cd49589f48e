"""Published records with `rows` related rows of every kind their page shows: what the query
counts of the film, person, film week, alliance and institution pages (and of the API's
details) are measured on."""

import datetime

from alliance.models import AllianceItem, AllianceUnit, InstitutionKind
from core.models import DatePrecision, Status
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
    make_alliance,
    make_award,
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_incentive_policy,
    make_institution,
    make_membership,
    make_milestone,
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


def alliance_with(rows):
    """A published alliance with `rows` items, units, milestones and members of each kind."""
    alliance = make_alliance(
        initiator=make_institution(**PUBLISHED),
        founded_during=make_festival_edition(),
        **PUBLISHED,
    )
    for index in range(1, rows + 1):
        for kind in AllianceItem.Kind.values:
            AllianceItem.objects.create(
                alliance=alliance, kind=kind, position=index, text_en=f"Item {index}"
            )
        for role in AllianceUnit.Role.values:
            AllianceUnit.objects.create(
                alliance=alliance, institution=make_institution(**PUBLISHED), role=role
            )
        make_milestone(
            alliance=alliance,
            reported_on=alliance.founded_on + datetime.timedelta(days=index * 40),
            reported_precision=DatePrecision.MONTH,
        )
        make_membership(
            alliance=alliance,
            institution=make_institution(**PUBLISHED),
            recommended_by=make_institution(**PUBLISHED),
        )
    return alliance


def institution_with(rows):
    """A published production base with `rows` related rows of every kind its page shows."""
    institution = make_institution(kind=InstitutionKind.PRODUCTION_BASE, **PUBLISHED)
    other = make_institution(**PUBLISHED)
    for index in range(rows):
        alliance = make_alliance(initiator=institution, **PUBLISHED)
        make_membership(alliance=alliance, institution=institution, recommended_by=other)
        AllianceUnit.objects.create(alliance=alliance, institution=institution, role="host")
        edition = make_festival_edition(institution=institution, year=2000 + index)
        JuryService.objects.create(
            person=make_person(**PUBLISHED), festival_edition=edition, recommended_by=other
        )
        make_tour_stop(
            tour=make_tour(**PUBLISHED), film=make_film(**PUBLISHED), host_edition=edition
        )
        make_film_week(
            organiser=institution,
            festival_edition=make_festival_edition(institution=other),
            **PUBLISHED,
        )
        make_award(body=institution, person=make_person(**PUBLISHED), film=make_film(**PUBLISHED))
        JuryService.objects.create(
            person=make_person(**PUBLISHED),
            festival_edition=make_festival_edition(institution=other),
            recommended_by=institution,
        )
        FilmLocation.objects.create(film=make_film(**PUBLISHED), base=institution)
        make_incentive_policy(base=institution)
        Position.objects.create(
            person=make_person(**PUBLISHED), institution=institution, title_en="CEO"
        )
        make_tour(organiser=institution, **PUBLISHED)
    return institution
