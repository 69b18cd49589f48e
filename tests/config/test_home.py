import datetime
import re

import pytest

from tests.factories import (
    make_alliance,
    make_country,
    make_film_week,
    make_institution,
    make_membership,
    make_milestone,
    make_person,
    make_source,
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
        for item in re.findall(r"<li[^>]*>(.*?)</li>", figures, re.S)
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
        make_milestone(alliance=alliance, reported_on=datetime.date(2019, 1, 1))
        make_milestone(alliance=alliance, reported_on=datetime.date(2023, 1, 1))

    # no film week; the alliances with their figures; their latest reported figures with their
    # sources; films and tour stops counted; tour stops
    with django_assert_num_queries(6):
        response = client.get("/en/")

    assert response.status_code == 200


def test_home_figures_show_the_latest_reported_figure_with_its_source_beside_the_recorded(
    demo, client
):
    response = client.get("/en/")

    assert figures_of(response)[0] == (
        "55 members from 48 countries (reported by the alliance, 2023) "
        "Source: The Belt and Road Film Week | Zhao Tao and Lei Jiayin invited as Promotion "
        "Ambassadors , Shanghai International Film Festival "
        "2 members from 2 countries recorded in this catalog "
        "Belt and Road Film Festival Alliance"
    )


def test_home_figures_in_chinese_show_the_reported_figure_and_source_in_chinese(demo, client):
    response = client.get("/zh-hans/")

    assert figures_of(response)[0] == (
        "55 家成员机构，来自48个国家（联盟公布，2023） "
        "来源： The Belt and Road Film Week | Zhao Tao and Lei Jiayin invited as Promotion "
        "Ambassadors （译名：“一带一路”电影周｜赵涛、雷佳音受邀担任推广大使），上海国际电影节 "
        "本目录收录2家成员机构，来自2个国家 "
        "“一带一路”电影节联盟"
    )


@pytest.mark.django_db
def test_home_figures_link_the_source_and_give_its_date(client):
    alliance = make_alliance(name_en="Film Alliance", status="published")
    source = make_source(
        title="Annual report",
        url="https://example.org/report",
        published_on=datetime.date(2024, 3, 5),
    )
    make_milestone(alliance=alliance, reported_on=datetime.date(2020, 5, 1), members=9, countries=9)
    make_milestone(
        alliance=alliance,
        reported_on=datetime.date(2024, 1, 1),
        reported_precision="year",
        members=12,
        countries=7,
        source=source,
    )

    response = client.get("/en/")

    html = response.content.decode()
    assert '<a href="https://example.org/report" rel="external">Annual report</a>' in html
    assert figures_of(response)[0] == (
        "12 members from 7 countries (reported by the alliance, 2024) "
        "Source: Annual report , published March 5, 2024 "
        "0 members from 0 countries recorded in this catalog Film Alliance"
    )


@pytest.mark.django_db
def test_home_figures_of_an_alliance_with_no_reported_figure_show_only_the_recorded(client):
    make_milestone(alliance=make_alliance(name_en="Reporting Alliance", status="published"))
    silent = make_alliance(name_en="Silent Alliance", status="published")
    make_membership(alliance=silent, institution=make_institution(status="published"))

    response = client.get("/en/")

    html = response.content.decode()
    figures = html.split('<ul class="figures">', 1)[1].split("</ul>", 1)[0]
    assert figures.count("reported by the alliance") == 1
    assert figures_of(response)[1:] == ["1 member recorded Silent Alliance"]
