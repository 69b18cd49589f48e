"""Every problem of an import file is named by its row (as the spreadsheet numbers it: the
header is row 1), its column (as the file writes it), its value and what the column expects,
the same in the admin's preview and on the command line; never an exception's name. Cells a
spreadsheet would run as formulas are refused, or kept as text when an apostrophe marks them,
and exported so that no spreadsheet runs them."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from alliance.models import Institution, Membership
from filmweek.models import Credit, Film, FilmCountry, Language, Person
from screenings.models import Screening
from tests.factories import (
    make_alliance,
    make_film,
    make_film_week,
    make_person,
    make_user,
    make_venue,
)
from tests.imports import checksum, csv_bytes, preview, problems

pytestmark = pytest.mark.django_db

FORMULA = (
    "expected text that does not begin with =, +, - or @, which a spreadsheet would run as a "
    "formula (to keep such text, put an apostrophe before it: '=…)."
)
SPREADSHEET_ERROR = "the spreadsheet could not work out the formula of this cell: write the value."
YEAR = "expected a whole number from 1880 to 2100."
DUPLICATE = "row 2 already has this record: each record appears once in a file."
DATE_TIME = "expected a date and time as YYYY-MM-DD HH:MM, such as 2023-06-12 19:00."

# Each list: its header (as staff may write it), a valid row, and cases: the cells changed in
# a copy of the valid row and what the preview says of that row.

INSTITUTION_HEADER = [
    "slug",
    "Name_EN",
    "name_zh",
    "short_name",
    "aliases",
    "kind",
    "country",
    "city_en",
    "website",
    "contact_email",
    "description_en",
    "status",
    "memberships",
]


def institution(number):
    return [
        f"inst-{number}",
        f"Institution {number}",
        "",
        "",
        "",
        "festival",
        "CN",
        "Shanghai",
        "https://example.org",
        "info@example.org",
        "",
        "published",
        "brffa 2019",
    ]


INSTITUTION_CASES = [
    (
        {"Name_EN": ""},
        "Row 3, column “Name_EN”, empty cell: expected text of at most 200 characters.",
    ),
    (
        {"name_zh": "名" * 201},
        f"Row 4, column “name_zh”, value “{'名' * 59}…”: expected at most 200 characters (this "
        "has 201).",
    ),
    (
        {"short_name": "S" * 41},
        f"Row 5, column “short_name”, value “{'S' * 41}”: expected at most 40 characters (this "
        "has 41).",
    ),
    (
        {"kind": "museum"},
        "Row 6, column “kind”, value “museum”: expected one of: festival, institution, archive, "
        "production_base, agency, award_body, media, government, international.",
    ),
    (
        {"country": "ZZ"},
        "Row 7, column “country”, value “ZZ”: expected an ISO country code such as KZ.",
    ),
    (
        {"country": "China"},
        "Row 8, column “country”, value “China”: expected an ISO country code such as KZ.",
    ),
    (
        {"website": "not an address"},
        "Row 9, column “website”, value “not an address”: expected a web address starting with "
        "https://.",
    ),
    (
        {"contact_email": "nobody"},
        "Row 10, column “contact_email”, value “nobody”: expected an email address such as "
        "name@example.org.",
    ),
    (
        {"status": "public"},
        "Row 11, column “status”, value “public”: expected one of: draft, published.",
    ),
    (
        {"memberships": "nosuch 2019"},
        "Row 12, column “memberships”, value “nosuch 2019”: “nosuch” is not the slug of an "
        "existing alliance.",
    ),
    (
        {"memberships": "brffa 2020-13"},
        "Row 13, column “memberships”, value “brffa 2020-13”: “2020-13” is not a day of the "
        "calendar, as YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    (
        {"memberships": "brffa 2017"},
        "Row 14, column “memberships”, value “brffa 2017”: Belt and Road Film Festival Alliance "
        "was founded on 2018-06-16: no one can join it before.",
    ),
    (
        {"memberships": "brffa"},
        "Row 15, column “memberships”, value “brffa”: “brffa”: write an alliance's slug and the "
        "joining date.",
    ),
    (
        {"memberships": "brffa 2019 left sometime"},
        "Row 16, column “memberships”, value “brffa 2019 left sometime”: “sometime” is not a "
        "date as YYYY-MM-DD, YYYY-MM or YYYY, such as 2018-06-16.",
    ),
    (
        {"city_en": '=HYPERLINK("http://example.com","Click")'},
        f'Row 17, column “city_en”, value “=HYPERLINK("http://example.com","Click")”: {FORMULA}',
    ),
    ({"aliases": "@SUM(A1:A9)"}, f"Row 18, column “aliases”, value “@SUM(A1:A9)”: {FORMULA}"),
    (
        {"description_en": "+cmd|' /C calc'!A0"},
        f"Row 19, column “description_en”, value “+cmd|' /C calc'!A0”: {FORMULA}",
    ),
    ({"Name_EN": "#NAME?"}, f"Row 20, column “Name_EN”, value “#NAME?”: {SPREADSHEET_ERROR}"),
    ({"slug": "inst-0"}, f"Row 21, column “slug”, value “inst-0”: {DUPLICATE}"),
    (
        {"slug": "bad slug!"},
        "Row 22, column “slug”, value “bad slug!”: expected a slug of at most 120 letters, "
        "digits and hyphens.",
    ),
    (
        {"aliases": "; ".join("abcdefghijk")},
        "Row 23, column “aliases”, value “a; b; c; d; e; f; g; h; i; j; k”: Give at most 10 "
        "other names, one per line; this has 11.",
    ),
]

FILM_HEADER = [
    "slug",
    "title_original",
    "title_en",
    "title_zh",
    "aliases",
    "Year",
    "kind",
    "genre_en",
    "runtime_minutes",
    "released",
    "status",
    "countries",
    "languages",
    "credits",
]


def film(number):
    return [
        f"film-{number}",
        f"Film {number}",
        f"Film {number}",
        "",
        "",
        "2019",
        "feature",
        "Drama",
        "90",
        "2019-05-01",
        "draft",
        "CN; KZ",
        "zh",
        "director: Jia Zhangke; cast: Zhao Tao as Shen Tao",
    ]


FILM_CASES = [
    ({"Year": "19x9"}, f"Row 3, column “Year”, value “19x9”: {YEAR}"),
    ({"Year": "2019.5"}, f"Row 4, column “Year”, value “2019.5”: {YEAR}"),
    ({"Year": "1700"}, f"Row 5, column “Year”, value “1700”: {YEAR}"),
    ({"Year": "3000"}, f"Row 6, column “Year”, value “3000”: {YEAR}"),
    ({"Year": "1e400"}, f"Row 7, column “Year”, value “1e400”: {YEAR}"),
    (
        {"runtime_minutes": "ninety"},
        "Row 8, column “runtime_minutes”, value “ninety”: expected a whole number of 0 or more.",
    ),
    (
        {"runtime_minutes": "-5"},
        "Row 9, column “runtime_minutes”, value “-5”: expected a whole number of 0 or more.",
    ),
    (
        {"released": "30/10/2015"},
        "Row 10, column “released”, value “30/10/2015”: expected a date as YYYY-MM-DD, YYYY-MM "
        "or YYYY, such as 2018-06-16.",
    ),
    (
        {"released": "2015-02-30"},
        "Row 11, column “released”, value “2015-02-30”: expected a day of the calendar, as "
        "YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    (
        {"kind": "epic"},
        "Row 12, column “kind”, value “epic”: expected one of: feature, documentary, short, "
        "animation, tv_series.",
    ),
    (
        {"status": "live"},
        "Row 13, column “status”, value “live”: expected one of: draft, published.",
    ),
    (
        {"countries": "CN; XX"},
        "Row 14, column “countries”, value “CN; XX”: “XX” is not an ISO country code such as KZ.",
    ),
    (
        {"countries": "CN; cn"},
        "Row 15, column “countries”, value “CN; cn”: “CN” is listed twice: list each country once.",
    ),
    (
        {"languages": "zh; klingon"},
        "Row 16, column “languages”, value “zh; klingon”: “klingon” is not the code of a "
        "language of the catalog, such as zh or en (add new languages under Languages first).",
    ),
    (
        {"credits": "director: Nobody Known"},
        "Row 17, column “credits”, value “director: Nobody Known”: No person is named “Nobody "
        "Known”: import or add the person first.",
    ),
    (
        {"credits": "writerx: Zhao Tao"},
        "Row 18, column “credits”, value “writerx: Zhao Tao”: “writerx: Zhao Tao”: begin with a "
        "role and a colon, such as “director:”. Roles: director, writer, cast, producer, "
        "cinematographer, editor, composer, theme_song, set_decorator, other.",
    ),
    (
        {"credits": "writer: Zhao Tao as Shen"},
        "Row 19, column “credits”, value “writer: Zhao Tao as Shen”: “writer: Zhao Tao as Shen”: "
        "only cast credits name a character.",
    ),
    (
        {"credits": "cast: Zhao Tao; cast: Zhao Tao"},
        "Row 20, column “credits”, value “cast: Zhao Tao; cast: Zhao Tao”: A credit is listed "
        "twice.",
    ),
    (
        {"title_original": ""},
        "Row 21, column “title_original”, empty cell: expected text of at most 300 characters.",
    ),
    (
        {"title_en": "x" * 301},
        f"Row 22, column “title_en”, value “{'x' * 59}…”: expected at most 300 characters (this "
        "has 301).",
    ),
    ({"title_zh": "=1+1"}, f"Row 23, column “title_zh”, value “=1+1”: {FORMULA}"),
    ({"genre_en": "-drama"}, f"Row 24, column “genre_en”, value “-drama”: {FORMULA}"),
    ({"slug": "film-0"}, f"Row 25, column “slug”, value “film-0”: {DUPLICATE}"),
]

PERSON_HEADER = [
    "slug",
    "name_en",
    "name_zh",
    "name_original",
    "aliases",
    "country",
    "career_start_year",
    "bio_en",
    "status",
]


def person(number):
    return [f"person-{number}", f"Person {number}", "", "", "", "CN", "2000", "", "draft"]


PERSON_CASES = [
    (
        {"name_en": ""},
        "Row 3, column “name_en”, empty cell: expected text of at most 200 characters.",
    ),
    (
        {"career_start_year": "two thousand"},
        f"Row 4, column “career_start_year”, value “two thousand”: {YEAR}",
    ),
    ({"career_start_year": "1850"}, f"Row 5, column “career_start_year”, value “1850”: {YEAR}"),
    (
        {"country": "XX"},
        "Row 6, column “country”, value “XX”: expected an ISO country code such as KZ.",
    ),
    (
        {"status": "hidden"},
        "Row 7, column “status”, value “hidden”: expected one of: draft, published.",
    ),
    (
        {"name_original": "N" * 201},
        f"Row 8, column “name_original”, value “{'N' * 59}…”: expected at most 200 characters "
        "(this has 201).",
    ),
    ({"bio_en": "@mention first"}, f"Row 9, column “bio_en”, value “@mention first”: {FORMULA}"),
    (
        {"aliases": "Short; " + "y" * 201},
        f"Row 10, column “aliases”, value “Short; {'y' * 52}…”: “{'y' * 40}…” is longer than 200 "
        "characters: put each name on its own line.",
    ),
    (
        {"slug": "Zhao Tao"},
        "Row 11, column “slug”, value “Zhao Tao”: expected a slug of at most 120 letters, "
        "digits and hyphens.",
    ),
    ({"name_zh": "#REF!"}, f"Row 12, column “name_zh”, value “#REF!”: {SPREADSHEET_ERROR}"),
]

SCREENING_HEADER = [
    "film",
    "film_week",
    "venue",
    "starts_at",
    "ends_at",
    "state",
    "section_en",
    "ticket_url",
]


def screening(number):
    day, slot = 10 + number // 5, number % 5
    return [
        "still-life",
        "sco-week-2023",
        "karo",
        f"2023-06-{day} {9 + 2 * slot:02d}:00",
        f"2023-06-{day} {10 + 2 * slot:02d}:30",
        "",
        "",
        "https://tickets.example.org",
    ]


SCREENING_CASES = [
    (
        {"film": "no-such-film"},
        "Row 3, column “film”, value “no-such-film”: expected the slug of an existing film.",
    ),
    ({"film": ""}, "Row 4, column “film”, empty cell: expected the slug of an existing film."),
    (
        {"film_week": "no-week"},
        "Row 5, column “film_week”, value “no-week”: expected the slug of an existing film week.",
    ),
    (
        {"venue": "nowhere"},
        "Row 6, column “venue”, value “nowhere”: expected the slug of an existing venue.",
    ),
    (
        {"starts_at": "12 June, 7pm"},
        f"Row 7, column “starts_at”, value “12 June, 7pm”: {DATE_TIME}",
    ),
    (
        {"starts_at": "2023-06-12 25:00"},
        f"Row 8, column “starts_at”, value “2023-06-12 25:00”: {DATE_TIME}",
    ),
    ({"ends_at": "tomorrow"}, f"Row 9, column “ends_at”, value “tomorrow”: {DATE_TIME}"),
    (
        {"ends_at": "2023-06-10 08:00"},
        "Row 10, column “ends_at”, value “2023-06-10 08:00”: A screening ends after it starts.",
    ),
    (
        {"state": "postponed"},
        "Row 11, column “state”, value “postponed”: expected one of: scheduled, cancelled, "
        "sold_out, moved.",
    ),
    (
        {"section_en": "S" * 121},
        f"Row 12, column “section_en”, value “{'S' * 59}…”: expected at most 120 characters "
        "(this has 121).",
    ),
    (
        {"ticket_url": "tickets please"},
        "Row 13, column “ticket_url”, value “tickets please”: expected a web address starting "
        "with https://.",
    ),
    (
        {"ticket_url": "ftp://tickets.example.org"},
        "Row 14, column “ticket_url”, value “ftp://tickets.example.org”: Ticket links start "
        "with http:// or https://.",
    ),
    (
        {"starts_at": "2023-07-01 19:00", "ends_at": "2023-07-01 21:00"},
        "Row 15, column “starts_at”, value “2023-07-01 19:00”: This starts on 2023-07-01 "
        "(Europe/Moscow time), outside the dates of SCO Film Week 2023: 2023-06-10 – 2023-06-18.",
    ),
    (
        {"film_week": "undated-week"},
        "Row 16, column “starts_at”, value “2023-06-12 17:00”: This starts on 2023-06-12 "
        "(Europe/Moscow time), outside 2027, the year of Undated Week 2027, which has no dates "
        "yet.",
    ),
    (
        {"starts_at": "2023-06-10 09:00"},
        f"Row 17, column “starts_at”, value “2023-06-10 09:00”: {DUPLICATE}",
    ),
]

LISTS = {
    "institutions": (Institution, INSTITUTION_HEADER, institution, INSTITUTION_CASES),
    "films": (Film, FILM_HEADER, film, FILM_CASES),
    "people": (Person, PERSON_HEADER, person, PERSON_CASES),
    "screenings": (Screening, SCREENING_HEADER, screening, SCREENING_CASES),
}
STORED = (Institution, Membership, Film, FilmCountry, Credit, Person, Screening)


def table(header, make_row, cases):
    """The header, a valid row, then for each case a valid row with the case's cells."""
    rows = [header, make_row(0)]
    for number, (changes, _message) in enumerate(cases, 1):
        row = make_row(number)
        for column, value in changes.items():
            row[header.index(column)] = value
        rows.append(row)
    return rows


@pytest.fixture
def catalog():
    make_alliance(
        slug="brffa",
        name_en="Belt and Road Film Festival Alliance",
        founded_on=datetime.date(2018, 6, 16),
    )
    make_person(slug="jia-zhangke", name_en="Jia Zhangke")
    make_person(slug="zhao-tao", name_en="Zhao Tao")
    Language.objects.create(code="zh", name_en="Mandarin Chinese")
    make_film(slug="still-life", title_original="三峡好人", title_en="Still Life")
    make_film_week(
        slug="sco-week-2023",
        name_en="SCO Film Week",
        starts_on=datetime.date(2023, 6, 10),
        ends_on=datetime.date(2023, 6, 18),
    )
    make_film_week(
        slug="undated-week", name_en="Undated Week", year=2027, starts_on=None, ends_on=None
    )
    make_venue(slug="karo", name_en="Karo 11 October", time_zone="Europe/Moscow")


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_the_lists_hold_more_than_fifty_malformed_cells():
    cells = sum(len(cases) for _model, _header, _row, cases in LISTS.values())

    assert cells == 69


@pytest.mark.parametrize("kind", LISTS)
def test_preview_names_row_column_value_and_expectation_of_every_bad_cell(
    admin_client, catalog, kind
):
    model, header, make_row, cases = LISTS[kind]
    stored = checksum(*STORED)

    previewed = preview(admin_client, model, csv_bytes(table(header, make_row, cases)))

    assert problems(previewed) == [message for _changes, message in cases]
    assert previewed.context.get("confirm_form") is None
    assert checksum(*STORED) == stored


@pytest.mark.parametrize("kind", LISTS)
def test_preview_page_shows_every_message_and_no_exception(admin_client, catalog, kind):
    model, header, make_row, cases = LISTS[kind]

    previewed = preview(admin_client, model, csv_bytes(table(header, make_row, cases)))

    html = previewed.content.decode()
    assert [message for _changes, message in cases if escape(message) not in html] == []
    assert [
        word for word in ("&lt;class", "Traceback", "Error(", "Line number") if word in html
    ] == []


@pytest.mark.parametrize("kind", LISTS)
def test_no_message_names_an_exception(admin_client, catalog, kind):
    model, header, make_row, cases = LISTS[kind]
    odd_values = ["1e400", "NaN", "∞", "99999999999999999999999", "2023-02-30 10:00", " "]
    rows = table(
        header, make_row, [({column: value}, "") for column in header for value in odd_values]
    )

    previewed = preview(admin_client, model, csv_bytes(rows))

    messages = problems(previewed)
    assert messages
    assert [message for message in messages if "<class" in message or "Error(" in message] == []


@pytest.mark.parametrize("kind", LISTS)
def test_command_line_prints_the_messages_of_the_preview_and_writes_nothing(
    admin_client, catalog, kind, tmp_path, capsys
):
    model, header, make_row, cases = LISTS[kind]
    content = csv_bytes(table(header, make_row, cases))
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    previewed = preview(admin_client, model, content)
    stored = checksum(*STORED)

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_catalog", kind, str(path), "--commit")

    assert capsys.readouterr().err.splitlines() == problems(previewed)
    assert checksum(*STORED) == stored


def test_rows_without_a_slug_name_their_bad_years(admin_client, catalog):
    rows = [
        ["title_original", "year"],
        ["A", "99999999999999999999999"],
        ["B", "19x9"],
        ["C", "2019.0"],
    ]

    previewed = preview(admin_client, Film, csv_bytes(rows))

    assert problems(previewed) == [
        f"Row 2, column “year”, value “99999999999999999999999”: {YEAR}",
        f"Row 3, column “year”, value “19x9”: {YEAR}",
    ]
