"""The open-data export (manage.py export_open_data), its archive and its page: only published
records, a valid Frictionless Data Package, and an archive rebuilt when the catalog changes."""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from frictionless import validate

from alliance.models import AllianceItem, Country, CountryGroup, InstitutionKind
from api import open_data_archive
from api.open_data import exported_files
from api.open_data_tables import TABLES
from core.models import Status
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

DRAFT = Status.DRAFT
SECRET = "secret"  # in the slug or name of every draft, and of nothing else


def secret(make, **kw):
    """A draft whose slug and names carry SECRET."""
    return make(status=DRAFT, slug=f"{SECRET}-{f._next()}", **kw)


def hour(number):
    return datetime.datetime(2023, 6, 12, number, tzinfo=datetime.UTC)


def public_catalog():
    """One public row of each table, and beside it drafts of each publishable model with rows
    linking to them; {table name: the number of public rows}."""
    cn = f.make_country("CN")
    institution = f.make_institution(status=Status.PUBLISHED, country=cn)
    base = f.make_institution(status=Status.PUBLISHED, kind=InstitutionKind.PRODUCTION_BASE)
    hidden_institution = secret(f.make_institution, name_en=f"{SECRET} festival")
    hidden_base = secret(f.make_institution, kind=InstitutionKind.PRODUCTION_BASE)
    edition = f.make_festival_edition(institution=institution)
    hidden_edition = f.make_festival_edition(institution=hidden_institution)
    alliance = f.make_alliance(status=Status.PUBLISHED, initiator=hidden_institution)
    hidden_alliance = secret(f.make_alliance, name_en=f"{SECRET} alliance")
    for owner in (alliance, hidden_alliance):
        AllianceItem.objects.create(alliance=owner, kind="criterion", text_en="A festival")
        f.make_milestone(alliance=owner)
    f.make_membership(institution=institution, alliance=alliance, recommended_by=hidden_institution)
    f.make_membership(institution=hidden_institution, alliance=alliance)
    f.make_membership(institution=institution, alliance=hidden_alliance)
    person = f.make_person(status=Status.PUBLISHED)
    hidden_person = secret(f.make_person, name_en=f"{SECRET} person")
    film = f.make_film(status=Status.PUBLISHED)
    hidden_film = secret(f.make_film, title_original=f"{SECRET} film")
    chinese = Language.objects.create(code="zh", name_en="Chinese")
    for each in (film, hidden_film):
        FilmCountry.objects.create(film=each, country=cn)
        each.languages.add(chinese)
        FilmLocation.objects.create(film=each, base=base)
    FilmLocation.objects.create(film=film, base=hidden_base)
    f.make_credit(film=film, person=person)
    f.make_credit(film=film, person=hidden_person)
    f.make_credit(film=hidden_film, person=person)
    f.make_award(body=institution, film=film, person=hidden_person)
    f.make_award(body=institution, film=hidden_film, person=None)
    f.make_award(body=hidden_institution, film=film)
    film_week = f.make_film_week(status=Status.PUBLISHED, organiser=hidden_institution)
    hidden_week = secret(f.make_film_week, name_en=f"{SECRET} week", organiser=hidden_institution)
    for week in (film_week, hidden_week):
        Ambassador.objects.create(film_week=week, person=person)
        Selection.objects.create(film_week=week, film=film)
    Ambassador.objects.create(film_week=film_week, person=hidden_person, order=2)
    Selection.objects.create(film_week=film_week, film=hidden_film)
    activity = f.make_activity(film_week=film_week)
    hidden_activity = f.make_activity(film_week=hidden_week, title_en=f"{SECRET} forum")
    Participation.objects.create(activity=activity, person=person)
    Participation.objects.create(activity=activity, person=hidden_person)
    Participation.objects.create(activity=hidden_activity, person=person)
    JuryService.objects.create(person=person, festival_edition=edition)
    JuryService.objects.create(person=hidden_person, festival_edition=edition)
    JuryService.objects.create(person=person, festival_edition=hidden_edition)
    venue = f.make_venue(status=Status.PUBLISHED, country=cn)
    hidden_venue = secret(f.make_venue, name_en=f"{SECRET} cinema", country=cn)
    screening = f.make_screening(film=film, film_week=film_week, venue=venue, starts_at=hour(10))
    screening.guests.add(person, hidden_person)
    f.make_screening(film=hidden_film, film_week=film_week, venue=venue, starts_at=hour(13))
    f.make_screening(film=film, film_week=hidden_week, venue=venue, starts_at=hour(16))
    f.make_screening(film=film, film_week=film_week, venue=hidden_venue, starts_at=hour(19))
    f.make_activity_session(activity=activity, venue=venue)
    f.make_activity_session(activity=hidden_activity, venue=venue)
    f.make_activity_session(activity=activity, venue=hidden_venue)
    tour = f.make_tour(status=Status.PUBLISHED, organiser=institution)
    hidden_tour = secret(f.make_tour, name_en=f"{SECRET} tour", organiser=institution)
    f.make_tour_stop(tour=tour, film=film, host_edition=edition)
    f.make_tour_stop(tour=hidden_tour, film=film, host_edition=edition)
    f.make_tour_stop(tour=tour, film=hidden_film, host_edition=edition)
    f.make_tour_stop(tour=tour, film=film, host_edition=hidden_edition)
    cited = f.make_source()
    for week in (film_week, hidden_week):
        ReportedFigure.objects.create(
            film_week=week, label_en="co-productions", value=3, source=cited
        )
    Quote.objects.create(person=person, film_week=hidden_week, text_en="Cinema", source=cited)
    Quote.objects.create(person=hidden_person, film_week=film_week, text_en="Film", source=cited)
    for each_base in (base, hidden_base):
        f.make_incentive_policy(base=each_base, source=cited)
    Position.objects.create(person=person, institution=base, title_en="CEO")
    Position.objects.create(person=hidden_person, institution=base, title_en="CEO")
    Position.objects.create(person=person, institution=hidden_base, title_en="CEO")
    CountryGroup.objects.create(slug="sco", name_en="SCO member states").countries.add(
        cn, f.make_country("RU")
    )
    return {
        "countries": Country.objects.count(),  # those of ISO 3166, which a migration adds
        "country_groups": 1,  # country groups have no drafts
        "country_group_countries": 2,
        "languages": 1,
        "sources": 3,  # the milestones' and the one cited: sources have no drafts
        "institutions": 2,
        "festival_editions": 1,
        "alliances": 1,
        "alliance_items": 1,
        "alliance_units": 0,
        "memberships": 1,
        "milestones": 1,
        "people": 1,
        "positions": 1,
        "films": 1,
        "film_countries": 1,
        "film_languages": 1,
        "credits": 1,
        "awards": 1,
        "film_weeks": 1,
        "ambassadors": 1,
        "activities": 1,
        "participations": 1,
        "reported_figures": 1,
        "quotes": 1,
        "selections": 1,
        "jury_services": 1,
        "film_locations": 1,
        "incentive_policies": 1,
        "venues": 1,
        "screenings": 1,
        "screening_guests": 1,
        "activity_sessions": 1,
        "tours": 1,
        "tour_stops": 1,
    }


def read_csv(folder, name):
    with open(Path(folder) / f"{name}.csv", encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


@pytest.fixture
def exported(db, tmp_path):
    """(the folder the command wrote, the public rows expected per table)."""
    expected = public_catalog()
    folder = tmp_path / "export"
    call_command("export_open_data", str(folder), "--zip", str(tmp_path / "catalog.zip"))
    return folder, expected


def test_export_writes_every_file_with_its_header(exported):
    folder, _expected = exported

    names = sorted(path.name for path in folder.iterdir())

    assert names == sorted(exported_files())
    for table in TABLES:
        assert read_csv(folder, table.name)[0] == [column.name for column in table.columns]


def test_export_rows_are_the_public_ones(exported):
    folder, expected = exported

    counts = {table.name: len(read_csv(folder, table.name)) - 1 for table in TABLES}

    assert counts == expected


def test_export_has_no_draft_nor_row_linking_to_one(exported):
    folder, _expected = exported

    leaks = [name for name in exported_files() if SECRET in (folder / name).read_text()]

    assert leaks == []


def test_export_blanks_a_link_to_a_draft_where_pages_leave_it_out(exported):
    folder, _expected = exported
    header, row = read_csv(folder, "memberships")
    award_header, award = read_csv(folder, "awards")
    quote_header, quote = read_csv(folder, "quotes")

    assert row[header.index("recommended_by")] == ""
    assert award[award_header.index("person")] == ""
    assert award[award_header.index("film")] != ""
    assert quote[quote_header.index("film_week")] == ""
    assert quote[quote_header.index("text_en")] == "Cinema"


def test_export_lists_country_groups_with_their_member_countries(exported):
    folder, _expected = exported

    groups = read_csv(folder, "country_groups")
    header, *members = read_csv(folder, "country_group_countries")

    assert groups == [["slug", "name_en", "name_zh"], ["sco", "SCO member states", ""]]
    assert [header, sorted(members)] == [["group", "country"], [["sco", "CN"], ["sco", "RU"]]]


def test_export_gives_figures_and_rates_as_numbers_with_their_source(exported):
    folder, _expected = exported
    figure_header, figure = read_csv(folder, "reported_figures")
    policy_header, policy = read_csv(folder, "incentive_policies")
    source = read_csv(folder, "sources")[-1]

    assert [figure[figure_header.index(name)] for name in ("value", "is_lower_bound")] == [
        "3",
        "false",
    ]
    assert policy[policy_header.index("rate_percent")] == "40.00"
    assert figure[figure_header.index("source")] == policy[policy_header.index("source")]
    assert figure[figure_header.index("source")] == source[0]


def test_export_is_a_valid_data_package_whose_foreign_keys_resolve(exported):
    folder, _expected = exported

    report = validate(str(folder / "datapackage.json"))

    assert report.flatten(["type", "message"]) == []
    assert report.valid is True


def test_datapackage_describes_every_table(exported):
    folder, _expected = exported

    package = json.loads((folder / "datapackage.json").read_text())

    assert package["name"] == "film-alliance-catalog"
    assert "licenses" not in package  # the project states no licence for its data
    assert [resource["name"] for resource in package["resources"]] == [t.name for t in TABLES]
    for resource in package["resources"]:
        assert resource["path"] == f"{resource['name']}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        names = [field["name"] for field in resource["schema"]["fields"]]
        assert set(resource["schema"]["primaryKey"]) <= set(names)
        for foreign_key in resource["schema"].get("foreignKeys", []):
            assert set(foreign_key["fields"]) <= set(names)


def test_export_zip_holds_the_folder_files(exported, tmp_path):
    folder, _expected = exported

    with zipfile.ZipFile(tmp_path / "catalog.zip") as archive:
        content = {name: archive.read(name) for name in archive.namelist()}

    assert content == {name: (folder / name).read_bytes() for name in exported_files()}


def test_export_refuses_a_file_as_folder(db, tmp_path):
    target = tmp_path / "taken.txt"
    target.write_text("x")

    with pytest.raises(CommandError) as error:
        call_command("export_open_data", str(target))

    assert str(error.value) == f"{target} is a file, not a folder: give a folder to write into."


def test_export_refuses_a_folder_under_a_file(db, tmp_path):
    (tmp_path / "taken.txt").write_text("x")
    target = tmp_path / "taken.txt" / "export"

    with pytest.raises(CommandError) as error:
        call_command("export_open_data", str(target))

    assert str(error.value) == f"Cannot make the folder {target}: Not a directory."


def test_export_refuses_a_folder_it_may_not_write(db, tmp_path, monkeypatch):
    monkeypatch.setattr("os.access", lambda path, mode: False)

    with pytest.raises(CommandError) as error:
        call_command("export_open_data", str(tmp_path))

    assert str(error.value) == f"Cannot write into the folder {tmp_path}: permission denied."


# The archive and its page ----------------------------------------------------------------------


@pytest.fixture
def storage(settings, tmp_path):
    """Archives in a folder of the test's own (built in the request: tests/conftest.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def download(client):
    """(the redirect's token address, the response of following it)."""
    address = client.get("/open-data/catalog.zip")["Location"]
    return address, client.get(address)


def test_download_is_the_export_as_a_zip(db, client, storage):
    expected = public_catalog()

    address, response = download(client)
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        films = archive.read("films.csv").decode().splitlines()

    token = address.removeprefix("/open-data/catalog-").removesuffix(".zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="film-alliance-catalog-'
    )
    assert response["ETag"] == f'"{token}"'
    assert "Last-Modified" in response
    assert len(films) == expected["films"] + 1


def test_download_answers_304_to_its_etag(db, client, storage):
    address, response = download(client)

    again = client.get(address, headers={"If-None-Match": response["ETag"]})

    assert again.status_code == 304


def test_download_is_rebuilt_after_a_save_and_the_old_one_deleted(db, client, storage):
    film = f.make_film(status=Status.PUBLISHED)
    before, _response = download(client)

    film.title_en = "Renamed"
    film.save()
    after, response = download(client)
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        films = archive.read("films.csv").decode()

    assert after != before
    assert "Renamed" in films
    assert sorted(default_storage.listdir("open-data")[1]) == sorted(
        [Path(after).name, Path(after).with_suffix(".json").name]
    )
    assert client.get(before)["Location"] == "/open-data/catalog.zip"


def test_download_waits_for_a_build_already_running(db, client, storage):
    open_data_archive.cache.add(open_data_archive.LOCK_KEY, "another", timeout=60)

    response = client.get("/open-data/catalog.zip")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize(
    ("language", "heading", "title"),
    [("en", "Open data", "Films"), ("zh-hans", "开放数据", "影片")],
)
def test_open_data_page_in_each_language(db, client, storage, language, heading, title):
    public_catalog()

    response = client.get(f"/{language}/open-data/")
    text = response.content.decode()

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in text
    assert f"<td>{title}</td>" in text
    assert 'href="/open-data/catalog-' in text


def test_open_data_page_shows_row_counts(db, client, storage):
    f.make_film(status=Status.PUBLISHED)
    f.make_film(status=Status.PUBLISHED)

    response = client.get("/en/open-data/")

    assert response.context["tables"][TABLES.index(films_table())]["rows"] == 2


def films_table():
    return next(table for table in TABLES if table.name == "films")


@pytest.mark.parametrize("rows", [1, 3])
def test_open_data_page_queries_same_for_1_and_3_rows(
    db, client, storage, django_assert_num_queries, rows
):
    for _ in range(rows):
        f.make_credit(film=f.make_film(status=Status.PUBLISHED))
    client.get("/en/open-data/")  # builds the archive

    with django_assert_num_queries(0):
        response = client.get("/en/open-data/")

    assert response.status_code == 200


def test_open_data_page_offers_the_older_archive_while_a_build_runs(db, client, storage):
    film = f.make_film(status=Status.PUBLISHED)
    client.get("/en/open-data/")
    film.title_en = "Changed"
    film.save()
    open_data_archive.cache.add(open_data_archive.LOCK_KEY, "another", timeout=60)

    response = client.get("/en/open-data/")

    assert response.context["current"] is False
    assert response.context["archive"] is not None


def test_open_data_page_offers_the_newest_archive_when_the_cache_is_down(
    db, client, storage, monkeypatch
):
    f.make_film(status=Status.PUBLISHED)
    client.get("/en/open-data/")

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(open_data_archive.cache, method, unreachable)
    response = client.get("/en/open-data/")

    assert [response.status_code, response.context["current"]] == [200, False]
    assert response.context["archive"].counts["films"] == 1


def test_failed_build_is_not_tried_again_at_once(db, client, storage, monkeypatch):
    def fails(token):
        raise OSError("disk full")

    built = open_data_archive.build_archive
    monkeypatch.setattr(open_data_archive, "build_archive", fails)
    first = client.get("/open-data/catalog.zip")
    monkeypatch.setattr(open_data_archive, "build_archive", built)
    again = client.get("/open-data/catalog.zip")

    assert [first.status_code, again.status_code] == [503, 503]
