"""The admin history of a record whose related rows were deleted since (a participation whose
activity is gone) still opens, naming the missing row by its kind and id; restoring a version
that points at the missing row is refused with a message."""

import pytest
from django.urls import reverse

from filmweek.models import Participation
from tests.factories import make_activity, make_person

pytestmark = pytest.mark.django_db


def history_url(participation_id):
    return reverse("admin:filmweek_participation_history", args=[participation_id])


def test_history_of_participation_whose_activity_was_deleted_opens(admin_client):
    activity = make_activity()
    participation = Participation.objects.create(
        activity=activity, person=make_person(name_en="Zhao Tao"), role_en="Singer"
    )
    participation.role_en = "Host"
    participation.save()
    activity_id, participation_id = activity.pk, participation.pk
    activity.delete()  # the participation goes with it; its history stays

    response = admin_client.get(history_url(participation_id))

    assert response.status_code == 200
    assert f"Zhao Tao at activity #{activity_id}" in response.content.decode()


def moved_off_deleted_activity():
    """A participation moved from one activity to another, the first activity then deleted:
    its first version points at a row that is gone. Returns it and that row's id."""
    first, second = make_activity(title_en="Opening"), make_activity(title_en="Forum")
    participation = Participation.objects.create(activity=first, person=make_person())
    participation.activity = second
    participation.save()
    first_id = first.pk
    first.delete()
    return participation, first_id


def test_history_of_participation_moved_off_a_deleted_activity_opens(admin_client):
    participation, first_id = moved_off_deleted_activity()

    response = admin_client.get(history_url(participation.pk))

    assert response.status_code == 200
    assert f"activity #{first_id}" in response.content.decode()


def test_restoring_a_version_of_a_deleted_activity_is_refused_with_message(admin_client):
    participation, first_id = moved_off_deleted_activity()
    current_activity = participation.activity
    old = participation.history.order_by("history_id").first()
    url = reverse(
        "admin:filmweek_participation_simple_history", args=[participation.pk, old.history_id]
    )
    data = {
        "activity": first_id,
        "person": participation.person_id,
        "expected_version": participation.version,
    }

    opened, posted = admin_client.get(url), admin_client.post(url, data)

    assert (opened.status_code, posted.status_code) == (200, 200)
    assert posted.context["adminform"].form.errors["activity"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    participation.refresh_from_db()
    assert participation.activity == current_activity
