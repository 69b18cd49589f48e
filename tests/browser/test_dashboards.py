"""Each role signs in to the back office in a real browser and finds its own queue on the admin
home, and none of another role's: editors their drafts and the next film week, membership
managers the applications, profile changes and invitations waiting, viewers the next film week.
Every role sees the latest changes."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from alliance.models import Institution
from filmweek.models import FilmWeek
from tests.browser.admin import sign_in_to_admin
from tests.factories import (
    make_application,
    make_film,
    make_film_week,
    make_institution,
    make_invitation,
    make_profile_change,
    make_user,
)

PASSWORD = "dashboard-password-for-browser-42"
SECTIONS = {
    "records": "Records",
    "next_film_week": "Next film week",
    "drafts": "Your drafts",
    "applications": "Membership applications: 1 waiting",
    "profile_changes": "Profile changes: 1 waiting",
    "invitations": "Representatives not signed in yet",
    "latest": "Latest changes by anyone",
}
# What each role's queue shows of the records `fill_queues` makes.
QUEUE_ITEMS = {
    "next_film_week": "Next Week Festival",
    "drafts": "Draft Saved By Me",
    "applications": "Almaty Film Festival",
    "profile_changes": "Qingdao Film Academy",
    "invitations": "invited-representative@example.org",
}
ROLE_SECTIONS = {
    "Administrators": set(SECTIONS),
    "Editors": {"records", "next_film_week", "drafts", "latest"},
    "Membership managers": {"records", "drafts", "applications", "profile_changes"}
    | {"invitations", "latest"},
    "Viewers": {"records", "next_film_week", "latest"},
}


def fill_queues(user):
    """One record in every queue: a film week starting in ten days, a draft film `user` saved,
    an application, a profile change and an invitation waiting, and changes of a film week and
    an institution logged by someone else (the theme lists the user's own actions apart)."""
    someone_else = make_user(is_staff=True)
    first = timezone.localdate() + datetime.timedelta(days=10)
    week = make_film_week(
        name_en="Next Week Festival",
        year=first.year,
        starts_on=first,
        ends_on=first + datetime.timedelta(days=5),
    )
    draft = make_film(title_en="Draft Saved By Me", title_original="Draft Saved By Me")
    draft._history_user = user
    draft.save()
    make_application(name_en="Almaty Film Festival")
    make_profile_change(institution=make_institution(name_en="Qingdao Film Academy"))
    make_invitation(email="invited-representative@example.org")
    for queryset in (FilmWeek.objects.filter(pk=week.pk), Institution.objects.all()[:1]):
        LogEntry.objects.log_actions(
            user_id=someone_else.pk, queryset=list(queryset), action_flag=ADDITION
        )


def section_headings(page):
    headings = page.locator("#content h2").all_inner_texts()
    return {key for key, text in SECTIONS.items() if any(h.strip() == text for h in headings)}


@pytest.mark.parametrize("role", ROLE_SECTIONS)
def test_role_dashboard_shows_its_queue_only(page, live_server, role):
    user = make_user(username="staff", password=PASSWORD, is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    fill_queues(user)

    sign_in_to_admin(page, live_server.url, "staff", PASSWORD)
    expect(page.locator("#content h2", has_text="Records")).to_be_visible()
    shown = section_headings(page)
    content = page.locator("#content").inner_text()

    assert shown == ROLE_SECTIONS[role]
    for key, item in QUEUE_ITEMS.items():
        if key == "drafts" and role == "Membership managers":
            continue  # they may change no film: their drafts are institutions
        assert (item in content) == (key in shown), (key, item)
