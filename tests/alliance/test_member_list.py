"""The member directory: published memberships, one row each, with facets kept in the URL; a value
a filter does not know gives a message beside it and never an error page."""

import datetime
import re
from html import unescape

import pytest

from alliance.models import InstitutionKind
from core.models import DatePrecision, Status
from tests.factories import make_alliance, make_country, make_institution, make_membership

MEMBERS = "/en/members/"
PUBLISHED = {"status": Status.PUBLISHED}


def row_names(response):
    """The institution names of the directory's rows, in order."""
    table = response.content.decode().split('<table class="member-table">', 1)
    if len(table) == 1:
        return []
    body = table[1].split("</table>", 1)[0]
    return [unescape(name) for name in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', body)]


def field_errors(response, name):
    """The messages shown under the filter `name`."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def member(name, alliance, **kw):
    institution_kw = {
        key: kw.pop(key) for key in ["country", "kind", "city_en", "status"] if key in kw
    }
    institution_kw.setdefault("status", Status.PUBLISHED)
    institution = make_institution(name_en=name, **institution_kw)
    return make_membership(institution=institution, alliance=alliance, **kw)


@pytest.fixture
def alliance(db):
    return make_alliance(slug="film-alliance", name_en="Film Alliance", **PUBLISHED)


@pytest.mark.django_db
def test_member_list_without_members_says_so(client):
    response = client.get(MEMBERS)

    assert (response.status_code, row_names(response)) == (200, [])
    assert "No membership matches these filters." in response.content.decode()


def test_member_list_shows_current_members_by_default(client, alliance):
    member("Current Festival", alliance)
    member("Former Festival", alliance, left_on=datetime.date(2021, 1, 1))

    response = client.get(MEMBERS)

    assert response.status_code == 200
    assert row_names(response) == ["Current Festival"]


def test_member_list_former_shows_only_members_who_left(client, alliance):
    member("Current Festival", alliance)
    member("Former Festival", alliance, left_on=datetime.date(2021, 1, 1))

    response = client.get(MEMBERS, {"membership": "former"})

    assert row_names(response) == ["Former Festival"]


def test_member_list_all_shows_current_and_former_members(client, alliance):
    member("Current Festival", alliance)
    member("Former Festival", alliance, left_on=datetime.date(2021, 1, 1))

    response = client.get(MEMBERS, {"membership": "all"})

    assert row_names(response) == ["Current Festival", "Former Festival"]


def test_member_list_hides_draft_institutions_and_draft_alliances(client, alliance):
    member("Public Festival", alliance)
    member("Draft Festival", alliance, status=Status.DRAFT)
    member("Festival In A Draft Alliance", make_alliance())

    response = client.get(MEMBERS)

    assert row_names(response) == ["Public Festival"]


def test_member_list_alliance_filter_keeps_that_alliance(client, alliance):
    other = make_alliance(slug="other-alliance", **PUBLISHED)
    member("Ours", alliance)
    member("Theirs", other)

    response = client.get(MEMBERS, {"alliance": "other-alliance"})

    assert row_names(response) == ["Theirs"]


def test_member_list_country_filter_takes_the_iso_code(client, alliance):
    member("Chinese Festival", alliance, country=make_country("CN"))
    member("South African Festival", alliance, country=make_country("ZA"))

    response = client.get(MEMBERS, {"country": "ZA"})

    assert row_names(response) == ["South African Festival"]


def test_member_list_continent_filter_keeps_that_continent(client, alliance):
    member("Chinese Festival", alliance, country=make_country("CN"))
    member("South African Festival", alliance, country=make_country("ZA"))

    response = client.get(MEMBERS, {"continent": "AF"})

    assert row_names(response) == ["South African Festival"]


def test_member_list_kind_filter_keeps_that_kind(client, alliance):
    member("A Festival", alliance, kind=InstitutionKind.FESTIVAL)
    member("An Archive", alliance, kind=InstitutionKind.ARCHIVE)

    response = client.get(MEMBERS, {"kind": "archive"})

    assert row_names(response) == ["An Archive"]


def test_member_list_joined_year_filter_keeps_that_year(client, alliance):
    member("Early", alliance, joined_on=datetime.date(2018, 6, 16))
    member("Later", alliance, joined_on=datetime.date(2020, 4, 1))

    response = client.get(MEMBERS, {"joined_year": "2020"})

    assert row_names(response) == ["Later"]


def test_member_list_founding_filter_keeps_founding_members(client, alliance):
    member("Founder", alliance, is_founding=True)
    member("Newcomer", alliance, joined_on=datetime.date(2020, 4, 1))

    response = client.get(MEMBERS, {"founding": "1"})

    assert row_names(response) == ["Founder"]
    checkbox = re.search(r'<input[^>]* name="founding"[^>]*>', response.content.decode())
    assert 'type="checkbox"' in checkbox.group() and 'value="1"' in checkbox.group()


def test_member_list_row_shows_every_column(client, alliance):
    recommender = make_institution(name_en="Recommending Festival", **PUBLISHED)
    member(
        "Durban Festival",
        alliance,
        country=make_country("ZA"),
        city_en="Durban",
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
        recommended_by=recommender,
    )

    response = client.get(MEMBERS)

    html = response.content.decode()
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells == [
        "South Africa",
        "Durban",
        "Film festival",
        "Film Alliance",
        "April 2020",
        "No",
        "Recommending Festival",
    ]
    assert f'href="{recommender.get_absolute_url()}"' in row
    assert '<a href="/en/institutions/' in row


def test_member_list_shows_the_result_count(client, alliance):
    for index in range(3):
        member(f"Festival {index}", alliance)

    response = client.get(MEMBERS)

    assert '<h2 id="result-count">3 memberships</h2>' in response.content.decode()


def test_member_list_unknown_value_shows_message_and_applies_the_valid_filters(client, alliance):
    member("A Festival", alliance, kind=InstitutionKind.FESTIVAL)
    member("An Archive", alliance, kind=InstitutionKind.ARCHIVE)

    response = client.get(MEMBERS, {"alliance": "no-such-alliance", "kind": "archive"})

    assert response.status_code == 200
    assert field_errors(response, "alliance") == ["Unknown value: this filter is not applied."]
    assert field_errors(response, "kind") == []
    assert row_names(response) == ["An Archive"]


def test_member_list_unknown_membership_state_falls_back_to_current(client, alliance):
    member("Current Festival", alliance)
    member("Former Festival", alliance, left_on=datetime.date(2021, 1, 1))

    response = client.get(MEMBERS, {"membership": "everything"})

    assert field_errors(response, "membership") == ["Unknown value: current members are shown."]
    assert row_names(response) == ["Current Festival"]


@pytest.mark.parametrize(
    "query",
    [
        "joined_year=abc",
        "joined_year=99999999999999999999",
        "founding=0",
        "founding=on",
        "country=%00",
        "alliance=film-alliance%00",
        "kind=festival&kind=nope&kind=archive",
        "page=0",
        "page=-1",
        "page=1000000000000",
        "page=abc",
        "sort=unknown",
        "q=" + "x" * 10_000,
        "continent=" + "%00" * 50,
    ],
)
def test_member_list_hostile_query_answers_200(client, alliance, query):
    member("A Festival", alliance)

    response = client.get(f"{MEMBERS}?{query}")

    assert response.status_code == 200


def test_member_list_pagination_links_keep_the_filters(client, alliance):
    for index in range(30):
        member(f"Festival {index:02}", alliance, kind=InstitutionKind.FESTIVAL)

    response = client.get(MEMBERS, {"kind": "festival"})

    assert len(row_names(response)) == 24
    assert 'href="?kind=festival&amp;page=2"' in response.content.decode()


def test_member_list_in_chinese_shows_chinese_names(client, alliance):
    institution = make_institution(name_en="Shanghai IFF", name_zh="上海国际电影节", **PUBLISHED)
    make_membership(institution=institution, alliance=alliance)

    response = client.get("/zh-hans/members/")

    assert row_names(response) == ["上海国际电影节"]


def test_member_list_demo_lists_shanghai_and_durban(demo, client):
    response = client.get(MEMBERS)

    assert row_names(response) == [
        "Durban International Film Festival",
        "Shanghai International Film Festival",
    ]


def test_member_list_filter_choices_come_from_the_members(client, alliance):
    member("Chinese Festival", alliance, country=make_country("CN"))
    member("Archive", alliance, country=make_country("ZA"), joined_on=datetime.date(2020, 4, 1))

    response = client.get(MEMBERS)

    html = response.content.decode()
    countries = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    years = re.search(r'<select name="joined_year".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', countries) == ["", "CN", "ZA"]
    assert re.findall(r'<option value="([^"]*)"', years) == ["", "2020", "2018"]


def test_member_list_filter_choices_leave_out_drafts_and_members_without_a_country(
    client, alliance
):
    member("Chinese Festival", alliance, country=make_country("CN"))
    member("International Body", alliance, country=None, joined_on=datetime.date(2019, 5, 1))
    member("Draft Festival", alliance, country=make_country("FR"), status=Status.DRAFT)
    hidden = make_alliance(slug="hidden-alliance")
    member("Hidden Member", hidden, country=make_country("ZA"), joined_on=datetime.date(2020, 4, 1))

    response = client.get(MEMBERS)

    html = response.content.decode()
    selects = {
        name: re.findall(
            r'<option value="([^"]*)"',
            re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0),
        )
        for name in ("alliance", "country", "joined_year")
    }
    assert selects == {
        "alliance": ["", "film-alliance"],
        "country": ["", "CN"],
        "joined_year": ["", "2019", "2018"],
    }


@pytest.mark.parametrize("rows", [1, 3])
def test_member_list_queries_same_for_1_and_3_rows(
    client, alliance, django_assert_num_queries, rows
):
    for _index in range(rows):
        member(
            "Festival",
            alliance,
            country=make_country("CN"),
            recommended_by=make_institution(**PUBLISHED),
        )

    # the members' (alliance, country, year), then their alliances' names; count; the partial
    # dates' note; the rows; the counts of six choices and one flag
    with django_assert_num_queries(12):
        response = client.get(MEMBERS)

    assert len(row_names(response)) == rows
