"""History of catalog records: the admin shows who changed which field from what to what and
when; any version can be restored, the restore is itself recorded, and only staff who may
change the record may restore it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from alliance.models import Institution
from filmweek.models import Film
from screenings.models import Screening
from tests.factories import make_film, make_institution, make_screening, make_user

pytestmark = pytest.mark.django_db


def staff(role="Administrators", **kw):
    user = make_user(is_staff=True, **kw)
    user.groups.set([Group.objects.get(name=role)])
    return user


def edit(film, user, **changes):
    for name, value in changes.items():
        setattr(film, name, value)
    film._history_user = user
    film.save()


def history_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])


def restore_url(record, history_id):
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[record.pk, history_id]
    )


def film_form_data(record):
    return {
        "title_original": record.title_original,
        "title_en": record.title_en,
        "title_zh": record.title_zh,
        "slug": record.slug,
        "status": record.status,
        "year": record.year or "",
        "kind": record.kind,
        "genre_en": record.genre_en,
        "genre_zh": record.genre_zh,
        "runtime_minutes": record.runtime_minutes or "",
        "released_on": "",
        "released_precision": record.released_precision,
        "release_note_en": "",
        "release_note_zh": "",
        "synopsis_en": record.synopsis_en,
        "synopsis_zh": "",
        "_save": "Revert",
    }


def test_saves_of_a_film_are_recorded_with_their_author():
    editor = make_user(username="wang")
    film = make_film(title_en="Mountains May Depart")

    edit(film, editor, title_en="Mountains May Part")

    records = list(film.history.order_by("history_id"))
    assert [(r.history_type, r.title_en, r.version) for r in records] == [
        ("+", "Mountains May Depart", 1),
        ("~", "Mountains May Part", 2),
    ]
    assert records[1].history_user == editor


def test_history_page_shows_field_old_and_new_value_and_author(client):
    editor = staff(username="li.na")
    film = make_film(title_en="Mountains May Depart", year=2015)
    edit(film, editor, title_en="Mountains May Part")
    client.force_login(editor)

    response = client.get(history_url(film))

    latest = response.context["page_obj"].object_list[0]
    assert response.status_code == 200
    assert latest.history_delta_changes == [
        {"field": "English title", "old": "Mountains May Depart", "new": "Mountains May Part"}
    ]
    assert latest.history_user == editor
    assert "li.na" in response.content.decode()


def test_history_diff_leaves_out_version_and_search_text(client):
    editor = staff()
    film = make_film(title_zh="")
    edit(film, editor, title_zh="山河故人")
    client.force_login(editor)

    response = client.get(history_url(film))

    latest = response.context["page_obj"].object_list[0]
    assert [change["field"] for change in latest.history_delta_changes] == ["Chinese title"]


def test_restoring_a_version_brings_its_values_back_and_is_recorded(client):
    editor = staff(username="zhou")
    film = make_film(title_en="Mountains May Depart", runtime_minutes=131)
    first = film.history.get(history_type="+")
    edit(film, editor, title_en="Wrong title", runtime_minutes=99)
    client.force_login(editor)

    data = {**film_form_data(first.instance), "expected_version": 2}

    response = client.post(restore_url(film, first.history_id), data)

    assert response.status_code == 302
    film.refresh_from_db()
    assert (film.title_en, film.runtime_minutes, film.version) == ("Mountains May Depart", 131, 3)
    restore = film.history.latest()
    assert (restore.history_type, restore.history_user, restore.title_en) == (
        "~",
        editor,
        "Mountains May Depart",
    )
    assert restore.history_change_reason.startswith("Restored the version of ")


def test_viewer_cannot_restore_a_version(client):
    film = make_film(title_en="Mountains May Depart")
    first = film.history.get(history_type="+")
    edit(film, None, title_en="Kept title")
    client.force_login(staff("Viewers"))

    response = client.post(restore_url(film, first.history_id), film_form_data(first.instance))

    assert response.status_code == 403
    film.refresh_from_db()
    assert (film.title_en, film.history.count()) == ("Kept title", 2)


def test_viewer_sees_the_history_without_a_revert_button(client):
    film = make_film()
    first = film.history.get()
    client.force_login(staff("Viewers"))

    response = client.get(restore_url(film, first.history_id))

    assert response.status_code == 200
    assert response.context["revert_disabled"] is True


def test_history_of_a_film_is_refused_to_a_membership_manager(client):
    film = make_film()
    client.force_login(staff("Membership managers"))

    response = client.get(history_url(film))

    assert response.status_code == 403


def test_restoring_a_screening_keeps_its_calendar_sequence_rising(client):
    screening = make_screening()
    first = screening.history.get()
    screening.state = Screening.State.CANCELLED
    screening.save()
    client.force_login(staff())
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
        "expected_version": 2,
        "_save": "Revert",
    }

    response = client.post(restore_url(screening, first.history_id), data)

    assert response.status_code == 302
    screening.refresh_from_db()
    assert (screening.state, screening.sequence) == ("scheduled", 2)


def test_deleting_a_record_keeps_its_history():
    institution = make_institution(name_en="Gone Festival")
    pk = institution.pk

    institution.delete()

    assert list(
        Institution.history.filter(id=pk).order_by("history_id").values_list("history_type")
    ) == [("+",), ("-",)]


def test_film_changes_made_in_the_admin_name_their_author(client):
    editor = staff(username="editor-a")
    film = make_film(title_en="A")
    client.force_login(editor)
    data = {**film_form_data(film), "title_en": "B", "expected_version": film.version}
    data.pop("_save")
    for prefix in ("film_countries", "credits", "locations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )

    response = client.post(reverse("admin:filmweek_film_change", args=[film.pk]), data)

    assert response.status_code == 302
    assert Film.history.latest().history_user == editor
