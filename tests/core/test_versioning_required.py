"""Every admin change form of a versioned record says which version it was opened with, and a
change sent without it (missing, empty or not a whole number) is refused on the form: a stale
form cannot skip the version check. Each registered admin whose model has a version is sent
its own change form as a browser sends it (bench.saver reads the page's fields)."""

from collections import defaultdict

import pytest
from django.contrib import admin
from django.urls import reverse

from alliance.models import AllianceItem, AllianceUnit, CountryGroup, InstitutionKind, Source
from bench.saver import form_fields
from core.forms.versioning import VERSION_FIELD
from core.models import Versioned
from filmweek.models import (
    Ambassador,
    FilmCountry,
    FilmLocation,
    JuryService,
    Language,
    Participation,
    Position,
    Quote,
    ReportedFigure,
    Selection,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

REFUSED = "This form did not say which version of the {} it was opened with"
SAVE_BUTTON = ("_save", "Save")

# One saved record of each versioned model that has an admin.
RECORDS = {
    "alliance.Alliance": f.make_alliance,
    "alliance.AllianceItem": lambda: AllianceItem.objects.create(
        alliance=f.make_alliance(), kind="criterion", text_en="Holds an annual festival."
    ),
    "alliance.AllianceUnit": lambda: AllianceUnit.objects.create(
        alliance=f.make_alliance(), institution=f.make_institution(), role="host"
    ),
    "alliance.Country": f.make_country,
    "alliance.CountryGroup": lambda: CountryGroup.objects.create(slug="sco", name_en="SCO"),
    "alliance.FestivalEdition": f.make_festival_edition,
    "alliance.Institution": f.make_institution,
    "alliance.Membership": f.make_membership,
    "alliance.Milestone": f.make_milestone,
    "alliance.Source": f.make_source,
    "filmweek.Activity": f.make_activity,
    "filmweek.Ambassador": lambda: Ambassador.objects.create(
        film_week=f.make_film_week(), person=f.make_person()
    ),
    "filmweek.Award": f.make_award,
    "filmweek.Credit": f.make_credit,
    "filmweek.Film": f.make_film,
    "filmweek.FilmCountry": lambda: FilmCountry.objects.create(
        film=f.make_film(), country=f.make_country()
    ),
    "filmweek.FilmLocation": lambda: FilmLocation.objects.create(
        film=f.make_film(), base=f.make_institution(kind=InstitutionKind.PRODUCTION_BASE)
    ),
    "filmweek.FilmWeek": f.make_film_week,
    "filmweek.IncentivePolicy": f.make_incentive_policy,
    "filmweek.JuryService": lambda: JuryService.objects.create(
        person=f.make_person(), festival_edition=f.make_festival_edition()
    ),
    "filmweek.Language": lambda: Language.objects.get_or_create(
        code="kk", defaults={"name_en": "Kazakh"}
    )[0],
    "filmweek.Participation": lambda: Participation.objects.create(
        activity=f.make_activity(), person=f.make_person()
    ),
    "filmweek.Person": f.make_person,
    "filmweek.Position": lambda: Position.objects.create(
        person=f.make_person(), institution=f.make_institution(), title_en="Director"
    ),
    "filmweek.Quote": lambda: Quote.objects.create(
        person=f.make_person(), text_en="Films travel.", source=f.make_source()
    ),
    "filmweek.ReportedFigure": lambda: ReportedFigure.objects.create(
        film_week=f.make_film_week(), label_en="films screened", value=87, source=f.make_source()
    ),
    "filmweek.Selection": lambda: Selection.objects.create(
        film=f.make_film(), film_week=f.make_film_week()
    ),
    "screenings.ActivitySession": f.make_activity_session,
    "screenings.Screening": f.make_screening,
    "screenings.Tour": f.make_tour,
    "screenings.TourStop": f.make_tour_stop,
    "screenings.Venue": f.make_venue,
}

VERSIONED_ADMINS = sorted(
    model._meta.label for model in admin.site._registry if issubclass(model, Versioned)
)


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def opened_form(client, record):
    """The (name, value) pairs a browser sends from the record's change form."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    return form_fields(page.content.decode(), f"{record._meta.model_name}_form")


def without_version(fields):
    return [(name, value) for name, value in fields if name != VERSION_FIELD]


def post(client, record, fields):
    data = defaultdict(list)
    for name, value in [*fields, SAVE_BUTTON]:
        data[name].append(value)
    return client.post(change_url(record), data)


def saved_version(record):
    return type(record)._base_manager.values_list("version", flat=True).get(pk=record.pk)


def shown_errors(response):
    return [str(error) for error in response.context["adminform"].form.non_field_errors()]


def sent_back(response, record):
    """The fields of the re-rendered form, but the CSRF token (masked anew on each page)."""
    fields = form_fields(response.content.decode(), f"{record._meta.model_name}_form")
    return [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]


def test_every_versioned_admin_has_a_record_to_test_with():
    missing = sorted(set(VERSIONED_ADMINS) - set(RECORDS))

    assert missing == [], f"add a record maker for {missing} to RECORDS"


@pytest.fixture(params=VERSIONED_ADMINS)
def record(request):
    return RECORDS[request.param]()


def test_change_without_version_is_refused_on_the_form(admin_client, record):
    fields = without_version(opened_form(admin_client, record))

    response = post(admin_client, record, fields)

    assert response.status_code == 200
    assert shown_errors(response)[0].startswith(REFUSED.format(record._meta.verbose_name))
    assert saved_version(record) == 1


def test_change_without_version_keeps_what_was_sent(admin_client, record):
    fields = without_version(opened_form(admin_client, record))
    sent = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]

    response = post(admin_client, record, fields)

    assert [pair for pair in sent_back(response, record) if pair[0] != VERSION_FIELD] == sent


def test_change_from_a_stale_version_is_refused(admin_client, record):
    fields = opened_form(admin_client, record)
    type(record)._base_manager.get(pk=record.pk).save()  # someone else saves meanwhile

    response = post(admin_client, record, fields)

    assert response.status_code == 200
    assert shown_errors(response)[0].startswith("Someone else saved this")
    assert saved_version(record) == 2


def test_change_from_the_current_version_is_saved(admin_client, record):
    fields = opened_form(admin_client, record)

    response = post(admin_client, record, fields)

    assert response.status_code == 302
    assert saved_version(record) == 2


@pytest.mark.parametrize("sent", ["", "seven", "-1", "2.5"])
def test_change_with_a_version_that_is_no_whole_number_is_refused(admin_client, sent):
    film = f.make_film(title_en="Mountains May Depart")
    fields = without_version(opened_form(admin_client, film))
    edited = [(n, "Mountains Part" if n == "title_en" else v) for n, v in fields]

    response = post(admin_client, film, [*edited, (VERSION_FIELD, sent)])

    assert shown_errors(response)[0].startswith(REFUSED.format("film"))
    assert "Mountains Part" in response.content.decode()
    film.refresh_from_db()
    assert (film.title_en, film.version) == ("Mountains May Depart", 1)


def test_add_without_version_is_saved(admin_client):
    response = admin_client.post(
        reverse("admin:alliance_source_add"), {"title": "SIFF press release", "_save": "Save"}
    )

    assert response.status_code == 302
    assert Source.objects.get(title="SIFF press release").version == 1


def test_restore_without_version_is_refused(admin_client):
    film = f.make_film(title_en="Mountains May Depart")
    first = film.history.get()
    film.title_en = "Newer title"
    film.save()
    restore = reverse("admin:filmweek_film_simple_history", args=[film.pk, first.history_id])
    page = admin_client.get(restore)
    fields = without_version(form_fields(page.content.decode(), "film_form"))

    response = admin_client.post(restore, {**dict(fields), "_save": "Revert"})

    assert shown_errors(response)[0].startswith(REFUSED.format("film"))
    film.refresh_from_db()
    assert (film.title_en, film.version) == ("Newer title", 2)
