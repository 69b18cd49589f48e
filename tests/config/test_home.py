import datetime
import re

import pytest

from tests.factories import (
    make_alliance,
    make_country,
    make_film_week,
    make_institution,
    make_membership,
    make_person,
)


def test_root_redirects_by_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert (response.status_code, response["Location"]) == (302, "/zh-hans/")


def test_root_redirects_to_english_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_home_shows_latest_film_week_with_theme_and_ambassadors(demo, client):
    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "SCO Film and Television Week 2025" in html
    assert "Belt and Road Film Festival Alliance" in html
    assert "Five Hundred Miles" in html
    assert "45th Moscow International Film Festival" in html


def test_home_in_chinese_shows_chinese_names(demo, client):
    response = client.get("/zh-hans/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "“一带一路”电影节联盟" in html
    assert "交换人生" in html
    assert "第45届莫斯科国际电影节" in html


def test_home_hides_draft_film_weeks(demo, client):
    make_film_week(name_en="Secret Draft Week", year=2099, status="draft")

    response = client.get("/en/")

    assert "Secret Draft Week" not in response.content.decode()


@pytest.mark.django_db
def test_home_on_an_empty_database_answers(client):
    response = client.get("/en/")

    assert response.status_code == 200


@pytest.mark.parametrize("ambassadors", [1, 3])
@pytest.mark.django_db
def test_home_query_count_is_constant(client, django_assert_num_queries, ambassadors):
    from filmweek.models import Ambassador

    week = make_film_week(status="published")
    for order in range(ambassadors):
        Ambassador.objects.create(
            film_week=week, person=make_person(status="published"), order=order
        )

    with django_assert_num_queries(6):
        response = client.get("/en/")

    assert response.status_code == 200


def figures_of(response):
    """The text of each item of the home page's figures."""
    html = response.content.decode()
    figures = html.split('<ul class="figures">', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", figures, re.S)
    ][:2]


@pytest.mark.django_db
def test_home_figures_count_current_published_members_and_their_countries(client):
    alliance = make_alliance(name_en="Film Alliance", status="published")
    for code, status, left_on in [
        ("CN", "published", None),
        ("CN", "published", None),
        ("ZA", "published", None),
        ("FR", "draft", None),
        ("DE", "published", datetime.date(2020, 1, 1)),
    ]:
        institution = make_institution(country=make_country(code), status=status)
        make_membership(alliance=alliance, institution=institution, left_on=left_on)

    response = client.get("/en/")

    assert figures_of(response) == [
        "3 members recorded Film Alliance",
        "2 countries recorded Film Alliance",
    ]


@pytest.mark.parametrize("alliances", [1, 3])
@pytest.mark.django_db
def test_home_query_count_is_the_same_for_1_and_3_alliances(
    client, django_assert_num_queries, alliances
):
    for _index in range(alliances):
        alliance = make_alliance(status="published")
        make_membership(alliance=alliance, institution=make_institution(status="published"))

    # no film week; the alliances with their figures; films and tour stops counted; tour stops
    with django_assert_num_queries(5):
        response = client.get("/en/")

    assert response.status_code == 200
