"""Importing and exporting films (with countries and credits) and people in the admin: idempotent
on natural keys, previewed row by row, all or nothing, any encoding Chinese Excel writes."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from tablib import Dataset

from alliance.models import Country
from config.demo.sync import row_counts
from core.admin.imports import MAX_IMPORT_BYTES
from core.models import ImportRun, ImportState, Status
from filmweek.models import Credit, Film, FilmCountry, Language, Person
from tests.factories import make_film, make_person, make_user
from tests.imports import (
    admin_url,
    checksum,
    confirm,
    csv_bytes,
    export_data,
    import_file,
    preview,
    problems,
    row_types,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

FILM_HEADER = [
    "slug",
    "title_original",
    "title_en",
    "title_zh",
    "year",
    "kind",
    "released",
    "status",
    "countries",
    "credits",
]
FILMS = [
    FILM_HEADER,
    [
        "mountains-may-depart",
        "山河故人",
        "Mountains May Depart",
        "山河故人",
        "2015",
        "feature",
        "2015-10-30",
        "published",
        "CN; FR; JP",
        "director: Jia Zhangke; cast: Zhao Tao as Shen Tao",
    ],
    [
        "",
        "Пятьсот миль",
        "Five Hundred Miles",
        "五百英里",
        "2023",
        "feature",
        "2023-04",
        "",
        "CN; RU",
        "cast: Zhao Tao",
    ],
    ["", "Ash Is Purest White", "Ash Is Purest White", "江湖儿女", "2018", "", "2018", "", "", ""],
]
TABLES = (Film, FilmCountry, Credit, Person)


@pytest.fixture
def editor_client(client):
    user = make_user(is_staff=True, username="editor")
    user.groups.set([Group.objects.get(name="Editors")])
    client.force_login(user)
    return client


@pytest.fixture
def people():
    return [
        make_person(slug="jia-zhangke", name_en="Jia Zhangke", name_zh="贾樟柯"),
        make_person(slug="zhao-tao", name_en="Zhao Tao", name_zh="赵涛"),
    ]


def stored_films():
    return sorted(
        (
            film.slug,
            film.title_en,
            film.released_on.isoformat() if film.released_on else "",
            film.released_precision,
            film.status,
            [link.country.code.code for link in film.film_countries.order_by("position")],
            [
                (credit.role, credit.person.slug, credit.character_en)
                for credit in film.credits.order_by("role", "order")
            ],
        )
        for film in Film.objects.all()
    )


def test_film_file_imports_films_with_countries_and_credits(editor_client, people):
    previewed, confirmed = import_file(editor_client, Film, csv_bytes(FILMS))

    assert row_types(previewed) == ["new", "new", "new"]
    assert confirmed.status_code == 302
    assert stored_films() == [
        ("ash-is-purest-white-2018", "Ash Is Purest White", "2018-01-01", "year", "draft", [], []),
        (
            "five-hundred-miles-2023",
            "Five Hundred Miles",
            "2023-04-01",
            "month",
            "draft",
            ["CN", "RU"],
            [("cast", "zhao-tao", "")],
        ),
        (
            "mountains-may-depart",
            "Mountains May Depart",
            "2015-10-30",
            "day",
            "published",
            ["CN", "FR", "JP"],
            [("cast", "zhao-tao", "Shen Tao"), ("director", "jia-zhangke", "")],
        ),
    ]


def test_same_file_twice_changes_nothing_the_second_time(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS))
    counts, digest = row_counts(), checksum(*TABLES)

    previewed, confirmed = import_file(editor_client, Film, csv_bytes(FILMS))

    assert row_types(previewed) == ["skip", "skip", "skip"]
    assert confirmed.status_code == 302
    assert (row_counts(), checksum(*TABLES)) == (counts, digest)


def test_preview_says_new_updated_unchanged_and_writes_nothing(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS[:3]))
    changed = [FILMS[0], FILMS[1], [*FILMS[2][:2], "500 Miles", *FILMS[2][3:]], FILMS[3]]
    digest = checksum(*TABLES)

    previewed = preview(editor_client, Film, csv_bytes(changed))

    assert row_types(previewed) == ["skip", "update", "new"]
    assert checksum(*TABLES) == digest
    assert "1 new, 1 updated, 1 unchanged." in previewed.content.decode()


def test_file_with_one_bad_row_writes_nothing_and_names_its_row_and_column(editor_client, people):
    bad = ["", "Still Life", "Still Life", "三峡好人", "2006", "", "", "", "XX", ""]

    previewed = preview(editor_client, Film, csv_bytes([*FILMS, bad]))

    assert previewed.context.get("confirm_form") is None
    assert problems(previewed) == [
        "Row 5, column “countries”, value “XX”: “XX” is not an ISO country code such as KZ."
    ]
    assert Film.objects.count() == 0


def test_bad_row_found_at_confirmation_rolls_the_whole_file_back(editor_client, people):
    previewed = preview(editor_client, Film, csv_bytes(FILMS))
    Person.objects.filter(slug="jia-zhangke").update(slug="jia-zhang-ke", name_en="Jia Zhang-ke")

    confirmed = confirm(editor_client, Film, previewed)
    run_page = editor_client.get(confirmed["Location"])

    run = ImportRun.objects.get()
    problem = (
        "Row 2, column “credits”, value “director: Jia Zhangke; cast: Zhao Tao as Shen Tao”: No "
        "person is named “Jia Zhangke”: import or add the person first."
    )
    assert confirmed["Location"] == admin_url(ImportRun, "change", run.pk)
    assert (run.state, run.problems) == (ImportState.FAILED, [problem])
    assert problem in run_page.content.decode()
    assert (Film.objects.count(), Credit.objects.count()) == (0, 0)


def test_every_bad_row_and_column_is_named(editor_client, people):
    rows = [
        FILM_HEADER,
        ["a", "A", "", "", "1700", "", "", "", "", ""],
        ["b", "B", "", "", "2020", "epic", "2020-02-30", "", "", "writer: Zhao Tao as Shen"],
    ]

    previewed = preview(editor_client, Film, csv_bytes(rows))

    assert problems(previewed) == [
        "Row 2, column “year”, value “1700”: expected a whole number from 1880 to 2100.",
        "Row 3, column “kind”, value “epic”: expected one of: feature, documentary, short, "
        "animation, tv_series.",
        "Row 3, column “released”, value “2020-02-30”: expected a day of the calendar, as "
        "YYYY-MM-DD, YYYY-MM or YYYY.",
        "Row 3, column “credits”, value “writer: Zhao Tao as Shen”: “writer: Zhao Tao as "
        "Shen”: only cast credits name a character.",
    ]


def test_csv_saved_by_chinese_excel_in_gbk_is_read(editor_client):
    rows = [["title_original", "title_zh", "year"], ["山河故人", "山河故人", "2015"]]

    import_file(editor_client, Film, csv_bytes(rows, encoding="gb18030"))

    assert list(Film.objects.values_list("title_original", "title_zh", "slug")) == [
        ("山河故人", "山河故人", "shan-he-gu-ren-2015")
    ]


def test_csv_in_utf8_with_byte_order_mark_is_read(editor_client):
    rows = [["title_original", "title_zh", "year"], ["Mountains May Depart", "山河故人", "2015"]]

    import_file(editor_client, Film, b"\xef\xbb\xbf" + csv_bytes(rows))

    assert list(Film.objects.values_list("title_original", "title_zh")) == [
        ("Mountains May Depart", "山河故人")
    ]


def test_xlsx_file_is_imported(editor_client, people):
    previewed, _confirmed = import_file(editor_client, Film, xlsx_bytes(FILMS), "films.xlsx")

    assert row_types(previewed) == ["new", "new", "new"]
    assert Film.objects.count() == 3


def test_unreadable_bytes_are_refused_with_a_message(editor_client):
    response = preview(editor_client, Film, b"\xff\xfe\x00\xd8broken", "films.csv")

    assert response.context["form"].errors == {
        "import_file": [
            "The file is neither UTF-8 nor GBK/GB18030 text: save it as CSV UTF-8 or as XLSX."
        ]
    }
    assert Film.objects.count() == 0


def test_same_film_twice_in_one_file_is_refused(editor_client):
    rows = [
        ["title_original", "year"],
        ["Mountains May Depart", "2015"],
        ["Five Hundred Miles", "2023"],
        ["Mountains May Depart", "2015"],
    ]

    previewed = preview(editor_client, Film, csv_bytes(rows))

    assert problems(previewed) == [
        "Row 4, column “title_original”, value “Mountains May Depart”: row 2 already has this "
        "record: each record appears once in a file."
    ]
    assert Film.objects.count() == 0


def test_wrong_headers_are_refused_naming_them(editor_client):
    rows = [["titel", "jahr"], ["Mountains May Depart", "2015"]]

    previewed = preview(editor_client, Film, csv_bytes(rows))

    assert problems(previewed) == [
        "The file has columns this import does not know: titel, jahr. The file lacks the "
        "columns title_original. The columns are: slug, title_original, title_en, title_zh, "
        "aliases, year, kind, genre_en, genre_zh, runtime_minutes, released, release_note_en, "
        "release_note_zh, synopsis_en, synopsis_zh, status, countries, languages, credits."
    ]
    assert Film.objects.count() == 0


def test_file_over_the_size_limit_is_refused(editor_client, monkeypatch):
    monkeypatch.setattr("core.admin.imports.MAX_IMPORT_BYTES", 100)
    rows = [["title_original"], *[[f"Film {number}"] for number in range(20)]]

    previewed = preview(editor_client, Film, csv_bytes(rows))

    assert previewed.context["form"].errors == {
        "import_file": [
            "This file is 0.0 MB; files up to 0 MB are imported. Split it into several files."
        ]
    }
    assert MAX_IMPORT_BYTES == 5 * 1024 * 1024


def test_slugless_row_updates_the_film_of_the_same_title_and_year(editor_client):
    film = make_film(slug="five-hundred-miles", title_original="Пятьсот миль", year=2023)
    rows = [["title_original", "year", "title_en"], ["Пятьсот миль", "2023", "Five Hundred Miles"]]

    previewed, _confirmed = import_file(editor_client, Film, csv_bytes(rows))

    assert row_types(previewed) == ["update"]
    film.refresh_from_db()
    assert film.title_en == "Five Hundred Miles"


def test_credits_column_replaces_the_credits_and_empty_leaves_them(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS[:2]))
    replaced = [FILM_HEADER, [*FILMS[1][:9], "director: jia-zhangke"]]
    kept = [FILM_HEADER, [*FILMS[1][:8], "CN; FR; JP", ""]]

    import_file(editor_client, Film, csv_bytes(replaced))
    after_replace = stored_films()[0][-1]
    import_file(editor_client, Film, csv_bytes(kept))

    assert after_replace == [("director", "jia-zhangke", "")]
    assert stored_films()[0][-1] == [("director", "jia-zhangke", "")]


def test_import_is_recorded_in_history_with_its_author(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS[:2]))

    record = Film.objects.get(slug="mountains-may-depart").history.get()
    assert (record.history_type, record.history_user.username) == ("+", "editor")


def test_export_of_the_filtered_changelist_holds_only_its_rows(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS))

    response = export_data(editor_client, Film, f"?status__exact={Status.PUBLISHED}")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["slug"], row["countries"], row["credits"]) for row in rows] == [
        (
            "mountains-may-depart",
            "CN; FR; JP",
            "director: Jia Zhangke; cast: Zhao Tao as Shen Tao",
        )
    ]


def test_exported_xlsx_imported_again_changes_nothing(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS))
    Language.objects.create(code="zh", name_en="Mandarin Chinese")
    digest = checksum(*TABLES)
    exported = export_data(editor_client, Film, file_format="1").content

    previewed, _confirmed = import_file(editor_client, Film, exported, "films.xlsx")

    assert row_types(previewed) == ["skip", "skip", "skip"]
    assert checksum(*TABLES) == digest


def test_import_template_has_the_columns_of_the_file(editor_client):
    response = editor_client.get(admin_url(Film, "import_template", "csv"))

    assert response["Content-Disposition"] == 'attachment; filename="film-import-template.csv"'
    assert response.content.decode("utf-8-sig").strip().split(",") == [
        "slug",
        "title_original",
        "title_en",
        "title_zh",
        "aliases",
        "year",
        "kind",
        "genre_en",
        "genre_zh",
        "runtime_minutes",
        "released",
        "release_note_en",
        "release_note_zh",
        "synopsis_en",
        "synopsis_zh",
        "status",
        "countries",
        "languages",
        "credits",
    ]


def test_xlsx_template_opens_as_a_sheet_with_the_columns(editor_client):
    response = editor_client.get(admin_url(Person, "import_template", "xlsx"))

    sheet = Dataset().load(response.content, format="xlsx")
    assert sheet.headers == [
        "slug",
        "name_en",
        "name_zh",
        "name_original",
        "aliases",
        "country",
        "career_start_year",
        "bio_en",
        "bio_zh",
        "status",
    ]


def test_people_file_is_keyed_on_name_without_a_slug(editor_client):
    person = make_person(slug="zhao-tao", name_en="Zhao Tao")
    rows = [
        ["name_en", "name_zh", "country", "career_start_year"],
        ["Zhao Tao", "赵涛", "cn", "2000"],
        ["雷佳音", "雷佳音", "CN", ""],
    ]

    previewed, _confirmed = import_file(editor_client, Person, csv_bytes(rows))

    assert row_types(previewed) == ["update", "new"]
    person.refresh_from_db()
    assert (person.name_zh, person.country, person.career_start_year) == (
        "赵涛",
        Country.objects.get(code="CN"),
        2000,
    )
    assert Person.objects.get(name_en="雷佳音").slug == "lei-jia-yin"


# Longer files: the import command, with its progress ----------------------------------------


def test_import_command_checks_a_long_file_showing_progress_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "films.csv"
    rows = [["title_original", "year"], *[[f"Film {number}", "2020"] for number in range(250)]]
    path.write_bytes(csv_bytes(rows, encoding="gb18030"))

    call_command("import_catalog", "films", str(path))

    out = capsys.readouterr().out
    assert "100 of 250 rows checked" in out and "250 of 250 rows checked" in out
    assert out.endswith(
        "Checked, nothing written (add --commit to write): 250 new, 0 updated, "
        "0 unchanged, 0 with errors.\n"
    )
    assert Film.objects.count() == 0


def test_import_command_with_commit_writes_the_file(tmp_path):
    path = tmp_path / "films.xlsx"
    path.write_bytes(xlsx_bytes([["title_original", "year"], ["Mountains May Depart", "2015"]]))

    call_command("import_catalog", "films", str(path), "--commit", stdout=io.StringIO())

    assert list(Film.objects.values_list("slug", flat=True)) == ["mountains-may-depart-2015"]


def test_import_command_refuses_a_file_with_a_bad_row(tmp_path, capsys):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes([["title_original", "year"], ["Good", "2015"], ["Bad", "15"]]))

    with pytest.raises(CommandError, match="Nothing was written: 1 new, 0 updated"):
        call_command("import_catalog", "films", str(path), "--commit")

    assert capsys.readouterr().err == (
        "Row 3, column “year”, value “15”: expected a whole number from 1880 to 2100.\n"
    )
    assert Film.objects.count() == 0


def test_admin_refuses_a_file_longer_than_its_row_limit(editor_client, monkeypatch):
    monkeypatch.setattr("core.admin.imports.MAX_IMPORT_ROWS", 2)
    rows = [["title_original"], ["A"], ["B"], ["C"]]

    previewed = preview(editor_client, Film, csv_bytes(rows))

    assert problems(previewed) == [
        "The file has 3 rows; up to 2 are imported here. Split it, or import it with the "
        "command manage.py import_catalog."
    ]
    assert Film.objects.count() == 0


def test_credits_column_imports_and_exports_the_chinese_character_name(editor_client, people):
    with_chinese = [
        FILM_HEADER,
        [*FILMS[1][:9], "director: Jia Zhangke; cast: Zhao Tao as Shen Tao / 沈涛"],
    ]

    import_file(editor_client, Film, csv_bytes(with_chinese))
    response = export_data(editor_client, Film, "")

    credit = Credit.objects.get(role="cast")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (credit.character_en, credit.character_zh) == ("Shen Tao", "沈涛")
    assert [row["credits"] for row in rows] == [
        "director: Jia Zhangke; cast: Zhao Tao as Shen Tao / 沈涛"
    ]


def test_credits_column_adds_a_chinese_character_name_to_an_existing_credit(editor_client, people):
    import_file(editor_client, Film, csv_bytes(FILMS[:2]))
    kept = Credit.objects.get(role="cast").pk
    with_chinese = [
        FILM_HEADER,
        [*FILMS[1][:9], "director: Jia Zhangke; cast: Zhao Tao as Shen Tao / 沈涛"],
    ]

    previewed, _confirmed = import_file(editor_client, Film, csv_bytes(with_chinese))

    credit = Credit.objects.get(role="cast")
    assert row_types(previewed) == ["update"]
    assert (credit.pk, credit.character_zh) == (kept, "沈涛")
