"""The admin home's dashboard for each role: what waits for it, and nothing of another role's
queues, in a fixed number of queries whatever the number of waiting records."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core.models import EmailState, ImportRun, ImportState, OutgoingEmail
from filmweek.models import Film, Selection
from tests.factories import (
    make_activity,
    make_activity_session,
    make_application,
    make_film,
    make_film_week,
    make_invitation,
    make_profile_change,
    make_screening,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.django_db

ROLES = ("Administrators", "Editors", "Membership managers", "Viewers")


def member_of(role):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    return user


def dashboard(client, user):
    """The admin home `user` sees: (its dashboard's parts, its HTML)."""
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.context["dashboard"], response.content.decode()


def draft_saved_by(user, **kw):
    film = make_film(**kw)
    film._history_user = user
    film.save()
    return film


def upcoming_film_week(days=10, **kw):
    first = timezone.localdate() + datetime.timedelta(days=days)
    return make_film_week(
        year=first.year, starts_on=first, ends_on=first + datetime.timedelta(days=5), **kw
    )


def first_day_at(film_week, hours):
    """`hours` after 02:00 UTC (10:00 in Shanghai) on the first day of `film_week`."""
    start = datetime.datetime.combine(film_week.starts_on, datetime.time(2), tzinfo=datetime.UTC)
    return start + datetime.timedelta(hours=hours)


def screening_at(film_week, venue, hours):
    return make_screening(
        film_week=film_week, venue=venue, starts_at=first_day_at(film_week, hours)
    )


def session_at(film_week, venue, hours):
    return make_activity_session(
        activity=make_activity(film_week=film_week),
        venue=venue,
        starts_at=first_day_at(film_week, hours),
    )


def failed_email():
    return OutgoingEmail.objects.create(
        subject="Invitation", body="…", to=["rep@example.org"], state=EmailState.FAILED
    )


def failed_import(**kw):
    return ImportRun.objects.create(
        model_label="filmweek.film",
        resource="r",
        file_format="csv",
        state=ImportState.FAILED,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        **kw,
    )


def fill_queues(user, n):
    """`n` records in every queue: drafts saved by `user`, films, screenings and sessions of
    the next film week, applications, profile changes, invitations, failed emails and imports
    and admin changes."""
    film_week = upcoming_film_week()
    for i in range(n):
        film = draft_saved_by(user)
        Selection.objects.create(film=film, film_week=film_week)
        screening_at(film_week, make_venue(), hours=2 * i)
        session_at(film_week, make_venue(), hours=2 * i)
        make_application()
        make_profile_change()
        make_invitation()
        failed_email()
        failed_import()
        LogEntry.objects.log_actions(
            user_id=user.pk, queryset=Film.objects.filter(pk=film.pk), action_flag=ADDITION
        )
    return film_week


def test_editor_dashboard_shows_their_drafts_and_the_next_film_week_only(client):
    editor = member_of("Editors")
    mine = draft_saved_by(editor, title_original="Mine")
    draft_saved_by(make_user(), title_original="Someone else's")
    published = draft_saved_by(editor, title_original="Published since")
    published.status = "published"
    published.save()
    make_application()
    make_invitation()

    parts, html = dashboard(client, editor)

    assert [record for record, _url, _kind in parts["drafts"]] == [mine]
    assert parts["next_film_week"] is None
    assert parts["waiting"] == []
    assert parts["invitations"] is None
    assert "Your drafts" in html


def test_next_film_week_is_the_earliest_not_over_with_its_counts(client):
    editor = member_of("Editors")
    make_film_week(year=2001, starts_on=datetime.date(2001, 5, 1), ends_on=None)
    upcoming_film_week(days=40)
    film_week = upcoming_film_week(days=10)
    first_venue, second_venue, session_venue = make_venue(), make_venue(), make_venue()
    for film in (make_film(), make_film()):
        Selection.objects.create(film=film, film_week=film_week)
    screening_at(film_week, first_venue, hours=0)
    screening_at(film_week, first_venue, hours=3)
    screening_at(film_week, second_venue, hours=0)
    session_at(film_week, session_venue, hours=1)
    session_at(film_week, first_venue, hours=5)

    parts, html = dashboard(client, editor)

    week = parts["next_film_week"]
    assert (week.film_week, week.films, week.screenings, week.venues, week.sessions) == (
        film_week,
        2,
        3,
        3,
        2,
    )
    assert "3 screenings" in html


def test_membership_manager_dashboard_shows_applications_changes_and_invitations_only(client):
    manager = member_of("Membership managers")
    application = make_application()
    change = make_profile_change()
    draft_saved_by(manager)
    upcoming_film_week()

    parts, html = dashboard(client, manager)

    assert [(str(group.name), group.total) for group in parts["waiting"]] == [
        ("membership applications", 1),
        ("profile changes", 1),
    ]
    assert [record for group in parts["waiting"] for record, _url in group.latest] == [
        application,
        change,
    ]
    assert parts["drafts"] == []  # institutions only: they may change no film
    assert parts["next_film_week"] is None
    assert "Representatives not signed in yet" in html


def test_invitations_waiting_count_open_and_expired_not_accepted_or_revoked(client):
    manager = member_of("Membership managers")
    now = timezone.now()
    open_invitation = make_invitation()
    expired = make_invitation(
        created_at=now - datetime.timedelta(days=30), expires_at=now - datetime.timedelta(days=1)
    )
    make_invitation(accepted_at=now)
    make_invitation(revoked_at=now)

    parts, _html = dashboard(client, manager)

    invitations = parts["invitations"]
    assert (invitations.open, invitations.expired) == (1, 1)
    assert [record for record, _url in invitations.latest] == [open_invitation, expired]
    assert client.get(invitations.url).status_code == 200
    assert "revoked_at__isnull=True" in invitations.url


def test_viewer_dashboard_shows_the_next_film_week_and_latest_changes_only(client):
    viewer = member_of("Viewers")
    film_week = upcoming_film_week()
    film = draft_saved_by(make_user())
    LogEntry.objects.log_actions(
        user_id=make_user(is_staff=True).pk,
        queryset=Film.objects.filter(pk=film.pk),
        action_flag=ADDITION,
    )
    make_application()
    make_invitation()

    parts, html = dashboard(client, viewer)

    assert parts["next_film_week"].film_week == film_week
    assert parts["latest"] == list(LogEntry.objects.all())
    assert (parts["drafts"], parts["waiting"], parts["invitations"]) == (None, [], None)
    assert "Your drafts" not in html


def test_administrator_dashboard_shows_every_queue(client):
    administrator = member_of("Administrators")
    film_week = fill_queues(administrator, 1)

    parts, html = dashboard(client, administrator)

    assert len(parts["drafts"]) == 1
    assert parts["next_film_week"].film_week == film_week
    assert [group.total for group in parts["waiting"]] == [1, 1]
    assert parts["invitations"].open == 1
    assert len(parts["latest"]) == 1
    assert "Next film week" in html


def test_membership_manager_dashboard_counts_failed_emails_and_recent_failed_imports(client):
    manager = member_of("Membership managers")
    failed_email()
    OutgoingEmail.objects.create(
        subject="S", body="B", to=["a@example.org"], state="sent", sent_at=timezone.now()
    )
    failed_import()
    old = failed_import()
    ImportRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    parts, html = dashboard(client, manager)

    assert [(str(row.name), row.total) for row in parts["failed"]] == [
        ("outgoing emails", 1),
        ("import runs", 1),
    ]
    assert "Outgoing emails: 1 failed" in html
    for row in parts["failed"]:
        assert client.get(row.url).status_code == 200
        assert "state__exact=failed" in row.url


def test_failed_tasks_are_shown_by_role(client):
    failed_email()
    failed_import()

    seen = {
        role: [str(row.name) for row in dashboard(client, member_of(role))[0]["failed"]]
        for role in ROLES
    }

    assert seen == {
        "Administrators": ["outgoing emails", "import runs"],
        "Editors": ["import runs"],
        "Membership managers": ["outgoing emails", "import runs"],
        "Viewers": [],
    }


# The whole admin home (session, user, permissions, sidebar, the theme's recent actions)
# with every part of the dashboard the role may see.
QUERIES = {"Administrators": 47, "Editors": 36, "Membership managers": 23, "Viewers": 32}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_is_the_same_at_1_and_3_records(
    client, django_assert_num_queries, role, n
):
    user = member_of(role)
    fill_queues(user, n)
    client.force_login(user)
    client.get(reverse("admin:index"))  # fills the process's content type cache

    with django_assert_num_queries(QUERIES[role]):
        client.get(reverse("admin:index"))


def test_next_film_week_is_shown_by_its_dated_name(client):
    film_week = upcoming_film_week(name_zh="电影周")
    client.force_login(member_of("Editors"))

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f"{film_week.year}年电影周</a>" in html
