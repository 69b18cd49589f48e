"""Aliases of films, people and institutions: kept by the database's limit and the model's
rules, edited in the admin, imported and exported, shown as "Also known as", given by the
API and searched like the main name."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from alliance.models import Institution
from core.models import Status
from core.models.aliases import MAX_ALIASES_TEXT
from filmweek.models import Film, Person
from tests.factories import make_film, make_institution, make_person, make_user
from tests.imports import csv_bytes, export_data, import_file, preview, problems

PUBLISHED = {"status": Status.PUBLISHED}


@pytest.fixture
def editor_client(client, db):
    user = make_user(is_staff=True, username="editor")
    user.groups.set([Group.objects.get(name="Editors")])
    client.force_login(user)
    return client


def test_film_clean_keeps_one_alias_per_line(db):
    film = make_film(aliases=" Life Exchange\n\nLife Exchange \nJiaohuan Rensheng")

    film.full_clean()

    assert film.aliases == "Life Exchange\nJiaohuan Rensheng"


def test_person_full_clean_names_too_many_aliases(db):
    person = make_person(aliases="\n".join(f"Name {n}" for n in range(11)))

    with pytest.raises(ValidationError) as refused:
        person.full_clean()

    assert refused.value.message_dict["aliases"] == [
        "Give at most 10 other names, one per line; this has 11."
    ]


@pytest.mark.parametrize("model", [Film, Person, Institution])
def test_database_refuses_aliases_past_the_limit(db, model):
    maker = {Film: make_film, Person: make_person, Institution: make_institution}[model]

    with pytest.raises(IntegrityError):
        maker(aliases="x" * (MAX_ALIASES_TEXT + 1))


@pytest.mark.parametrize(
    ("maker", "page"),
    [
        (make_film, "/en/films/{slug}/"),
        (make_person, "/en/people/{slug}/"),
        (make_institution, "/en/institutions/{slug}/"),
    ],
)
def test_detail_page_shows_aliases_as_also_known_as(client, db, maker, page):
    record = maker(slug="known", aliases="First Alias\nSecond Alias", **PUBLISHED)

    html = client.get(page.format(slug=record.slug)).content.decode()

    assert "<dt>Also known as</dt>\n<dd>First Alias</dd><dd>Second Alias</dd>" in html


def test_detail_page_without_aliases_leaves_the_row_out(client, db):
    make_film(slug="plain", **PUBLISHED)

    html = client.get("/en/films/plain/").content.decode()

    assert "Also known as" not in html


@pytest.mark.parametrize(
    ("maker", "address"),
    [
        (make_film, "/api/v1/films/{slug}/"),
        (make_person, "/api/v1/people/{slug}/"),
        (make_institution, "/api/v1/institutions/{slug}/"),
    ],
)
def test_api_detail_gives_aliases_as_a_list(client, db, maker, address):
    record = maker(slug="known", aliases="First Alias\nSecond Alias", **PUBLISHED)

    body = client.get(address.format(slug=record.slug)).json()

    assert body["aliases"] == ["First Alias", "Second Alias"]


def test_search_finds_a_film_by_its_alias(client, db):
    make_film(
        slug="five-hundred-miles", title_original="交换人生", aliases="Life Exchange", **PUBLISHED
    )

    response = client.get("/en/search/", {"q": "life exchange"})

    groups = response.context["groups"]
    assert [(group.kind.key, [r.slug for r in group.results]) for group in groups] == [
        ("films", ["five-hundred-miles"])
    ]


def test_saving_aliases_renews_the_search_text(db):
    person = make_person(name_en="Zhao Tao")

    person.aliases = "Tao Zhao"
    person.save(update_fields=["aliases"])

    assert person.search_text.splitlines() == ["zhao tao", "tao zhao"]


def test_admin_change_page_edits_aliases_with_help(editor_client):
    film = make_film()

    html = editor_client.get(f"/admin/filmweek/film/{film.pk}/change/").content.decode()

    assert '<textarea name="aliases"' in html
    assert "Other names or titles it is known by, one per line" in html


def test_person_file_imports_aliases_separated_by_semicolons(editor_client):
    rows = [["name_en", "aliases"], ["Zhao Tao", "Tao Zhao; 趙濤"]]

    import_file(editor_client, Person, csv_bytes(rows))

    assert Person.objects.get().alias_list == ["Tao Zhao", "趙濤"]


def test_institution_file_with_too_many_aliases_is_refused(client, db):
    manager = make_user(is_staff=True, username="manager")
    manager.groups.set([Group.objects.get(name="Membership managers")])
    client.force_login(manager)
    rows = [["name_en", "kind", "aliases"], ["DIFF", "festival", "; ".join("abcdefghijk")]]

    previewed = preview(client, Institution, csv_bytes(rows))

    assert "Give at most 10 other names, one per line; this has 11." in str(problems(previewed))
    assert Institution.objects.filter(name_en="DIFF").count() == 0


def test_film_export_writes_aliases_with_semicolons(editor_client):
    make_film(slug="known", aliases="First Alias\nSecond Alias")

    content = export_data(editor_client, Film).content.decode("utf-8-sig")

    assert "First Alias; Second Alias" in content
