"""No draft is reachable through the API: a catalog where every publishable model has a published
and a draft record, and published records that link to the drafts, walked through every list and
detail endpoint of api/urls.py (found there, so an endpoint added later is walked too). No answer
may hold a draft's slug or name, and a draft's own key is a 404 on every detail endpoint."""

import datetime
import io
import re
import zipfile

import pytest
from django.apps import apps
from django.urls import URLResolver
from django.urls.resolvers import RoutePattern

from alliance.models import Alliance, AllianceUnit, Institution, InstitutionKind, Membership
from api import urls as api_urls
from core.models import Publishable, Status
from filmweek.models import (
    Activity,
    Ambassador,
    Film,
    FilmLocation,
    FilmWeek,
    JuryService,
    Participation,
    Person,
    Position,
    Quote,
    Selection,
)
from screenings.models import ActivitySession, Tour, Venue
from tests.factories import (
    make_alliance,
    make_award,
    make_credit,
    make_festival_edition,
    make_film,
    make_film_week,
    make_incentive_policy,
    make_institution,
    make_milestone,
    make_person,
    make_screening,
    make_source,
    make_tour,
    make_tour_stop,
    make_venue,
)

API = "/api/v1/"
# In every draft's slug and name, and in nothing published.
MARK = "zzdraft"
NAME_FIELDS = ("name_en", "name_zh", "name_original", "title_en", "title_zh", "title_original")
FACTORIES = {
    Institution: make_institution,
    Alliance: make_alliance,
    Person: make_person,
    Film: make_film,
    FilmWeek: make_film_week,
    Venue: make_venue,
    Tour: make_tour,
}
# The API's own description, not data.
NOT_DATA = {"schema", "docs"}
KEY = re.compile(r"<(?:(\w+):)?(\w+)>")
# An <int:...> detail is asked for every key up to this; the catalog has fewer rows per table.
INT_KEYS = range(1, 80)


def label(model):
    return model._meta.model_name


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def pair(model, **kwargs):
    """A published record of `model` and a draft whose slug and names carry MARK."""
    make = FACTORIES[model]
    fields = {field.name for field in model._meta.concrete_fields}
    marked = {name: f"Zzdraft {label(model)}" for name in NAME_FIELDS if name in fields}
    shown = make(slug=f"shown-{label(model)}", status=Status.PUBLISHED, **kwargs)
    draft = make(slug=f"{MARK}-{label(model)}", status=Status.DRAFT, **marked, **kwargs)
    return shown, draft


def at(hour):
    return datetime.datetime(2023, 6, 12, hour, 0, tzinfo=datetime.UTC)


def build_catalog():
    """Every publishable model published and in draft, and published records linking to the
    drafts in every way the models allow. Returns the drafts."""
    missing = [label(model) for model in publishable_models() if model not in FACTORIES]
    assert not missing, f"publishable models without a factory in FACTORIES: {missing}"
    organiser = make_institution(slug="shown-organiser", status=Status.PUBLISHED)
    records = {}
    for model in FACTORIES:
        kwargs = {"organiser": organiser} if model in (FilmWeek, Tour) else {}
        records[model] = pair(model, **kwargs)
    (institution, draft_institution), (alliance, draft_alliance) = (
        records[Institution],
        records[Alliance],
    )
    (person, draft_person), (film, draft_film) = records[Person], records[Film]
    (week, draft_week), (venue, draft_venue) = records[FilmWeek], records[Venue]
    tour, draft_tour = records[Tour]
    edition = make_festival_edition(institution=institution)
    draft_edition = make_festival_edition(institution=draft_institution)
    source = make_source()

    # Films and people
    make_credit(film=film, person=draft_person)
    make_credit(film=draft_film, person=person)
    make_award(body=draft_institution, film=film, person=draft_person)
    make_award(body=institution, person=person, film=draft_film)
    Position.objects.create(person=person, institution=draft_institution, title_en="Adviser")
    JuryService.objects.create(
        person=person, festival_edition=draft_edition, recommended_by=draft_institution
    )
    JuryService.objects.create(person=draft_person, festival_edition=edition)
    FilmLocation.objects.create(film=film, base=draft_institution)
    make_incentive_policy(base=draft_institution)

    # Film weeks
    make_film_week(
        slug="shown-film-week-of-drafts",
        organiser=draft_institution,
        alliance=draft_alliance,
        festival_edition=draft_edition,
        status=Status.PUBLISHED,
    )
    Selection.objects.create(film_week=week, film=draft_film)
    Selection.objects.create(film_week=draft_week, film=film)
    Ambassador.objects.create(film_week=week, person=draft_person)
    Ambassador.objects.create(film_week=draft_week, person=person)
    activity = Activity.objects.create(film_week=week, kind="forum", title_en="Forum")
    Participation.objects.create(activity=activity, person=draft_person)
    Quote.objects.create(person=draft_person, film_week=week, text_en="Said.", source=source)

    # Alliances
    Membership.objects.create(
        institution=draft_institution, alliance=alliance, joined_on=alliance.founded_on
    )
    # The institution list is the member directory: a published member to show.
    Membership.objects.create(
        institution=institution, alliance=alliance, joined_on=alliance.founded_on
    )
    Membership.objects.create(
        institution=institution,
        alliance=draft_alliance,
        joined_on=draft_alliance.founded_on,
        recommended_by=draft_institution,
    )
    make_milestone(alliance=draft_alliance)
    AllianceUnit.objects.create(alliance=alliance, institution=draft_institution, role="host")
    make_alliance(
        slug="shown-alliance-of-a-draft", initiator=draft_institution, status=Status.PUBLISHED
    )

    # Screenings and tours
    make_screening(film=draft_film, film_week=week, venue=venue, starts_at=at(1))
    make_screening(film=film, film_week=week, venue=draft_venue, starts_at=at(4))
    make_screening(film=film, film_week=draft_week, venue=venue, starts_at=at(7))
    make_screening(film=film, film_week=week, venue=venue, starts_at=at(10)).guests.add(
        draft_person
    )
    ActivitySession.objects.create(
        activity=activity, venue=draft_venue, starts_at=at(13), ends_at=at(14)
    )
    make_tour_stop(tour=tour, film=draft_film, host_edition=edition)
    make_tour_stop(tour=tour, film=film, host_edition=draft_edition)
    make_tour_stop(tour=draft_tour, film=film, host_edition=edition)
    make_tour(
        slug="shown-tour-of-a-draft",
        organiser=draft_institution,
        status=Status.PUBLISHED,
    )
    make_institution(
        slug="shown-base", kind=InstitutionKind.PRODUCTION_BASE, status=Status.PUBLISHED
    )

    drafts = [
        record
        for model in publishable_models()
        for record in model.objects.exclude(status="published")
    ]
    unmarked = [str(record) for record in drafts if MARK not in record.slug]
    assert not unmarked, f"drafts made without the mark (a factory's default?): {unmarked}"
    return drafts


def endpoints(patterns=None, prefix=""):
    """(route, its keys) of every data endpoint in api/urls.py, includes followed."""
    for pattern in api_urls.urlpatterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from endpoints(pattern.url_patterns, prefix + str(pattern.pattern))
            continue
        if pattern.name in NOT_DATA:
            continue
        route = prefix + str(pattern.pattern)
        assert isinstance(pattern.pattern, RoutePattern), (
            f"{API}{route}: a regex pattern; teach test_drafts.py to fill in its keys"
        )
        yield route, KEY.findall(route)


def body_text(response):
    """What an answer shows, with the files of a zip archive unpacked."""
    if response["Content-Type"].startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode()


def assert_no_draft(url, response):
    text = body_text(response)
    where = text.lower().find(MARK)
    assert where == -1, f"{url} shows a draft: ...{text[max(0, where - 200) : where + 100]}..."


def walk_list(client, route):
    """Every row of a list, following its `next` links; every page checked."""
    url, rows = f"{API}{route}?limit=100", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answers {response.status_code}"
        assert_no_draft(url, response)
        body = response.json()
        if not isinstance(body, dict) or "results" not in body:
            return None  # not a paged list (the API root): checked whole
        rows += body["results"]
        url = body["next"]
    # Drafts are not even counted.
    assert body["count"] == len(rows), f"{API}{route} counts {body['count']}, shows {len(rows)}"
    return rows


def detail_keys(route, name, lists):
    """The keys a detail endpoint is asked for: those of its list's rows."""
    list_route = route[: route.index("<")]
    assert list_route in lists, f"{API}{route}: no list {API}{list_route} gives its keys"
    rows = lists[list_route]
    assert rows, f"{API}{list_route} shows no record: add a published one to build_catalog()"
    field = "id" if name == "pk" and "pk" not in rows[0] else name
    assert field in rows[0], f"{API}{list_route}: its rows have no `{field}` for {API}{route}"
    return [row[field] for row in rows]


@pytest.mark.usefixtures("throttle_off")
def test_drafts_are_reachable_through_no_endpoint(db, client):
    drafts = build_catalog()
    routes = dict(endpoints())
    lists = {route: walk_list(client, route) for route, keys in routes.items() if not keys}

    for route, keys in routes.items():
        if not keys:
            continue
        assert len(keys) == 1, f"{API}{route}: several keys; teach test_drafts.py to fill them"
        converter, name = keys[0]
        for key in detail_keys(route, name, lists):
            url = API + KEY.sub(str(key), route)
            response = client.get(url)
            assert response.status_code == 200, f"{url} answers {response.status_code}"
            assert_no_draft(url, response)
        # A key of a record that is not published itself (a screening of a draft film) may
        # answer, but without the draft.
        others = INT_KEYS if converter == "int" else [draft.slug for draft in drafts]
        for key in others:
            url = API + KEY.sub(str(key), route)
            response = client.get(url)
            assert response.status_code in (200, 404), f"{url} answers {response.status_code}"
            assert_no_draft(url, response)
            if converter != "int":
                assert response.status_code == 404, f"{url}: a draft's key answers 200"
