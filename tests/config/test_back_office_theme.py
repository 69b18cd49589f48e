"""The back office in its theme (django-unfold): a sidebar by task that shows each role only
what it may open, join tables only as inlines, the site's own name in both languages, and
pages that load nothing from another host."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import make_film, make_user

pytestmark = pytest.mark.django_db

JOIN_TABLES = {
    "allianceitem",
    "allianceunit",
    "ambassador",
    "credit",
    "filmcountry",
    "filmlocation",
    "participation",
    "position",
    "selection",
    "tourstop",
}
# A script, stylesheet or font fetched from another host: <script src>, <link href>, url().
EXTERNAL_ASSET = re.compile(
    r"""<script[^>]+src=["']?(?:https?:)?//|<link[^>]+href=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.IGNORECASE,
)
LOCAL_ASSET = re.compile(r"""(?:src|href)=["'](/static/[^"'?#]+\.(?:css|js))""")


def member_of(role):
    user = make_user(is_staff=True)
    user.groups.set([Group.objects.get(name=role)])
    return user


def sidebar(client, user, language="en"):
    """{group title: [item titles]} of the sidebar on the admin home, as `user` sees it."""
    client.force_login(user)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    return {
        str(group["title"]): [
            str(item["title"]) for item in group["items"] if item["has_permission"]
        ]
        for group in response.context["sidebar_navigation"]
    }


def test_sidebar_of_an_editor_shows_catalog_and_programme_not_accounts(client):
    groups = sidebar(client, member_of("Editors"))

    assert list(groups) == [
        "Catalog",
        "Film weeks and programme",
        "Members",
        "Sources and figures",
        "Imports",
        "Operations",
    ]
    assert groups["Catalog"][:3] == ["Films", "People", "Awards"]
    assert groups["Film weeks and programme"] == [
        "Film weeks",
        "Venues",
        "Screenings",
        "Programme grid",
        "Activities",
        "Activity sessions",
        "Tours",
    ]
    assert groups["Imports"] == ["Films", "People", "Screenings"]
    assert groups["Operations"] == ["Import runs"]


def test_sidebar_of_a_membership_manager_shows_members_and_api_keys(client):
    groups = sidebar(client, member_of("Membership managers"))

    assert groups["Members"] == [
        "Institutions",
        "Memberships",
        "Membership applications",
        "Profile changes",
        "Representatives",
        "Representative invitations",
        "Alliances",
        "Festival editions",
    ]
    assert groups["Accounts"] == ["Users", "API keys"]
    assert groups["Operations"] == ["Import runs", "Outgoing emails"]
    assert "Film weeks and programme" not in groups


def test_sidebar_of_an_administrator_has_every_group(client):
    groups = sidebar(client, make_user(is_staff=True, is_superuser=True))

    assert list(groups) == [
        "Catalog",
        "Film weeks and programme",
        "Members",
        "Sources and figures",
        "Imports",
        "Accounts",
        "Operations",
    ]


def test_sidebar_of_staff_without_permissions_is_empty(client):
    assert sidebar(client, make_user(is_staff=True)) == {}


def test_sidebar_links_only_what_the_user_may_open(client):
    client.force_login(member_of("Editors"))

    html = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:filmweek_film_changelist") in html
    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:alliance_membership_changelist") not in html


def test_admin_home_lists_no_join_table(admin_client):
    response = admin_client.get(reverse("admin:index"))

    listed = {
        model["object_name"].lower()
        for app in response.context["app_list"]
        for model in app["models"]
    }
    assert listed & JOIN_TABLES == set()
    assert {"film", "filmweek", "institution", "membership"} <= listed


def test_join_table_stays_reachable_from_its_owner(admin_client):
    film = make_film()

    response = admin_client.get(reverse("admin:filmweek_film_change", args=[film.pk]))

    inlines = [type(formset.opts).__name__ for formset in response.context["inline_admin_formsets"]]
    assert "FilmCountryInline" in inlines and "CreditInline" in inlines
    assert admin_client.get(reverse("admin:filmweek_credit_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Film Alliance Catalog"), ("zh-hans", "电影联盟名录")]
)
def test_admin_header_shows_the_site_name_in_the_staff_language(admin_client, language, name):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert str(response.context["site_header"]) == name
    assert f"| {name}</title>" in " ".join(html.split())


def admin_pages():
    film = make_film()
    return [
        reverse("admin:index"),
        reverse("admin:filmweek_film_changelist"),
        reverse("admin:filmweek_film_change", args=[film.pk]),
        reverse("admin:filmweek_film_history", args=[film.pk]),
        reverse("admin:filmweek_film_import"),
        reverse("admin:auth_user_changelist"),
    ]


def test_admin_pages_load_nothing_from_another_host(admin_client):
    pages = {address: admin_client.get(address).content.decode() for address in admin_pages()}

    assert {address: EXTERNAL_ASSET.findall(html) for address, html in pages.items()} == {
        address: [] for address in pages
    }


def test_admin_stylesheets_and_scripts_are_served_from_the_site(admin_client):
    html = admin_client.get(reverse("admin:filmweek_film_changelist")).content.decode()
    assets = set(LOCAL_ASSET.findall(html))

    found = {asset: finders.find(asset.removeprefix("/static/")) for asset in assets}
    external = {
        asset
        for asset, path in found.items()
        if path and EXTERNAL_ASSET.search(Path(path).read_text(encoding="utf-8"))
    }
    assert any("unfold" in asset for asset in assets)
    assert [asset for asset, path in found.items() if path is None] == []
    assert external == set()


def test_sign_in_at_the_admin_lands_on_the_admin_home(client):
    make_user(username="staff", password="a-long-test-password", is_staff=True)
    page = client.get(reverse("admin:login")).content.decode()
    action = re.search(r'<form action="([^"]+)" method="post" id="login-form"', page).group(1)

    response = client.post(
        action.replace("&amp;", "&"),
        {"username": "staff", "password": "a-long-test-password"},
    )

    assert response.headers["Location"] == reverse("admin:index")
