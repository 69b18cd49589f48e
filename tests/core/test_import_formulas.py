"""Cells a spreadsheet would run as formulas (= + - @ first): refused by the import unless an
apostrophe marks them as text, never run, and exported with that apostrophe, so that a file
exported and imported again changes nothing and opening it runs nothing."""

import csv
import io

import openpyxl
import pytest

from filmweek.models import Film
from tests.factories import make_film, make_user
from tests.imports import checksum, csv_bytes, export_data, import_file, row_types

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.com","Click")'


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_text_marked_with_an_apostrophe_is_stored_as_text(editor_client):
    rows = [["title_original", "year", "title_en", "genre_en"], ["A", "2019", "'=1+1", "'-drama"]]

    import_file(editor_client, Film, csv_bytes(rows))

    assert list(Film.objects.values_list("title_en", "genre_en")) == [("=1+1", "-drama")]


def test_xlsx_cell_excel_keeps_as_text_is_stored_as_text(editor_client):
    book = openpyxl.Workbook()
    book.active.append(["title_original", "year", "title_en"])
    book.active.append(["A", 2019, "x"])
    cell = book.active["C2"]
    cell.value, cell.data_type, cell.quotePrefix = "=1+1", "s", True  # typed as '=1+1
    out = io.BytesIO()
    book.save(out)

    import_file(editor_client, Film, out.getvalue(), "films.xlsx")

    assert list(Film.objects.values_list("title_en", flat=True)) == ["=1+1"]


def test_csv_export_marks_formula_like_text(editor_client):
    make_film(title_original="A", title_en=HYPERLINK, genre_en="'=quoted")

    response = export_data(editor_client, Film)

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (row["title_en"], row["genre_en"]) == (f"'{HYPERLINK}", "''=quoted")


def test_xlsx_export_writes_formula_like_text_as_text(editor_client):
    make_film(title_original="A", title_en=HYPERLINK)

    response = export_data(editor_client, Film, file_format="1")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("title_en") + 1)
    assert (cell.value, cell.data_type) == (f"'{HYPERLINK}", "s")


@pytest.mark.parametrize(("file_format", "name"), [("0", "films.csv"), ("1", "films.xlsx")])
def test_exported_formula_like_text_imports_again_unchanged(editor_client, file_format, name):
    make_film(title_original="A", title_en=HYPERLINK, genre_en="'=quoted", synopsis_en="- one")
    digest = checksum(Film)
    exported = export_data(editor_client, Film, file_format=file_format).content

    previewed, _confirmed = import_file(editor_client, Film, exported, name)

    assert row_types(previewed) == ["skip"]
    assert checksum(Film) == digest
