"""Reading an import file: rows keep the numbers the spreadsheet gives them (empty rows left
out, a cell with line breaks one row), and a file that cannot be read is one message, the same
in the admin and on the command line."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.imports.files import read_csv, read_xlsx
from core.imports.problems import UnreadableFile
from filmweek.models import Film
from tests.factories import make_user
from tests.imports import csv_bytes, preview, problems

NOT_TEXT = "The file is neither UTF-8 nor GBK/GB18030 text: save it as CSV UTF-8 or as XLSX."
NOT_A_WORKBOOK = (
    "The file is not an Excel workbook (XLSX): choose CSV if it is a CSV file, or save it again "
    "from Excel as XLSX."
)


def workbook(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_rows_keep_their_spreadsheet_numbers():
    dataset = read_csv('title_original,year\r\nA,2019\r\n,\r\n\r\n"Line\nbreak",2020\r\n')

    assert (dataset.headers, list(dataset), dataset.sheet_rows) == (
        ["title_original", "year"],
        [("A", "2019"), ("Line\nbreak", "2020")],
        [2, 5],
    )


def test_xlsx_rows_keep_their_spreadsheet_numbers():
    dataset = read_xlsx(workbook([["title_original", "year"], [None, None], ["A", 2019]]))

    assert (list(dataset), dataset.sheet_rows) == ([("A", 2019)], [3])


def test_short_csv_rows_are_filled_with_empty_cells():
    dataset = read_csv("title_original,year\r\nA\r\n")

    assert list(dataset) == [("A", None)]


def test_value_under_a_column_without_a_name_is_refused_naming_its_row():
    with pytest.raises(UnreadableFile) as refused:
        read_csv("title_original,year\r\nA,2019\r\nB,2020,extra\r\n")

    assert str(refused.value) == (
        "Row 3 has a value in a column without a name: give every column its name in row 1."
    )


def test_nul_character_is_refused_naming_its_row():
    with pytest.raises(UnreadableFile) as refused:
        read_csv("title_original,year\r\nA,2019\r\nB\x00,2020\r\n")

    assert str(refused.value) == (
        "Row 3 holds a NUL character, which no text holds (the file may be UTF-16 text without "
        "its byte-order mark): save it again as CSV UTF-8 or as XLSX."
    )


def test_bytes_that_are_no_workbook_are_refused():
    with pytest.raises(UnreadableFile) as refused:
        read_xlsx(b"title_original,year\r\n")

    assert str(refused.value) == NOT_A_WORKBOOK


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


LATIN_1 = "title_original,year\r\nCafé au lait,2019\r\n".encode("latin-1")


def test_admin_says_a_file_in_another_encoding_cannot_be_read(editor_client):
    response = preview(editor_client, Film, LATIN_1)

    assert problems(response) == {"import_file": [NOT_TEXT]}
    assert Film.objects.count() == 0


def test_command_line_says_a_file_in_another_encoding_cannot_be_read(db, tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(LATIN_1)

    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", "films", str(path))

    assert str(refused.value) == NOT_TEXT


def test_admin_says_a_csv_sent_as_xlsx_is_no_workbook(editor_client):
    response = preview(editor_client, Film, b"title_original\r\nA\r\n", name="films.xlsx")

    assert problems(response) == {"import_file": [NOT_A_WORKBOOK]}


def test_command_line_says_a_csv_named_xlsx_is_no_workbook(db, tmp_path):
    path = tmp_path / "films.xlsx"
    path.write_bytes(b"title_original\r\nA\r\n")

    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", "films", str(path))

    assert str(refused.value) == NOT_A_WORKBOOK


def test_preview_names_the_spreadsheet_row_after_an_empty_row(editor_client):
    rows = [["title_original", "year"], ["A", "2019"], ["", ""], ["B", "20019"]]

    response = preview(editor_client, Film, csv_bytes(rows))

    assert problems(response) == [
        "Row 4, column “year”, value “20019”: expected a whole number from 1880 to 2100."
    ]


def test_preview_names_the_column_as_the_file_writes_it(editor_client):
    rows = [["Title_Original", "YEAR"], ["A", "MMXIX"]]

    response = preview(editor_client, Film, csv_bytes(rows))

    assert problems(response) == [
        "Row 2, column “YEAR”, value “MMXIX”: expected a whole number from 1880 to 2100."
    ]


def test_a_column_named_twice_is_refused(editor_client):
    rows = [["title_original", "year", "Year"], ["A", "2019", "2020"]]

    response = preview(editor_client, Film, csv_bytes(rows))

    assert problems(response) == [
        "Row 1 names these columns more than once: year. The columns are: slug, title_original, "
        "title_en, title_zh, aliases, year, kind, genre_en, genre_zh, runtime_minutes, released, "
        "release_note_en, release_note_zh, synopsis_en, synopsis_zh, status, countries, "
        "languages, credits."
    ]
    assert Film.objects.count() == 0
