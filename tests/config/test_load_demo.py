import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from alliance.models import Alliance, Institution, Membership, Milestone
from alliance.queries import member_figures
from config.demo.sync import row_counts
from filmweek.models import Award, Credit, Film, FilmWeek, IncentivePolicy, JuryService, Person
from screenings.models import TourStop
from tests.conftest import DEMO_PASSWORD


def test_load_demo_twice_changes_no_row(demo, settings):
    before = row_counts()
    stamps = sorted(Film.objects.values_list("updated_at", flat=True))
    settings.DEBUG = True

    call_command("load_demo", verbosity=0)

    assert row_counts() == before
    assert sorted(Film.objects.values_list("updated_at", flat=True)) == stamps


def test_load_demo_second_run_reports_everything_unchanged(demo, settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")

    out = capsys.readouterr().out
    assert out.startswith("Demo data: ") and " unchanged." in out.splitlines()[0]
    assert "created" not in out.splitlines()[0] and "updated" not in out.splitlines()[0]


@pytest.mark.django_db
def test_load_demo_with_debug_off_refuses(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("load_demo", verbosity=0)

    assert Film.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_with_force_runs_with_debug_off(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)

    call_command("load_demo", "--force", verbosity=0)

    assert Film.objects.filter(slug="five-hundred-miles").count() == 1


@pytest.mark.django_db
def test_load_demo_without_password_prints_a_random_one_once(settings, monkeypatch, capsys):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out

    line = next(line for line in first.splitlines() if line.strip().startswith("admin / "))
    password = line.split(" / ")[1]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password not in second


def test_load_demo_accounts_have_their_roles(demo):
    users = {u.username: u for u in get_user_model().objects.all()}

    assert (users["admin"].is_superuser, users["admin"].is_staff) == (True, True)
    assert (users["editor"].is_superuser, users["editor"].is_staff) == (False, True)
    assert users["editor"].has_perm("filmweek.change_film") is True
    assert users["editor"].has_perm("auth.change_user") is False
    assert users["durban"].is_staff is False
    assert users["durban"].representative.institution.slug == "durban-international-film-festival"
    assert users["durban"].check_password(DEMO_PASSWORD) is True


def test_load_demo_alliance_has_founding_criteria_scope_and_units(demo):
    alliance = Alliance.objects.get(slug="belt-and-road-film-festival-alliance")

    assert alliance.founded_on == datetime.date(2018, 6, 16)
    assert alliance.initiator.short_name == "SIFF"
    assert alliance.founded_during.number == 21
    assert alliance.items.filter(kind="criterion").count() == 4
    assert alliance.items.filter(kind="scope").count() == 6
    assert sorted(alliance.units.values_list("role", "institution__name_en")) == [
        ("guiding", "State Film Administration"),
        ("host", "China Media Group"),
        ("host", "Shanghai Municipal People's Government"),
    ]


def test_load_demo_milestones_are_the_reported_figures(demo):
    figures = list(Milestone.objects.values_list("reported_on", "members", "countries"))

    assert figures == [
        (datetime.date(2018, 6, 16), 31, 29),
        (datetime.date(2020, 5, 1), 49, 43),
        (datetime.date(2023, 1, 1), 55, 48),
    ]


def test_load_demo_durban_joined_in_april_2020(demo):
    membership = Membership.objects.get(institution__slug="durban-international-film-festival")

    with translation.override("en"):
        assert membership.joined_display == "April 2020"
    assert membership.note_en == "The second African institution to join the alliance."


def test_member_figures_of_demo_alliance_as_of_may_2020_and_today(demo):
    alliance = Alliance.objects.get(slug="belt-and-road-film-festival-alliance")

    assert member_figures(alliance, datetime.date(2020, 3, 31)) == (1, 1)
    assert member_figures(alliance, datetime.date(2020, 5, 31)) == (2, 2)
    assert member_figures(alliance) == (2, 2)


def test_load_demo_people_have_awards_and_jury_service(demo):
    zhao_tao = Person.objects.get(slug="zhao-tao")

    award = Award.objects.get(person=zhao_tao)
    assert (award.body.name_en, award.edition_number, award.year, award.category_en) == (
        "David di Donatello Awards",
        57,
        2012,
        "Best Actress",
    )
    assert award.film.slug == "io-sono-li"
    juries = JuryService.objects.filter(person=zhao_tao).order_by("festival_edition__year")
    assert [
        (
            j.festival_edition.institution.short_name or j.festival_edition.institution.name_en,
            j.festival_edition.year,
            j.section_en,
        )
        for j in juries
    ] == [
        ("Rome International Film Festival", 2012, ""),
        ("SIFF", 2019, "Main Competition"),
        ("DIFF", 2022, "Feature Film Competition"),
    ]
    lei = Award.objects.get(person__slug="lei-jiayin")
    assert (lei.edition_number, lei.year, lei.film.kind) == (31, 2022, "tv_series")


def test_load_demo_five_hundred_miles_has_credits_and_tour_stop(demo):
    film = Film.objects.get(slug="five-hundred-miles")

    cast = list(film.credits.filter(role="cast").values_list("person__name_en", "character_en"))
    assert cast == [
        ("Lei Jiayin", "Zhong Da"),
        ("Zhang Xiaofei", "Jin Hao"),
        ("Zhang Youhao", "Lu Xiaogu"),
    ]
    assert sorted(film.credits.filter(person__slug="su-lun").values_list("role", flat=True)) == [
        "director",
        "writer",
    ]
    stop = TourStop.objects.get(film=film)
    assert (str(stop.host_edition.number), stop.premiere, stop.tour.name_en) == (
        "45",
        "international",
        "Belt and Road Film Tour",
    )


def test_load_demo_2023_film_week_has_theme_ambassadors_and_figure(demo):
    week = FilmWeek.objects.get(slug="belt-and-road-film-week-2023")

    assert (week.theme_en, week.theme_zh, week.festival_edition.number) == ("Dialogue", "对话", 25)
    assert list(week.ambassadors.values_list("person__name_zh", flat=True)) == ["赵涛", "雷佳音"]
    assert list(week.figures.values_list("value", flat=True)) == [87]


def test_load_demo_sco_week_has_co_production_base_and_incentive(demo):
    red_silk = Film.objects.get(slug="the-red-silk")
    base = Institution.objects.get(slug="qingdao-oriental-film-metropolis")

    assert sorted(red_silk.countries.values_list("code", flat=True)) == ["CN", "RU"]
    assert Credit.objects.get(film=red_silk).person.name_original == "Алёна Свиридова"
    assert sorted(base.films_made.values_list("film__slug", flat=True)) == [
        "pacific-rim-uprising",
        "wandering-earth-2",
    ]
    assert IncentivePolicy.objects.get(base=base).rate_percent == 40
    sco_week = FilmWeek.objects.get(slug="sco-film-and-television-week-2025")
    assert (sco_week.figures.get().value, sco_week.figures.get().is_lower_bound) == (40, True)
    assert sco_week.quotes.count() == 4


def test_load_demo_publishes_every_public_record(demo):
    for model in (Alliance, Institution, Person, Film, FilmWeek):
        assert model.objects.exclude(status="published").count() == 0


@pytest.mark.django_db
def test_load_demo_on_a_flushed_database_brings_the_countries_back(settings, monkeypatch):
    from alliance.models import Country

    Country.objects.all().delete()
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)

    call_command("load_demo", verbosity=0)

    assert Country.objects.count() == 249
    assert Film.objects.get(slug="the-red-silk").countries.count() == 2
