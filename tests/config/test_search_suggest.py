"""Suggestions as you type (/<lang>/search/suggest/?q=): at most eight records from the same
search as the search page, each kind in turn, published only, as JSON in the page's language;
a query the search page would not search gives none."""

import pytest

from config.search import SUGGESTION_LIMIT
from core.models import Status
from tests.config.test_search import _records_of_every_kind
from tests.factories import make_film, make_institution, make_person

PUBLISHED = {"status": Status.PUBLISHED}
SUGGEST = "/en/search/suggest/"


def names(response):
    return [suggestion["name"] for suggestion in response.json()["suggestions"]]


@pytest.mark.parametrize(("rows", "shown"), [(1, 4), (3, SUGGESTION_LIMIT)])
def test_search_suggest_queries_same_for_1_and_3_matches_per_kind(
    client, db, django_assert_num_queries, rows, shown
):
    _records_of_every_kind(rows)

    with django_assert_num_queries(5):  # the matches of every kind, then each kind's records
        response = client.get(SUGGEST, {"q": "needle"})

    assert len(response.json()["suggestions"]) == shown


def test_search_suggest_takes_each_kind_in_turn_up_to_the_limit(client, db):
    _records_of_every_kind(3)

    response = client.get(SUGGEST, {"q": "needle"})

    assert names(response) == [
        "Needle film 0",
        "Needle person 0",
        "Needle institution 0",
        "Needle week 0 2023",
        "Needle film 1",
        "Needle person 1",
        "Needle institution 1",
        "Needle week 1 2023",
    ]


def test_search_suggest_gives_name_other_names_kind_and_address(client, db):
    make_person(slug="lei-jiayin", name_en="Lei Jiayin", name_zh="雷佳音", **PUBLISHED)

    response = client.get(SUGGEST, {"q": "leijiayin"})

    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "query": "leijiayin",
        "suggestions": [
            {
                "name": "Lei Jiayin",
                "other_names": ["雷佳音"],
                "kind": "People",
                "url": "/en/people/lei-jiayin/",
            }
        ],
        "close": False,
    }


def test_search_suggest_in_chinese_names_and_links_in_chinese(client, db):
    make_person(slug="lei-jiayin", name_en="Lei Jiayin", name_zh="雷佳音", **PUBLISHED)

    response = client.get("/zh-hans/search/suggest/", {"q": "lei jia"})

    assert response.json()["suggestions"] == [
        {
            "name": "雷佳音",
            "other_names": ["Lei Jiayin"],
            "kind": "人物",
            "url": "/zh-hans/people/lei-jiayin/",
        }
    ]


def test_search_suggest_forgives_a_typo_and_says_so(client, db):
    make_institution(slug="durban", name_en="Durban International Film Festival", **PUBLISHED)

    response = client.get(SUGGEST, {"q": "durbn"})

    assert (names(response), response.json()["close"]) == (
        ["Durban International Film Festival"],
        True,
    )


def test_search_suggest_leaves_out_drafts(client, db):
    make_film(title_original="Needle draft", status=Status.DRAFT)

    response = client.get(SUGGEST, {"q": "needle"})

    assert names(response) == []


@pytest.mark.parametrize("q", ["", " ", "x", "%", "_", "!!!", "\x00", "a" * 5000, "'; DROP"])
def test_search_suggest_of_odd_input_is_json_never_an_error(client, db, q):
    response = client.get(SUGGEST, {"q": q})

    assert (response.status_code, response.json()["suggestions"]) == (200, [])


def test_search_suggest_without_a_searchable_query_runs_no_query(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(SUGGEST, {"q": "x"})

    assert response.json()["suggestions"] == []


def test_search_boxes_offer_suggestions_by_script(client, db):
    html = client.get("/en/search/", {"q": "needle"}).content.decode()

    assert html.count('data-suggest="/en/search/suggest/"') == 2
    assert '<script src="/static/js/search-suggest.js" defer></script>' in html
