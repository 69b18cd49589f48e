"""The demo's sample programme (config/demo/sample.py): loaded by load_demo, marked and noted on
the pages that show it, removed by remove_sample_data."""

from pathlib import Path

import pytest
from django.core.management import call_command

from config.demo.sync import row_counts
from filmweek.models import Film
from screenings.models import ActivitySession, Screening, SlotState, Venue
from tests.factories import make_film_week

SAMPLE_MODELS = {"screenings.Screening", "screenings.ActivitySession", "screenings.Venue"}
SAMPLE_LABELS = {*SAMPLE_MODELS, *(label.replace(".", ".Historical") for label in SAMPLE_MODELS)}
SAMPLE_LABELS |= {"filmweek.HistoricalFilm"}


def facts(counts):
    """Row counts of every model that holds no sample row (nor a history of one)."""
    return {label: count for label, count in counts.items() if label not in SAMPLE_LABELS}


def test_load_demo_makes_a_sample_programme_over_several_days(demo):
    screenings = Screening.objects.filter(is_sample=True)

    assert screenings.count() >= 30
    assert len({screening.local_day() for screening in screenings}) == 5
    assert list(screenings.filter(state=SlotState.CANCELLED).values_list("sequence")) == [(1,)]
    assert list(screenings.filter(state=SlotState.MOVED).values_list("sequence")) == [(1,)]
    assert ActivitySession.objects.filter(is_sample=True).count() == 1
    assert Venue.objects.filter(is_sample=True).count() == 3
    assert Screening.objects.filter(is_sample=False).count() == 0


def test_load_demo_sample_posters_are_2_by_3_images_through_the_upload_policy(demo):
    films = Film.objects.filter(poster_is_sample=True)

    assert films.count() == 3
    assert {(film.poster.width, film.poster.height) for film in films} == {(400, 600)}
    assert all(film.poster_thumbnail for film in films)


@pytest.mark.parametrize(("language", "note"), [("en", "Sample data"), ("zh-hans", "示例数据")])
def test_sample_note_shows_on_schedule_venue_film_week_and_film_pages(demo, client, language, note):
    pages = [
        f"/{language}/schedule/?film_week=sco-film-and-television-week-2025",
        f"/{language}/venues/qingdao-grand-theatre/",
        f"/{language}/film-weeks/sco-film-and-television-week-2025/",
        f"/{language}/films/the-red-silk/",
    ]

    notes = [note in client.get(page).content.decode() for page in pages]

    assert notes == [True, True, True, True]


def test_sample_note_absent_from_a_film_week_without_sample_data(demo, client):
    response = client.get("/en/film-weeks/belt-and-road-film-week-2023/")

    assert "Sample data" not in response.content.decode()


def test_sample_screening_calendar_says_sample_data(demo, client):
    screening = Screening.objects.filter(is_sample=True).first()

    response = client.get(f"/en/screenings/{screening.pk}.ics")

    unfolded = response.content.decode().replace("\r\n ", "")
    assert "Sample data: made up to show the site's features\\, not a real event." in unfolded


def test_remove_sample_data_removes_every_sample_row_and_poster_file(
    demo, capsys, django_capture_on_commit_callbacks
):
    files = [Path(film.poster.path) for film in Film.objects.filter(poster_is_sample=True)]
    before = row_counts()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_sample_data")

    out = capsys.readouterr().out
    assert out == (
        "Removed sample data: 39 screenings, 1 activity sessions, 3 venues, "
        "3 placeholder posters.\n"
    )
    assert facts(row_counts()) == facts(before)
    assert Screening.objects.count() + ActivitySession.objects.count() == 0
    assert Venue.objects.count() == 0
    assert Film.objects.exclude(poster="").count() == 0
    assert [path.exists() for path in files] == [False, False, False]


def test_remove_sample_data_twice_removes_nothing_the_second_time(demo, capsys):
    call_command("remove_sample_data")
    capsys.readouterr()

    call_command("remove_sample_data")

    assert capsys.readouterr().out == "No sample data to remove.\n"


def test_load_demo_after_remove_sample_data_brings_it_back(demo, settings):
    before = row_counts()
    call_command("remove_sample_data", verbosity=0)
    settings.DEBUG = True

    call_command("load_demo", verbosity=0)

    assert Screening.objects.filter(is_sample=True).count() == before["screenings.Screening"]
    assert Film.objects.filter(poster_is_sample=True).count() == 3


def test_remove_sample_data_keeps_a_sample_venue_that_has_real_screenings(demo):
    screening = Screening.objects.filter(is_sample=True).first()
    Screening.objects.filter(pk=screening.pk).update(is_sample=False)

    call_command("remove_sample_data", verbosity=0)

    assert Venue.objects.filter(pk=screening.venue_id).exists()
    assert not Screening.objects.filter(is_sample=True).exists()


def test_load_demo_puts_the_sample_on_its_own_week_when_staff_add_a_later_one(demo, settings):
    make_film_week(slug="a-later-week", year=2030)
    settings.DEBUG = True

    call_command("load_demo", verbosity=0)

    weeks = set(Screening.objects.filter(is_sample=True).values_list("film_week__slug", flat=True))
    assert weeks == {"sco-film-and-television-week-2025"}
