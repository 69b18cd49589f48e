"""The four staff roles: created by a migration, each with exactly its permissions, and each
seeing and changing exactly its models in the admin (403 and nothing saved elsewhere)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from alliance.models import Institution, Membership
from config.roles import ROLES, role_permissions, sync_roles
from filmweek.models import Film
from tests.factories import make_film, make_institution, make_membership, make_user

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
FILMWEEK_AND_SCREENINGS = {
    model._meta.label
    for model in ADMIN_MODELS
    if model._meta.app_label in ("filmweek", "screenings")
}
EDITORS_CHANGE = FILMWEEK_AND_SCREENINGS | {"alliance.Source", "alliance.FestivalEdition"}
EDITORS_VIEW = EDITORS_CHANGE | {
    "core.ImportRun",
    "alliance.Country",
    "alliance.CountryGroup",
    "alliance.Institution",
    "alliance.Alliance",
}
MANAGERS_CHANGE = {
    "alliance.Institution",
    "alliance.Membership",
    "alliance.MembershipApplication",
    "alliance.Representative",
    "alliance.RepresentativeInvitation",
    "alliance.ProfileChange",
    "api.ApiKey",
    "core.OutgoingEmail",  # to send a failed email again (the records themselves are read-only)
}
MANAGERS_VIEW = MANAGERS_CHANGE | {
    "core.ImportRun",
    "alliance.Country",
    "alliance.Alliance",
    "alliance.Source",
    "alliance.FestivalEdition",
    "auth.User",
}
VIEWERS_VIEW = FILMWEEK_AND_SCREENINGS | {
    "alliance.Country",
    "alliance.CountryGroup",
    "alliance.Source",
    "alliance.Institution",
    "alliance.FestivalEdition",
    "alliance.Alliance",
    "alliance.AllianceItem",
    "alliance.AllianceUnit",
    "alliance.Membership",
    "alliance.Milestone",
}
ALL_ADMIN_MODELS = {model._meta.label for model in ADMIN_MODELS}
# Records of the background tasks, which nobody changes.
READ_ONLY = {"core.ImportRun", "django_tasks_database.DBTaskResult"}
# Join tables: edited as inlines of their owner, so not listed on the admin home.
INLINE_ONLY = {
    "alliance.AllianceItem",
    "alliance.AllianceUnit",
    "filmweek.Ambassador",
    "filmweek.Credit",
    "filmweek.FilmCountry",
    "filmweek.FilmLocation",
    "filmweek.Participation",
    "filmweek.Position",
    "filmweek.Selection",
    "screenings.TourStop",
}
# role: (models whose changelist it sees, models it may change)
EXPECTED = {
    "Administrators": (ALL_ADMIN_MODELS, ALL_ADMIN_MODELS - READ_ONLY),
    "Editors": (EDITORS_VIEW, EDITORS_CHANGE),
    "Membership managers": (MANAGERS_VIEW, MANAGERS_CHANGE),
    "Viewers": (VIEWERS_VIEW, set()),
}


def member_of(role):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    return user


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_migration_creates_the_four_roles():
    names = sorted(Group.objects.filter(name__in=ROLES).values_list("name", flat=True))

    assert names == ["Administrators", "Editors", "Membership managers", "Viewers"]


def test_administrators_hold_every_permission():
    group = Group.objects.get(name="Administrators")

    # Failing after a new app or model: add a migration that runs config.roles.sync_roles.
    assert group.permissions.count() == Permission.objects.count()


def test_viewers_hold_only_view_permissions():
    codenames = Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True)

    assert sorted({codename.split("_")[0] for codename in codenames}) == ["view"]


def test_editors_hold_no_permission_on_users_or_memberships():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert codenames & {"view_user", "change_user", "view_membership", "change_membership"} == set()


def test_sync_roles_restores_a_permission_removed_by_hand():
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(Permission.objects.get(codename="change_film"))

    sync_roles()

    assert editors.permissions.filter(codename="change_film").count() == 1


def test_sync_roles_twice_changes_nothing():
    before = {
        group.name: sorted(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }

    sync_roles()

    after = {
        group.name: sorted(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    assert after == before


def test_role_permissions_match_the_definition_after_migration():
    permissions = list(Permission.objects.select_related("content_type"))

    for role in ROLES:
        expected = {p.pk for p in role_permissions(role, permissions)}
        held = set(Group.objects.get(name=role).permissions.values_list("pk", flat=True))
        assert held == expected, role


def _changelist_statuses(client):
    statuses = {}
    for model in ADMIN_MODELS:
        statuses[model._meta.label] = client.get(admin_url(model, "changelist")).status_code
    return statuses


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_sees_exactly_its_models(client, role):
    client.force_login(member_of(role))
    sees, _changes = EXPECTED[role]

    statuses = _changelist_statuses(client)

    assert {label for label, status in statuses.items() if status == 200} == sees
    assert {status for label, status in statuses.items() if label not in sees} <= {403}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_admin_home_lists_exactly_the_models_of_the_role(client, role):
    client.force_login(member_of(role))
    sees, _changes = EXPECTED[role]

    response = client.get(reverse("admin:index"))

    listed = {
        f"{app['app_label']}.{model['object_name']}"
        for app in response.context["app_list"]
        for model in app["models"]
    }
    assert listed == sees - INLINE_ONLY


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_may_change_exactly_its_models(rf, role):
    user = member_of(role)
    request = rf.get("/admin/")
    request.user = user
    _sees, changes = EXPECTED[role]

    may_change = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_change_permission(request)
    }

    assert may_change == changes


def _film_change_data(film, title):
    return {
        "title_original": film.title_original,
        "title_en": title,
        "title_zh": "",
        "slug": film.slug,
        "status": film.status,
        "year": film.year or "",
        "kind": film.kind,
        "genre_en": "",
        "genre_zh": "",
        "runtime_minutes": "",
        "released_on": "",
        "released_precision": "day",
        "release_note_en": "",
        "release_note_zh": "",
        "synopsis_en": "",
        "synopsis_zh": "",
        "expected_version": film.version,
        **{
            f"{prefix}-{name}": value
            for prefix in ("film_countries", "credits", "locations")
            for name, value in (
                ("TOTAL_FORMS", "0"),
                ("INITIAL_FORMS", "0"),
                ("MIN_NUM_FORMS", "0"),
                ("MAX_NUM_FORMS", "1000"),
            )
        },
    }


def test_editor_saves_a_film(client):
    film = make_film(title_en="Old title")
    client.force_login(member_of("Editors"))

    response = client.post(admin_url(Film, "change", film.pk), _film_change_data(film, "New"))

    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title_en == "New"


@pytest.mark.parametrize("role", ["Membership managers", "Viewers"])
def test_role_without_films_cannot_save_a_film(client, role):
    film = make_film(title_en="Old title")
    client.force_login(member_of(role))

    response = client.post(admin_url(Film, "change", film.pk), _film_change_data(film, "New"))

    assert response.status_code == 403
    film.refresh_from_db()
    assert film.title_en == "Old title"


@pytest.mark.parametrize("role", ["Editors", "Viewers"])
def test_role_without_memberships_cannot_delete_a_membership(client, role):
    membership = make_membership()
    client.force_login(member_of(role))

    response = client.post(admin_url(Membership, "delete", membership.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).count() == 1


def test_membership_manager_deletes_a_membership(client):
    membership = make_membership()
    client.force_login(member_of("Membership managers"))

    response = client.post(admin_url(Membership, "delete", membership.pk), {"post": "yes"})

    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).count() == 0


@pytest.mark.parametrize("role", ["Editors", "Viewers"])
def test_role_without_institutions_cannot_add_one(client, role):
    client.force_login(member_of(role))

    response = client.post(
        admin_url(Institution, "add"), {"name_en": "Added", "slug": "added", "kind": "festival"}
    )

    assert response.status_code == 403
    assert Institution.objects.filter(slug="added").count() == 0


def test_viewer_opens_a_film_read_only(client):
    film = make_film()
    client.force_login(member_of("Viewers"))

    response = client.get(admin_url(Film, "change", film.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_viewer_cannot_import_films(client):
    client.force_login(member_of("Viewers"))

    response = client.get(admin_url(Film, "import"))

    assert response.status_code == 403


def test_editor_cannot_import_institutions(client):
    make_institution()
    client.force_login(member_of("Editors"))

    response = client.get(admin_url(Institution, "import"))

    assert response.status_code == 403
