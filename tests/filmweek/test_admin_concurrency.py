"""Two staff members editing the same record: the second save is refused with what changed
meanwhile, never a silent lost update (a version column checked on save)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from core.models import EditConflict
from filmweek.models import Film
from screenings.models import Screening
from tests.factories import make_film, make_screening, make_user, make_venue

pytestmark = pytest.mark.django_db

CHANGE = "admin:filmweek_film_change"
EMPTY_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("film_countries", "credits", "locations")
    for name, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


def editor(username):
    user = make_user(username=username, is_staff=True)
    user.groups.set([Group.objects.get(name="Editors")])
    return user


def opened_form(client, film):
    """The film's change form as a browser gets it: its initial values, version included."""
    response = client.get(reverse(CHANGE, args=[film.pk]))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name != "poster":
            data[name] = "" if value is None else value
    return {**data, "released_on": "", **EMPTY_INLINES}


@pytest.fixture
def film():
    return make_film(title_en="Mountains May Depart", runtime_minutes=131, year=2015)


def test_change_form_carries_the_version_it_was_opened_with(client, film):
    client.force_login(editor("a"))

    data = opened_form(client, film)

    assert data["expected_version"] == 1


def test_second_save_over_a_newer_version_is_refused_with_the_changes(client, film):
    first, second = client, type(client)()
    first.force_login(editor("wang.fang"))
    second.force_login(editor("li.lei"))
    first_form, second_form = opened_form(first, film), opened_form(second, film)
    first.post(reverse(CHANGE, args=[film.pk]), {**first_form, "title_en": "Mountains Part"})

    response = second.post(reverse(CHANGE, args=[film.pk]), {**second_form, "runtime_minutes": 99})

    errors = response.context["adminform"].form.non_field_errors()
    assert response.status_code == 200
    assert errors[0].startswith(
        "Someone else saved this film after you opened it (version 1, now 2), so your changes "
        "were not saved."
    )
    assert errors[1].endswith(
        ", wang.fang: English title: “Mountains May Depart” → “Mountains Part”"
    )
    film.refresh_from_db()
    assert (film.title_en, film.runtime_minutes, film.version) == ("Mountains Part", 131, 2)


def test_save_from_the_current_version_goes_through(client, film):
    client.force_login(editor("a"))
    form = opened_form(client, film)

    response = client.post(reverse(CHANGE, args=[film.pk]), {**form, "runtime_minutes": 130})

    assert response.status_code == 302
    film.refresh_from_db()
    assert (film.runtime_minutes, film.version) == (130, 2)


def test_form_opened_before_a_publish_action_is_refused(client, film):
    client.force_login(editor("a"))
    form = opened_form(client, film)
    client.post(
        reverse("admin:filmweek_film_changelist"),
        {"action": "publish_selected", "_selected_action": [film.pk]},
    )

    response = client.post(reverse(CHANGE, args=[film.pk]), {**form, "title_en": "Other"})

    assert response.status_code == 200
    film.refresh_from_db()
    assert (film.status, film.title_en) == ("published", "Mountains May Depart")


def test_save_that_loses_the_race_after_validation_writes_nothing(client, film, monkeypatch):
    client.force_login(editor("a"))
    form = opened_form(client, film)
    Film.objects.get(pk=film.pk).save()  # someone else, after the form passed its check:
    monkeypatch.setattr("core.forms.versioning.current_version", lambda instance: 1)

    response = client.post(
        reverse(CHANGE, args=[film.pk]), {**form, "title_en": "Late"}, follow=True
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Someone else saved this film at the same moment; your changes were not saved. Here is "
        "the current version: make your changes again."
    ]
    film.refresh_from_db()
    assert (film.title_en, film.version) == ("Mountains May Depart", 2)


def test_saving_a_stale_copy_of_a_record_raises_edit_conflict(film):
    stale = Film.objects.get(pk=film.pk)
    film.title_en = "Saved first"
    film.save()
    stale.title_en = "Saved second"

    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()

    film.refresh_from_db()
    assert (film.title_en, film.version, stale.version) == ("Saved first", 2, 1)


def test_save_with_update_fields_raises_the_version(film):
    film.title_en = "Changed"

    film.save(update_fields=["title_en"])

    film.refresh_from_db()
    assert (film.title_en, film.version) == ("Changed", 2)


def test_second_screening_edit_is_refused_too(client):
    shanghai = ZoneInfo("Asia/Shanghai")
    screening = make_screening(
        venue=make_venue(),
        starts_at=datetime.datetime(2023, 6, 12, 19, 0, tzinfo=shanghai),
        ends_at=datetime.datetime(2023, 6, 12, 21, 0, tzinfo=shanghai),
    )
    url = reverse("admin:screenings_screening_change", args=[screening.pk])
    client.force_login(editor("a"))
    data = {
        "film": screening.film_id,
        "film_week": screening.film_week_id,
        "venue": screening.venue_id,
        "starts_at_0": "2023-06-12",
        "starts_at_1": "19:00",
        "ends_at_0": "2023-06-12",
        "ends_at_1": "21:00",
        "state": "scheduled",
        "section_en": "",
        "section_zh": "",
        "language_note_en": "",
        "language_note_zh": "",
        "ticket_url": "",
        "expected_version": 1,
    }
    client.post(url, {**data, "section_en": "Panorama"})

    response = client.post(url, {**data, "state": "sold_out"})

    assert response.status_code == 200
    screening.refresh_from_db()
    assert (screening.section_en, screening.state) == ("Panorama", Screening.State.SCHEDULED)
