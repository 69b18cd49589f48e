"""manage.py generate_catalog: exact counts, the same data for the same seed, published and
searchable rows, screenings that keep the venue rules, and --delete that removes only them."""

import hashlib
import io
import itertools

import pytest
from django.core.management import CommandError, call_command

from alliance.models import Alliance, Institution, Membership, Source
from core.search.text import pinyin_forms
from filmweek.models import Credit, Film, FilmCountry, FilmWeek, Person, Selection
from screenings.models import Screening, Venue

SIZES = {"films": 30, "people": 20, "institutions": 10, "screenings": 60}
MODELS = [
    Source,
    Institution,
    Alliance,
    Membership,
    Person,
    Film,
    FilmCountry,
    Credit,
    FilmWeek,
    Venue,
    Screening,
    Selection,
]


def generate(seed=7, **sizes):
    out = io.StringIO()
    call_command("generate_catalog", seed=seed, stdout=out, **{**SIZES, **sizes})
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def digest():
    text = repr(
        [
            list(Institution.objects.order_by("slug").values_list("slug", "name_en", "name_zh")),
            list(Person.objects.order_by("slug").values_list("slug", "name_en", "name_zh")),
            list(Film.objects.order_by("slug").values_list("slug", "title_en", "title_zh", "year")),
            list(
                Screening.objects.order_by("venue__slug", "starts_at").values_list(
                    "venue__slug", "film__slug", "starts_at", "ends_at"
                )
            ),
            list(
                Credit.objects.order_by("film__slug", "order").values_list("person__slug", "role")
            ),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.django_db
def test_generate_catalog_writes_the_requested_counts():
    output = generate()

    assert (
        Film.objects.count(),
        Person.objects.count(),
        Institution.objects.count(),
        Screening.objects.count(),
        Source.objects.get().title,
    ) == (30, 20, 10, 60, "Synthetic data (generate_catalog, seed 7)")
    assert "Screening: 60/60" in output


@pytest.mark.django_db
def test_generate_catalog_children_follow_their_rules():
    generate()

    directors = Credit.objects.filter(role="director").count()
    co_productions = Film.objects.filter(film_countries__position=2).count()
    pairs = set(Screening.objects.values_list("film_id", "film_week_id"))
    alliance = Alliance.objects.get()
    earliest = Membership.objects.order_by("joined_on").values_list("joined_on", flat=True)[0]

    assert (directors, Selection.objects.count()) == (30, len(pairs))
    assert 0 < co_productions < 30
    assert earliest == alliance.founded_on


@pytest.mark.django_db
def test_generate_catalog_same_seed_gives_the_same_data():
    generate()
    first = digest()
    call_command("generate_catalog", delete=True, stdout=io.StringIO())

    generate()

    assert digest() == first


@pytest.mark.django_db
def test_generate_catalog_other_seed_gives_other_data():
    generate(seed=7)
    first = digest()
    call_command("generate_catalog", delete=True, stdout=io.StringIO())

    generate(seed=8)

    assert digest() != first


@pytest.mark.django_db
def test_generate_catalog_refuses_a_seed_already_generated():
    generate()

    with pytest.raises(CommandError, match="seed 7 is already there"):
        generate()
    assert Film.objects.count() == 30


@pytest.mark.django_db
def test_generate_catalog_screenings_never_overlap_and_stay_in_their_week():
    generate()

    screenings = list(Screening.objects.select_related("venue", "film_week"))
    overlapping = [
        (a.pk, b.pk)
        for a, b in itertools.combinations(screenings, 2)
        if a.venue_id == b.venue_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]
    outside = [
        s.pk
        for s in screenings
        if not s.film_week.starts_on <= s.local_day() <= s.film_week.ends_on
    ]

    assert (overlapping, outside) == ([], [])
    for screening in screenings[:10]:
        screening.full_clean()  # the model's own rules agree


@pytest.mark.django_db
def test_generate_catalog_films_are_published_and_listed(client):
    generate()
    film = Film.objects.order_by("slug").first()

    response = client.get("/en/films/", {"q": film.title_en})

    assert Film.objects.published().count() == 30
    assert response.status_code == 200
    assert f"/en/films/{film.slug}/" in response.content.decode()


@pytest.mark.django_db
def test_generate_catalog_chinese_title_found_by_pinyin(client):
    generate()
    film = Film.objects.filter(title_original__regex=r"^[^A-Za-z]").order_by("slug").first()
    pinyin = pinyin_forms(film.title_zh)[0]

    response = client.get("/en/search/", {"q": pinyin})

    titles = {record.title_zh for group in response.context["groups"] for record in group.results}
    assert film.title_zh in titles  # the same title may belong to several synthetic films


def test_generate_catalog_delete_leaves_the_demo_untouched(demo):
    before = counts()
    generate()

    call_command("generate_catalog", delete=True, stdout=io.StringIO())

    assert counts() == before
    assert Film.objects.filter(slug__startswith="syn-").count() == 0
