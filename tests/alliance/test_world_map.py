"""The world map of member countries: the shipped SVG, and the alliance page highlighting the
countries of today's members beside a list of them."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings

from alliance import charts
from core.models import Status
from tests.factories import make_alliance, make_country, make_institution, make_membership

ALLIANCE = "/en/alliances/belt-and-road-film-festival-alliance/"
WORLD_SVG = Path(settings.BASE_DIR) / "static" / "img" / "world.svg"
SVG = "{http://www.w3.org/2000/svg}"
PUBLISHED = {"status": Status.PUBLISHED}


def page_map(response):
    """The world map <svg> of the page, parsed as XML."""
    match = re.search(r'<svg class="world-map".*?</svg>', response.content.decode(), re.S)
    return ET.fromstring(match.group(0))


def highlighted_codes(svg):
    return sorted(
        path.get("class").split()[1]
        for path in svg.iter(f"{SVG}path")
        if "member" in path.get("class").split()
    )


def country_list(response):
    html = response.content.decode()
    items = html.split('<ul id="member-countries">', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", items, re.S)
    ]


def test_world_svg_shipped_parses_as_xml_with_one_path_per_country():
    root = ET.parse(WORLD_SVG).getroot()

    paths = root.findall(f"{SVG}path")
    assert root.tag == f"{SVG}svg"
    assert len(paths) == 184
    assert all(re.fullmatch(r"country [a-z]{2}", path.get("class")) for path in paths)


def test_world_svg_shipped_states_its_origin_and_licence():
    text = WORLD_SVG.read_text(encoding="utf-8")

    comment = text.split("<!--", 1)[1].split("-->", 1)[0]
    assert "pygal_maps_world 1.0.2" in comment
    assert "LGPL-3.0-or-later" in comment


def test_world_map_is_read_from_the_shipped_file():
    world = charts.world_map()

    assert world.view_box == "0 0 2475 1388"
    assert [shape.code for shape in world.shapes][:3] == ["ad", "ae", "af"]


def test_highlighted_shapes_name_only_the_countries_given():
    shapes = [charts.Shape("cn", "M0 0z"), charts.Shape("fr", "M1 1z"), charts.Shape("za", "M2 2z")]

    result = charts.highlighted_shapes(shapes, {"CN": "China", "ZA": "South Africa"})

    assert [(shape.code, shape.name) for shape in result] == [
        ("cn", "China"),
        ("fr", ""),
        ("za", "South Africa"),
    ]


def test_alliance_page_map_highlights_exactly_china_and_south_africa(demo, client):
    response = client.get(ALLIANCE)

    assert highlighted_codes(page_map(response)) == ["cn", "za"]


def test_alliance_page_map_is_hidden_from_screen_readers_beside_a_country_list(demo, client):
    response = client.get(ALLIANCE)

    assert page_map(response).get("aria-hidden") == "true"
    assert country_list(response) == ["China (1 member)", "South Africa (1 member)"]


def test_alliance_page_country_list_links_to_the_filtered_directory(demo, client):
    response = client.get(ALLIANCE)

    assert (
        'href="/en/members/?alliance=belt-and-road-film-festival-alliance&amp;country=ZA"'
        in response.content.decode()
    )


def test_alliance_page_map_in_chinese_names_the_countries_in_chinese(demo, client):
    response = client.get("/zh-hans/alliances/belt-and-road-film-festival-alliance/")

    titles = [
        path.find(f"{SVG}title").text
        for path in page_map(response).iter(f"{SVG}path")
        if "member" in path.get("class").split()
    ]
    assert titles == ["中国", "南非"]


def test_alliance_page_map_leaves_out_former_members_and_counts_current_ones(db, client):
    alliance = make_alliance(**PUBLISHED)
    for code, left_on in [("CN", None), ("CN", None), ("FR", datetime.date(2020, 1, 1))]:
        make_membership(
            alliance=alliance,
            institution=make_institution(country=make_country(code), **PUBLISHED),
            left_on=left_on,
        )

    response = client.get(alliance.get_absolute_url())

    assert highlighted_codes(page_map(response)) == ["cn"]
    assert country_list(response) == ["China (2 members)"]


def test_alliance_page_without_members_has_no_map(db, client):
    alliance = make_alliance(**PUBLISHED)

    response = client.get(alliance.get_absolute_url())

    assert response.status_code == 200
    assert 'class="world-map"' not in response.content.decode()
