"""Reading an import file into rows, the same for the admin and `manage.py import_catalog`:
CSV in UTF-8 or GBK/GB18030 (as Chinese Excel saves it) or an Excel workbook (XLSX). Rows
with no value at all are left out, and each row read remembers its number in the
spreadsheet (`dataset.sheet_rows`), so that messages name the row the staff see. A file that
cannot be read is one clear message (UnreadableFile), never an exception's name."""

import codecs
import csv
import io

from django.utils.translation import gettext_lazy as _
from tablib import Dataset

from core.imports.problems import FORMULA_STARTS, TEXT_MARK, UnreadableFile, blank

# Tried in order: UTF-8 (a byte-order mark is dropped), then GB18030, the superset of GBK
# and GB2312 in which Chinese versions of Excel save "CSV" files.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes) -> str:
    encodings = ENCODINGS
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # Excel's "Unicode text"
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        _("The file is neither UTF-8 nor GBK/GB18030 text: save it as CSV UTF-8 or as XLSX.")
    )


def read_file(data: bytes, file_format: str) -> Dataset:
    """The rows of a "csv" or "xlsx" file."""
    if file_format == "xlsx":
        return read_xlsx(data)
    return read_csv(decode_text(data))


def read_csv(text: str) -> Dataset:
    try:
        # Cells with line breaks span lines of the file but one row of the sheet.
        return sheet_rows(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error:
        raise UnreadableFile(
            _(
                "The file is not readable as CSV (a quotation mark left open, or a cell far too "
                "long): save it again from Excel as CSV UTF-8 or as XLSX."
            )
        ) from None


def read_xlsx(data: bytes) -> Dataset:
    import openpyxl  # only XLSX files need it

    try:
        # read_only: the rows are read as they are needed; data_only: a formula cell gives
        # the value Excel computed and saved, never the formula, which is not run here.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [[cell_value(cell) for cell in row] for row in book.active.iter_rows()]
    except Exception:  # whatever the reason, the bytes are not a workbook
        raise UnreadableFile(
            _(
                "The file is not an Excel workbook (XLSX): choose CSV if it is a CSV file, or "
                "save it again from Excel as XLSX."
            )
        ) from None
    return sheet_rows(rows)


def cell_value(cell):
    """A cell's value; text Excel was told to keep as text (typed after an apostrophe) and
    that would read as a formula keeps its apostrophe, as in a CSV file."""
    value = cell.value
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and getattr(cell, "style_array", None) is not None
        and cell.style_array.quotePrefix
    ):
        return TEXT_MARK + value
    return value


def sheet_rows(rows) -> Dataset:
    """A Dataset of the rows below the header row, without the empty ones, each row's
    spreadsheet number in `sheet_rows`."""
    headers = ["" if blank(header) else str(header).strip() for header in (rows or [[]])[0]]
    while headers and not headers[-1]:
        headers.pop()
    dataset = Dataset(headers=headers)
    dataset.sheet_rows = []
    width = len(headers)
    for number, values in enumerate(rows, 1):
        values = list(values)
        check_row(number, values, headers)
        if number > 1 and not all(blank(value) for value in values):
            dataset.append((values + [None] * width)[:width])
            dataset.sheet_rows.append(number)
    return dataset


def check_row(number, values, headers):
    if any(isinstance(value, str) and "\x00" in value for value in values):
        raise UnreadableFile(
            _(
                "Row %(row)d holds a NUL character, which no text holds (the file may be UTF-16 "
                "text without its byte-order mark): save it again as CSV UTF-8 or as XLSX."
            )
            % {"row": number}
        )
    unnamed = [value for value, header in zip(values, headers, strict=False) if not header]
    if any(not blank(value) for value in [*unnamed, *values[len(headers) :]]):
        raise UnreadableFile(
            _(
                "Row %(row)d has a value in a column without a name: give every column its name "
                "in row 1."
            )
            % {"row": number}
        )
