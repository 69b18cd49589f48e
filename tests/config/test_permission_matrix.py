"""Who may do what on every URL of the project, discovered from the URL resolver.

Each URL pattern meets five actors (anonymous, the representative of institution A, the
representative of B, staff without permissions, a membership manager) with GET and POST, and
must answer as its rule says, writing nothing to the database unless the rule allows it. A URL
that no rule covers fails `test_every_url_has_a_rule`: add a row to RULES for it.

Public catalog pages under the language prefix share one default rule (GET 200/404 for all,
no writes); the admin is covered by a rule on its prefix, with the self-service models' pages
spelled out. Another institution's objects are a 404.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from alliance import services
from alliance.models import AllianceItem
from tests.factories import (
    make_alliance,
    make_application,
    make_institution,
    make_invitation,
    make_profile_change,
    make_representative,
    make_staff,
    make_user,
)

ACTORS = ("anonymous", "rep_a", "rep_b", "staff", "manager")
METHODS = ("GET", "POST")
NON_STAFF = {"anonymous", "rep_a", "rep_b"}
SELF_SERVICE_MODELS = {"profilechange", "membershipapplication", "representativeinvitation"}
MANAGER_PERMISSIONS = (
    "view_profilechange",
    "change_profilechange",
    "view_membershipapplication",
    "change_membershipapplication",
    "add_representativeinvitation",
    "view_representativeinvitation",
    "change_representativeinvitation",
)
# Tables a request may write to without changing any record: sessions and sign-in bookkeeping.
BOOKKEEPING_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog"}
ANY_TABLE = "*"


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, language prefix removed: "account/institution/"
    name: str  # "account-institution", "admin:alliance_profilechange_change", "" if unnamed
    localized: bool  # under /<lang>/
    full: str  # the pattern with its prefixes: "en/account/institution/"

    def __str__(self):
        return self.full


@dataclass(frozen=True)
class Expect:
    statuses: frozenset
    writes: frozenset = frozenset()  # tables that may be written; ANY_TABLE for any


def expect(*statuses, writes=()):
    return Expect(frozenset(statuses), frozenset(writes))


@dataclass(frozen=True)
class Rule:
    label: str
    matches: Callable[[Route], bool]
    # (route, actor, method) -> Expect
    expectation: Callable[[Route, str, str], Expect]
    args: dict = field(default_factory=dict)  # pattern argument name -> world attribute
    # What a signed-in POST without a CSRF token gets: 403, or 405 where no POST is taken at all.
    forged_post: int = 403


def discover(patterns=None, prefix="", namespace="", localized=False, shown=""):
    """Every URL pattern of the project, with the prefixes of the resolvers around it."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            is_locale = isinstance(pattern.pattern, LocalePrefixPattern)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from discover(
                pattern.url_patterns,
                prefix if is_locale else prefix + str(pattern.pattern),
                inner,
                localized or is_locale,
                shown + str(pattern.pattern),
            )
        else:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Route(route, name, localized, shown + str(pattern.pattern))


# Rules --------------------------------------------------------------------------------------


def named(*names):
    return lambda route: route.name in names


def everyone(get, post, writes=()):
    return lambda route, actor, method: expect(*(get if method == "GET" else post), writes=writes)


def signed_in(get, post, anonymous=((302,), (302,))):
    def rule(route, actor, method):
        if actor == "anonymous":
            return expect(*(anonymous[0] if method == "GET" else anonymous[1]))
        return expect(*(get if method == "GET" else post))

    return rule


def own_institution_profile(route, actor, method):
    if actor == "anonymous":
        return expect(302)
    if actor in ("rep_a", "rep_b"):
        if method == "GET":
            return expect(200)
        # The change and the email telling the reviewers (core.mail records every email).
        return expect(302, writes={"alliance_profilechange", "core_outgoingemail"})
    return expect(404)


def change_of_a(route, actor, method):
    if actor == "anonymous":
        return expect(302)
    return expect(200) if actor == "rep_a" else expect(404)


def withdraw_change_of_a(route, actor, method):
    if method == "GET":
        return expect(405)
    if actor == "anonymous":
        return expect(302)
    return expect(302, writes={"alliance_profilechange"}) if actor == "rep_a" else expect(404)


ADMIN_MODEL_VIEW = re.compile(r"^admin:(\w+?)_(\w+)_(changelist|add|change|delete|history)$")
# django-import-export's pages of a model (and the import template download): 403 for staff
# without the model's permissions; process_import takes POST only.
ADMIN_IMPORT_EXPORT = re.compile(r"^admin:\w+_(import|process_import|import_template|export)$")


def admin_rule(route, actor, method):
    """The admin: non-staff are sent to its sign-in; staff see 403 on models they hold no
    permission for; the membership manager works on the self-service models."""
    if route.name == "admin:login":  # staff already in are sent on to the index
        return expect(302) if method == "GET" and actor not in NON_STAFF else expect(200)
    if actor in NON_STAFF:
        return expect(302)
    if route.name == "admin:auth_user_password_change":
        return expect(403)
    if ADMIN_IMPORT_EXPORT.match(route.name):
        if route.name.endswith("_process_import") and method == "GET":
            return expect(405)
        return expect(403)
    match = ADMIN_MODEL_VIEW.match(route.name)
    if match is None:
        return admin_site_page(route, actor, method)
    app_label, model, view = match.groups()
    manages = actor == "manager" and app_label == "alliance" and model in SELF_SERVICE_MODELS
    if not manages:
        # The history page looks the object up first: one that does not exist redirects.
        return expect(302, 403) if view == "history" else expect(403)
    if view == "delete" or (view == "add" and model != "representativeinvitation"):
        return expect(403)
    if method == "POST" and view == "change":
        return expect(200, 302, writes={ANY_TABLE})
    if method == "POST" and view == "add":
        return expect(200, 302, writes={ANY_TABLE})
    return expect(200)


def admin_site_page(route, actor, method):
    """Admin pages that belong to no model, for staff."""
    if route.name == "admin:app_list":  # the argument is "alliance"
        return expect(200) if actor == "manager" else expect(404)
    if route.name == "admin:autocomplete":  # without its parameters
        return expect(403) if method == "GET" else expect(405)
    if route.name == "admin:view_on_site":  # for an object that does not exist
        return expect(404)
    if route.name == "":  # the object redirect "<id>/" and the catch-all
        return expect(301, 302, 404)
    if route.name == "admin:logout":
        return expect(405) if method == "GET" else expect(200)
    if route.name in ("admin:password_change", "admin:index"):
        return expect(200)
    if route.name == "admin:search":  # the admin theme's search of model names: none here
        return expect(200)
    if route.name in ("admin:jsi18n", "admin:password_change_done"):
        return expect(200) if method == "GET" else expect(405)
    if route.name.startswith("admin:screenings_screening_grid"):
        # The programme grid: no actor here holds the screenings' permissions; its changes
        # take POST only. A film week's id filled in as "x" is no id: the admin's catch-all
        # redirects (tests/screenings/test_programme_grid.py checks those pages' permissions).
        if "<int:film_week_id>" in route.route:
            return expect(302)
        if route.name.endswith("_move") and method == "GET":
            return expect(405)
        return expect(403)
    raise AssertionError(f"no expectation for admin page {route.name}")


def public_page(route, actor, method):
    """A catalog page: readable by everyone, or a 404 for an object that does not exist; a
    POST changes nothing (the views do not restrict methods, so 200 is allowed)."""
    if method == "GET":
        return expect(200, 404)
    return expect(200, 403, 404, 405)


RULES = [
    Rule("admin", lambda route: route.route.startswith("admin/"), admin_rule),
    Rule("health", named("healthz", "readyz"), everyone((200,), (200,))),
    # Off unless METRICS=1, and then for METRICS_ALLOWED only (tests/config/test_metrics.py).
    Rule("metrics", named("metrics"), everyone((404,), (404,))),
    Rule("robots", named("robots-txt"), everyone((200,), (405,))),
    Rule("sitemap", named("sitemap"), everyone((200,), (200, 405))),
    # Filled in with the section "x", which does not exist.
    Rule("sitemap section", named("sitemap-section"), everyone((404,), (404,))),
    Rule("set language", named("set_language"), everyone((200, 204, 302), (302,))),
    # The open-data zip: a redirect to the current one (built first), the zip of a token, or 503
    # while none is built; GET and HEAD only.
    Rule(
        "open-data archive",
        named("open-data-latest", "open-data-download"),
        everyone((200, 302, 503), (405,)),
    ),
    Rule("media (DEBUG only)", lambda route: route.route.startswith("^media/"), public_page),
    Rule("account home", named("account-home"), signed_in((200,), (200,))),
    Rule("sign in", named("account-sign-in"), signed_in((302,), (302,), ((200,), (200,)))),
    Rule("sign out", named("account-sign-out"), everyone((405,), (302,))),
    Rule("password change", named("account-password"), signed_in((200,), (200,))),
    Rule("password changed", named("account-password-changed"), signed_in((200,), (405,))),
    Rule(
        "password reset pages",
        named(
            "account-password-reset-sent",
            "account-password-reset-done",
        ),
        everyone((200,), (405,)),
    ),
    Rule(
        "password reset forms",
        named("account-password-reset", "account-password-reset-confirm"),
        everyone((200,), (200,)),
    ),
    Rule(
        "invitation",
        named("account-invitation"),
        everyone((200,), (200,)),
        args={"token": "invitation_token"},
    ),
    Rule("institution profile", named("account-institution"), own_institution_profile),
    Rule("change of A", named("account-change"), change_of_a, args={"pk": "change_a"}),
    Rule(
        "withdraw change of A",
        named("account-change-withdraw"),
        withdraw_change_of_a,
        args={"pk": "change_a"},
    ),
    Rule("apply", named("apply", "apply-sent"), everyone((200,), (200,))),
    # Lists of every record they cover, never a 404 (a filter of no record is an empty list).
    Rule(
        "awards and juries",
        named("award-list", "jury-list"),
        lambda route, actor, method: (
            public_page(route, actor, method) if method == "POST" else expect(200)
        ),
    ),
    # JSON for the search box: never a 404, whatever the query (none here).
    Rule("search suggestions", named("search-suggest"), everyone((200,), (200,))),
    # A visitor's programme lives in its URL: without one, the page explains and the feed of
    # no programme does not exist; no one's programme is kept, whoever asks.
    Rule("programme", named("programme"), everyone((200,), (200,))),
    Rule("programme feed", named("programme-calendar"), everyone((404,), (404,))),
    Rule("public catalog page", lambda route: route.localized, public_page),
    # Read-only, no session authentication: a POST is refused before anything else.
    Rule(
        "public read API",
        lambda route: route.name.startswith("api:"),
        everyone((200, 404), (405,)),
        forged_post=405,
    ),
]

ROUTES = sorted(set(discover()), key=lambda route: route.full)


def rule_for(route):
    return next((rule for rule in RULES if rule.matches(route)), None)


def test_every_url_has_a_rule():
    uncovered = [route.full for route in ROUTES if rule_for(route) is None]

    assert uncovered == []


def test_discovery_finds_the_self_service_urls():
    names = {route.name for route in ROUTES}

    assert {"account-institution", "account-change", "apply", "admin:index"} <= names


def test_awards_and_juries_pages_have_their_own_rule():
    labels = {
        route.full: rule_for(route).label
        for route in ROUTES
        if route.name in ("award-list", "jury-list")
    }

    assert labels == {"en/awards/": "awards and juries", "en/juries/": "awards and juries"}


# The world every request meets ---------------------------------------------------------------


class World:
    def __init__(self):
        self.institution_a = make_institution(
            slug="institution-a", status="published", description_en="Public text of A."
        )
        self.institution_b = make_institution(
            slug="institution-b", status="published", description_en="Public text of B."
        )
        alliance = make_alliance(status="published")
        AllianceItem.objects.create(alliance=alliance, kind="criterion", text_en="Be a festival.")
        self.users = {
            "anonymous": None,
            "rep_a": make_representative(institution=self.institution_a).user,
            "rep_b": make_representative(institution=self.institution_b).user,
            "staff": make_staff(),
            "manager": make_staff(*MANAGER_PERMISSIONS),
        }
        self.change_a = make_profile_change(institution=self.institution_a).pk
        self.application = make_application(alliance=alliance).pk
        invitation = make_invitation(institution=self.institution_a)
        self.invitation_token = services.invitation_token(invitation)
        self.object_ids = {
            "profilechange": self.change_a,
            "membershipapplication": self.application,
            "representativeinvitation": invitation.pk,
        }
        make_user(username="unrelated")

    def argument(self, route, rule, name):
        if name in rule.args:
            return str(getattr(self, rule.args[name]))
        if name == "object_id":
            match = ADMIN_MODEL_VIEW.match(route.name) or re.search(r"/(\w+)/<path", route.route)
            model = match.group(2) if match and match.re is ADMIN_MODEL_VIEW else ""
            return str(self.object_ids.get(model, 1))
        return {
            "app_label": "alliance",
            "url": "no-such-page/",
            "content_type_id": "1",
            "slug": "no-such-slug",
            "pk": "999999",
            "id": "1",
            "uidb64": "MQ",
            "token": "no-such-token",
            "path": "no-such-file.png",
        }.get(name, "x")

    def url(self, route, rule):
        def fill(match):
            return self.argument(route, rule, match.group("name"))

        path = route.full.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, path)
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
        return "/" + path


@pytest.fixture(autouse=True)
def _media_in_a_test_folder(settings, tmp_path):
    """The open-data archive the pages build goes there, not into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    cache.clear()
    return World()


def written_tables(queries):
    tables = set()
    for query in queries:
        match = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', query["sql"], re.I)
        if match:
            tables.add(match.group(1).lower())
    return tables - BOOKKEEPING_TABLES


def request_as(world, actor, method, url):
    client = Client()
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method.lower())(url)
    return response.status_code, written_tables(queries.captured_queries)


@pytest.mark.parametrize("route", ROUTES, ids=[route.full for route in ROUTES])
def test_url_answers_each_actor_as_its_rule_says(world, route):
    rule = rule_for(route)
    assert rule is not None, f"{route.full} has no rule"
    url = world.url(route, rule)
    wrong = []

    for actor in ACTORS:
        for method in METHODS:
            expected = rule.expectation(route, actor, method)
            status, tables = request_as(world, actor, method, url)
            allowed = ANY_TABLE in expected.writes or tables <= expected.writes
            if status not in expected.statuses or not allowed:
                wrong.append((actor, method, status, sorted(tables)))

    assert wrong == [], f"{url} ({rule.label})"


# CSRF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=[route.full for route in ROUTES])
def test_post_without_csrf_token_is_refused_and_writes_nothing(world, route):
    rule = rule_for(route)
    url = world.url(route, rule)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["rep_a"])

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"description_en": "Forged."})

    assert response.status_code == rule.forged_post
    assert written_tables(queries.captured_queries) == set()
