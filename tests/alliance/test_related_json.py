"""alliance.related_json: a record's lists read in the record's own query as JSON, and coming
back as the model instances prefetch_related would cache, in the same places, with the same
values, at the cost of one query."""

import datetime
import decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from alliance.models import Institution, Membership, ProfileChange
from alliance.queries import institution_prefetches
from alliance.related_json import with_related
from core.models import Status
from filmweek.models import (
    Activity,
    Credit,
    Film,
    FilmCountry,
    FilmWeek,
    IncentivePolicy,
    JuryService,
    Language,
    Participation,
    Person,
    ReportedFigure,
    Selection,
)
from filmweek.queries import film_prefetches, upcoming_slots
from screenings.models import Screening
from tests.factories import (
    make_activity,
    make_award,
    make_country,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_incentive_policy,
    make_institution,
    make_membership,
    make_person,
    make_screening,
    make_source,
    make_tour,
    make_tour_stop,
    make_venue,
)

PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def days_from_now(days):
    """A moment `days` from now, with microseconds, in a zone other than UTC."""
    return (timezone.now() + datetime.timedelta(days=days)).astimezone(SHANGHAI)


def show(film, days, **kw):
    """A screening of `film` `days` from now in a venue of its own, so that none overlap."""
    kw.setdefault("film_week", make_film_week(**PUBLISHED))
    kw.setdefault("venue", make_venue(**PUBLISHED))
    return make_screening(film=film, starts_at=days_from_now(days), **kw)


def one(model, pk, prefetches):
    """The record `pk` of `model` with the lists of `prefetches`, read by with_related."""
    return with_related(model.objects.filter(pk=pk), prefetches).get()


def column_values(instance):
    """Each concrete field's value as the instance holds it, with its type."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        value = model_field.value_from_object(instance)
        values[model_field.attname] = (type(value), value)
    return values


def credits_by_person():
    return Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("order"))


# Reading no rows


def test_with_related_record_without_rows_reads_empty_lists_in_one_query(
    db, django_assert_num_queries
):
    film = make_film()
    prefetches = [
        credits_by_person(),
        "languages",
        Prefetch(
            "screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        ),
    ]

    with django_assert_num_queries(1):
        got = one(Film, film.pk, prefetches)
        lists = (list(got.credits.all()), list(got.languages.all()), got.upcoming_screenings)

    assert got == film
    assert lists == ([], [], [])


# Reading every kind of list


def _film_with_a_row_of_every_list():
    film = make_film(**PUBLISHED)
    make_credit(film=film, person=make_person(name_en="Director", **PUBLISHED))
    FilmCountry.objects.create(film=film, country=make_country("RU"), position=1)
    film.languages.add(Language.objects.create(code="ru", name_en="Russian"))
    make_award(
        film=film,
        person=make_person(name_en="Laureate", **PUBLISHED),
        body=make_institution(name_en="Golden Rooster", **PUBLISHED),
    )
    Selection.objects.create(film=film, film_week=make_film_week(name_en="SCO Week", **PUBLISHED))
    make_tour_stop(
        film=film,
        tour=make_tour(name_en="Silk Road Tour", **PUBLISHED),
        host_edition=make_festival_edition(
            institution=make_institution(country=make_country("KZ"), **PUBLISHED)
        ),
    )
    screening = show(film, 3, venue=make_venue(name_en="Kino", **PUBLISHED))
    screening.guests.add(make_person(name_en="Guest", **PUBLISHED))
    return film


def test_with_related_record_with_every_kind_of_list_costs_one_query(db, django_assert_num_queries):
    film = _film_with_a_row_of_every_list()

    with django_assert_num_queries(1):
        got = one(Film, film.pk, film_prefetches())
        read = {
            "credits": [(c.person.name_en, c.film is got) for c in got.credits.all()],
            "countries": [fc.country.code.code for fc in got.film_countries.all()],
            "languages": [language.code for language in got.languages.all()],
            "awards": [(a.body.name_en, a.person.name_en, a.film is got) for a in got.awards.all()],
            "selections": [s.film_week.name_en for s in got.selections.all()],
            "tour stops": [
                (stop.tour.name_en, stop.host_edition.institution.country.code.code)
                for stop in got.tour_stops.all()
            ],
            "screenings": [
                (s.venue.name_en, s.film is got, [guest.name_en for guest in s.guests.all()])
                for s in got.upcoming_screenings
            ],
        }

    assert read == {
        "credits": [("Director", True)],
        "countries": ["RU"],
        "languages": ["ru"],
        "awards": [("Golden Rooster", "Laureate", True)],
        "selections": ["SCO Week"],
        "tour stops": [("Silk Road Tour", "KZ")],
        "screenings": [("Kino", True, ["Guest"])],
    }


def test_with_related_reads_what_prefetch_related_reads(db):
    film = _film_with_a_row_of_every_list()
    names = [p.to_attr or p.prefetch_to for p in film_prefetches() if isinstance(p, Prefetch)]

    got = one(Film, film.pk, film_prefetches())
    expected = Film.objects.prefetch_related(*film_prefetches()).get(pk=film.pk)

    for name in ["languages", *names]:
        rows = getattr(got, name)
        expected_rows = getattr(expected, name)
        if name != "upcoming_screenings":
            rows, expected_rows = rows.all(), expected_rows.all()
        assert [column_values(row) for row in rows] == [
            column_values(row) for row in expected_rows
        ], name


# Order


def test_with_related_keeps_order_of_prefetch_queryset(db, django_assert_num_queries):
    film = make_film()
    for order in [2, 3, 1]:
        make_credit(film=film, person=make_person(name_en=f"Person {order}"), order=order)
    prefetches = [Prefetch("credits", queryset=Credit.objects.order_by("-order"))]

    with django_assert_num_queries(1):
        orders = [credit.order for credit in one(Film, film.pk, prefetches).credits.all()]

    assert orders == [3, 2, 1]


def test_with_related_lookup_keeps_default_ordering_of_model(db):
    film = make_film()
    for code, name in [("ru", "Russian"), ("ar", "Arabic"), ("zh", "Mandarin")]:
        film.languages.add(Language.objects.create(code=code, name_en=name))

    got = one(Film, film.pk, ["languages"])

    assert [language.name_en for language in got.languages.all()] == [
        "Arabic",
        "Mandarin",
        "Russian",
    ]


# Foreign keys of the rows


def test_with_related_null_foreign_key_reads_none_and_filled_one_reads_record(
    db, django_assert_num_queries
):
    institution = make_institution()
    recommender = make_institution(name_en="Shanghai IFF", kind="festival", **PUBLISHED)
    alone = make_membership(institution=institution, joined_on=datetime.date(2019, 1, 1))
    recommended = make_membership(
        institution=institution, recommended_by=recommender, joined_on=datetime.date(2021, 5, 4)
    )
    prefetches = [
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("alliance", "recommended_by").order_by(
                "joined_on"
            ),
        )
    ]

    with django_assert_num_queries(1):
        memberships = list(one(Institution, institution.pk, prefetches).memberships.all())
        recommenders = [membership.recommended_by for membership in memberships]
        alliances = [membership.alliance.name_en for membership in memberships]

    assert [membership.pk for membership in memberships] == [alone.pk, recommended.pk]
    assert recommenders[0] is None
    plain = Institution.objects.get(pk=recommender.pk)
    assert column_values(recommenders[1]) == column_values(plain)
    assert alliances == [alone.alliance.name_en, recommended.alliance.name_en]


def test_with_related_null_foreign_key_in_chain_reads_none(db, django_assert_num_queries):
    person = make_person()
    edition = make_festival_edition(institution=make_institution(name_en="Durban IFF"))
    JuryService.objects.create(person=person, festival_edition=edition, recommended_by=None)
    prefetches = [
        Prefetch(
            "jury_services",
            queryset=JuryService.objects.select_related(
                "festival_edition__institution", "recommended_by"
            ),
        )
    ]

    with django_assert_num_queries(1):
        (service,) = one(Person, person.pk, prefetches).jury_services.all()
        read = (service.festival_edition.institution.name_en, service.recommended_by)

    assert read == ("Durban IFF", None)


# Nested lists


def test_with_related_screenings_come_with_their_guests(db, django_assert_num_queries):
    film = make_film(**PUBLISHED)
    later = show(film, 5)
    sooner = show(film, 2)
    show(film, -2)
    later.guests.add(make_person(name_en="Zhao Tao", **PUBLISHED))
    later.guests.add(make_person(name_en="Jia Zhangke", **PUBLISHED))
    later.guests.add(make_person(name_en="Draft Guest"))
    prefetches = [
        Prefetch(
            "screenings",
            queryset=upcoming_slots(Film, "screenings"),
            to_attr="upcoming_screenings",
        )
    ]

    with django_assert_num_queries(1):
        screenings = one(Film, film.pk, prefetches).upcoming_screenings
        guests = [[guest.name_en for guest in s.guests.all()] for s in screenings]

    assert [s.pk for s in screenings] == [sooner.pk, later.pk]
    assert guests == [[], ["Jia Zhangke", "Zhao Tao"]]


def test_with_related_parent_child_lookup_reads_each_parents_rows(db, django_assert_num_queries):
    week = make_film_week()
    forum = make_activity(film_week=week, title_en="Forum")
    ceremony = make_activity(film_week=week, title_en="Ceremony")
    make_activity(film_week=week, title_en="Dialogue")
    for activity, name in [(forum, "Su Lun"), (forum, "Lei Jiayin"), (ceremony, "Alena")]:
        Participation.objects.create(activity=activity, person=make_person(name_en=name))
    prefetches = [
        Prefetch("activities", queryset=Activity.objects.order_by("title_en")),
        Prefetch(
            "activities__participations",
            queryset=Participation.objects.select_related("person").order_by("person__name_en"),
        ),
    ]

    with django_assert_num_queries(1):
        activities = one(FilmWeek, week.pk, prefetches).activities.all()
        read = [
            (
                activity.title_en,
                [p.person.name_en for p in activity.participations.all()],
                all(p.activity is activity for p in activity.participations.all()),
            )
            for activity in activities
        ]

    assert read == [
        ("Ceremony", ["Alena"], True),
        ("Dialogue", [], True),
        ("Forum", ["Lei Jiayin", "Su Lun"], True),
    ]


def test_institution_prefetches_read_jurors_of_each_edition(db, django_assert_num_queries):
    festival = make_institution(**PUBLISHED)
    older = make_festival_edition(institution=festival, number=21, year=2018)
    newer = make_festival_edition(institution=festival, number=25, year=2023)
    for edition, name in [(newer, "Zhao Tao"), (newer, "Alena"), (older, "Su Lun")]:
        person = make_person(name_en=name, **PUBLISHED)
        JuryService.objects.create(person=person, festival_edition=edition, section_en="Main")
    JuryService.objects.create(person=make_person(name_en="Draft"), festival_edition=older)

    with django_assert_num_queries(1):
        editions = one(Institution, festival.pk, institution_prefetches()).editions.all()
        read = [
            (edition.number, [juror.person.name_en for juror in edition.jurors.all()])
            for edition in editions
        ]

    assert read == [(25, ["Alena", "Zhao Tao"]), (21, ["Su Lun"])]


def test_with_related_list_through_select_related_record_of_rows(db, django_assert_num_queries):
    person = make_person()
    shown = make_film(title_original="A Shown Film", **PUBLISHED)
    unshown = make_film(title_original="B Unshown Film", **PUBLISHED)
    make_credit(person=person, film=shown)
    make_credit(person=person, film=unshown)
    second = show(shown, 4)
    first = show(shown, 1)
    show(unshown, -3)
    prefetches = [
        Prefetch(
            "credits",
            queryset=Credit.objects.select_related("film").order_by("film__title_original"),
        ),
        Prefetch(
            "credits__film__screenings",
            queryset=Screening.objects.upcoming().select_related("venue"),
            to_attr="upcoming_screenings",
        ),
    ]

    with django_assert_num_queries(1):
        credits = one(Person, person.pk, prefetches).credits.all()
        read = [
            (
                credit.film.title_original,
                [(s.pk, s.venue.pk) for s in credit.film.upcoming_screenings],
                credit.person.pk,
            )
            for credit in credits
        ]

    assert read == [
        ("A Shown Film", [(first.pk, first.venue_id), (second.pk, second.venue_id)], person.pk),
        ("B Unshown Film", [], person.pk),
    ]


# Values


def test_with_related_screening_and_film_fields_equal_plain_read(db):
    week = make_film_week(**PUBLISHED)
    film = make_film(
        released_on=datetime.date(2023, 1, 22),
        runtime_minutes=113,
        poster="posters/five-hundred-miles.jpg",
        synopsis_en='Two men swap lives: "a comedy"\nwith a second line, 交换人生.',
        **PUBLISHED,
    )
    screening = show(
        film,
        6,
        film_week=week,
        ticket_url="https://example.org/tickets?id=1&lang=en",
        section_en="Panorama",
    )
    Selection.objects.create(film=film, film_week=week)
    prefetches = [
        Prefetch("screenings", queryset=Screening.objects.select_related("film", "venue")),
        Prefetch("selections", queryset=Selection.objects.select_related("film")),
    ]

    got = one(FilmWeek, week.pk, prefetches)

    (read_screening,) = got.screenings.all()
    (selection,) = got.selections.all()
    plain = Screening.objects.select_related("film", "venue").get(pk=screening.pk)
    assert column_values(read_screening) == column_values(plain)
    assert column_values(read_screening.venue) == column_values(plain.venue)
    assert column_values(selection.film) == column_values(plain.film)
    assert read_screening.starts_at == screening.starts_at
    assert read_screening.starts_at.utcoffset() == datetime.timedelta(0)
    assert selection.film.poster.name == "posters/five-hundred-miles.jpg"


def test_with_related_boolean_and_integer_fields_equal_plain_read(db):
    week = make_film_week()
    source = make_source()
    for index, lower_bound in enumerate([True, False]):
        ReportedFigure.objects.create(
            film_week=week,
            label_en=f"films {index}",
            value=2_000_000_000 + index,
            is_lower_bound=lower_bound,
            source=source,
        )

    got = one(FilmWeek, week.pk, [Prefetch("figures", queryset=ReportedFigure.objects.all())])

    plain = ReportedFigure.objects.filter(film_week=week)
    assert [column_values(figure) for figure in got.figures.all()] == [
        column_values(figure) for figure in plain
    ]
    assert [figure.is_lower_bound for figure in got.figures.all()] == [True, False]


def test_with_related_decimal_fields_equal_plain_read(db):
    base = make_institution(kind="production_base")
    make_incentive_policy(base=base, title_en="Rebate", rate_percent=decimal.Decimal("40.00"))
    make_incentive_policy(
        base=base, title_en="Subsidy", rate_percent=decimal.Decimal("12.35"), is_approximate=True
    )
    make_incentive_policy(base=base, title_en="Tax", rate_percent=None, source=make_source())

    got = one(Institution, base.pk, ["incentives"])

    plain = IncentivePolicy.objects.filter(base=base)
    assert [column_values(policy) for policy in got.incentives.all()] == [
        column_values(policy) for policy in plain
    ]


def test_with_related_decimal_keeps_its_decimal_places(db):
    base = make_institution(kind="production_base")
    make_incentive_policy(base=base, rate_percent=decimal.Decimal("40"))

    (policy,) = one(Institution, base.pk, ["incentives"]).incentives.all()

    assert str(policy.rate_percent) == str(IncentivePolicy.objects.get().rate_percent) == "40.00"


def test_with_related_json_image_and_datetime_fields_equal_plain_read(db):
    institution = make_institution()
    ProfileChange.objects.create(
        institution=institution,
        status="approved",
        logo="logos/new.png",
        previous={"city_en": "Qingdao", "rates": [40, 2.5, None, True], "名字": {"zh": "青岛"}},
        reviewed_at=timezone.now(),
    )

    got = one(Institution, institution.pk, ["profile_changes"])

    (change,) = got.profile_changes.all()
    plain = ProfileChange.objects.get()
    assert column_values(change) == column_values(plain)
    assert change.previous["名字"] == {"zh": "青岛"}


# Filters


def test_with_related_applies_filters_of_prefetch_queryset(db, django_assert_num_queries):
    film = make_film()
    make_credit(film=film, person=make_person(name_en="Published", **PUBLISHED), order=1)
    make_credit(film=film, person=make_person(name_en="Draft"), order=2)
    prefetches = [
        Prefetch(
            "credits",
            queryset=Credit.objects.filter(person__status=Status.PUBLISHED).select_related(
                "person"
            ),
        )
    ]

    with django_assert_num_queries(1):
        names = [credit.person.name_en for credit in one(Film, film.pk, prefetches).credits.all()]

    assert names == ["Published"]


# Sliced lists


def test_with_related_sliced_prefetch_reads_that_part_of_each_records_list(
    db, django_assert_num_queries
):
    first, second = make_film(), make_film()
    for film in (first, second):
        for order in [4, 2, 3, 1]:
            make_credit(film=film, person=make_person(), order=order)
    sliced = Prefetch("credits", queryset=Credit.objects.order_by("order")[1:3])

    with django_assert_num_queries(1):
        films = list(with_related(Film.objects.order_by("pk"), [sliced]))
        orders = [[credit.order for credit in film.credits.all()] for film in films]

    assert orders == [[2, 3], [2, 3]]


def test_with_related_sliced_many_to_many_prefetch_reads_the_first_rows(db):
    film = make_film()
    for code, name in [("ru", "Russian"), ("ar", "Arabic"), ("zh", "Mandarin")]:
        film.languages.add(Language.objects.create(code=code, name_en=name))
    sliced = Prefetch("languages", queryset=Language.objects.order_by("name_en")[:2])

    got = one(Film, film.pk, [sliced])

    assert [language.name_en for language in got.languages.all()] == ["Arabic", "Mandarin"]


def test_with_related_sliced_nested_prefetch_bounds_each_parents_rows(db):
    week = make_film_week()
    for title in ["Forum", "Market"]:
        activity = make_activity(film_week=week, title_en=title)
        for name in ["C", "A", "B"]:
            Participation.objects.create(activity=activity, person=make_person(name_en=name))
    prefetches = [
        Prefetch("activities", queryset=Activity.objects.order_by("title_en")),
        Prefetch(
            "activities__participations",
            queryset=Participation.objects.select_related("person").order_by("person__name_en")[:2],
        ),
    ]

    got = one(FilmWeek, week.pk, prefetches)

    names = [[p.person.name_en for p in a.participations.all()] for a in got.activities.all()]
    assert names == [["A", "B"], ["A", "B"]]


# Several records


def test_with_related_several_records_each_get_their_own_rows(db, django_assert_num_queries):
    russian = Language.objects.create(code="ru", name_en="Russian")
    mandarin = Language.objects.create(code="zh", name_en="Mandarin")
    first, second, third = make_film(), make_film(), make_film()
    make_credit(film=first, person=make_person(name_en="Su Lun"), order=1)
    make_credit(film=first, person=make_person(name_en="Lei Jiayin"), order=2)
    make_credit(film=third, person=make_person(name_en="Zhao Tao"), order=1)
    first.languages.add(mandarin)
    third.languages.add(russian, mandarin)

    with django_assert_num_queries(1):
        films = list(with_related(Film.objects.order_by("pk"), [credits_by_person(), "languages"]))
        read = [
            (
                film.pk,
                [(c.person.name_en, c.film is film) for c in film.credits.all()],
                [language.code for language in film.languages.all()],
            )
            for film in films
        ]

    assert read == [
        (first.pk, [("Su Lun", True), ("Lei Jiayin", True)], ["zh"]),
        (second.pk, [], []),
        (third.pk, [("Zhao Tao", True)], ["zh", "ru"]),
    ]


# Lookups it refuses


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        ("title_en", "Film.title_en is not a to-many relation"),
        ("credits__person", "Credit.person is not a to-many relation"),
        ("credits__role__screenings", "Credit.role is not a foreign key"),
    ],
)
def test_with_related_lookup_not_to_many_raises_value_error(db, lookup, message):
    with pytest.raises(ValueError, match=message):
        with_related(Film.objects.all(), [lookup])


def test_with_related_list_of_related_record_raises_value_error(db):
    with pytest.raises(ValueError, match="country__institutions: a list of a related record"):
        with_related(Person.objects.select_related("country"), ["country__institutions"])


def test_with_related_select_related_without_names_raises_value_error(db):
    prefetch = Prefetch("credits", queryset=Credit.objects.select_related())

    with pytest.raises(ValueError, match="Film.credits: name the select_related records"):
        with_related(Film.objects.all(), [prefetch])


def test_with_related_list_named_after_its_own_list_raises_value_error(db):
    prefetches = [
        Prefetch("credits__film__screenings", queryset=Screening.objects.all(), to_attr="up"),
        Prefetch("credits", queryset=Credit.objects.select_related("film")),
    ]

    with pytest.raises(ValueError, match="credits: the list is already read"):
        with_related(Person.objects.all(), prefetches)


def test_with_related_plain_lookup_named_twice_reads_one_list(db, django_assert_num_queries):
    film = make_film()
    film.languages.add(Language.objects.create(code="ru", name_en="Russian"))

    with django_assert_num_queries(1):
        loaded = with_related(Film.objects.all(), ["languages", "languages"]).get(pk=film.pk)
        codes = [language.code for language in loaded.languages.all()]

    assert codes == ["ru"]


# Clones of the queryset


def test_with_related_get_object_or_404_reads_lists_in_one_query(db, django_assert_num_queries):
    film = make_film(slug="five-hundred-miles")
    make_credit(film=film, person=make_person(name_en="Su Lun"))
    films = with_related(Film.objects.all(), [credits_by_person()])

    with django_assert_num_queries(1):
        got = get_object_or_404(films, slug="five-hundred-miles")
        names = [credit.person.name_en for credit in got.credits.all()]

    assert got == film
    assert names == ["Su Lun"]
    with pytest.raises(Http404):
        get_object_or_404(films, slug="no-such-film")


def test_with_related_filter_after_keeps_lists(db, django_assert_num_queries):
    kept, dropped = make_film(year=2023), make_film(year=2018)
    make_credit(film=kept, person=make_person(name_en="Kept"))
    make_credit(film=dropped, person=make_person(name_en="Dropped"))
    films = with_related(Film.objects.order_by("pk"), [credits_by_person()])

    with django_assert_num_queries(1):
        read = [
            (film.pk, [credit.person.name_en for credit in film.credits.all()])
            for film in films.filter(year__gte=2020).exclude(slug="")
        ]

    assert read == [(kept.pk, ["Kept"])]


def test_with_related_first_and_order_by_keep_lists(db, django_assert_num_queries):
    older, newer = make_film(year=2018), make_film(year=2023)
    make_credit(film=older, person=make_person(name_en="Older"))
    make_credit(film=newer, person=make_person(name_en="Newer"))
    films = with_related(Film.objects.all(), [credits_by_person()])

    with django_assert_num_queries(1):
        got = films.order_by("-year").first()
        names = [credit.person.name_en for credit in got.credits.all()]

    assert (got, names) == (newer, ["Newer"])


# Lookups prefetch_related follows


def test_with_related_list_of_list_through_select_related_record(db, django_assert_num_queries):
    person = make_person(name_en="Zhao Tao")
    film = make_film()
    make_credit(person=person, film=film)
    show(film, 2).guests.add(person)
    lookup = "credits__film__screenings__guests"
    expected = Person.objects.prefetch_related(lookup).get(pk=person.pk)

    with django_assert_num_queries(1):
        got = one(Person, person.pk, [lookup])
        read = [
            [[guest.name_en for guest in s.guests.all()] for s in credit.film.screenings.all()]
            for credit in got.credits.all()
        ]

    assert read == [
        [[guest.name_en for guest in s.guests.all()] for s in credit.film.screenings.all()]
        for credit in expected.credits.all()
    ]
    assert read == [[["Zhao Tao"]]]
