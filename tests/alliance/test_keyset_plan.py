"""A keyset page as a plan (core.db.keyset.plan_page and run_plan): compiled once, run again
without the ORM, showing what keyset_page shows."""

import datetime
import pickle

import pytest
from django.db.models import F
from django.http import QueryDict

from alliance.models import Country
from core.db.keyset import RowsPage, SortKey, encode, keyset_page, plan_page, run_plan
from tests.factories import make_country

ORDER = [SortKey(F("code")), SortKey(F("pk"), int)]
CODES = ["AT", "BE", "CN", "DE", "ES", "FR", "IT"]


@pytest.fixture
def countries(db):
    return [make_country(code) for code in CODES]


def _rows():
    return Country.objects.filter(code__in=CODES)


def _codes(pks):
    by_pk = dict(Country.objects.values_list("pk", "code"))
    return [by_pk[pk] for pk in pks]


def _not_counted(queryset):
    raise AssertionError("a page holding every row must not be counted")


def _params(kind):
    """The query string of a page: the first, the second (after the first's last row), the
    one before the last page's first row, or with a cursor that does not decode."""
    if kind == "after":
        return QueryDict(f"after={encode(['CN', make_country('CN').pk])}")
    if kind == "before":
        return QueryDict(f"before={encode(['FR', make_country('FR').pk])}")
    return QueryDict("after=garbage" if kind == "garbage" else "")


@pytest.mark.parametrize("kind", ["first", "after", "before", "garbage"])
def test_plan_page_shows_what_keyset_page_shows(countries, kind):
    shown = keyset_page(_rows(), ORDER, _params(kind), 3)

    plan, page = plan_page(_rows(), ORDER, _params(kind), 3)

    assert _codes(page.pks) == [country.code for country in shown.object_list]
    assert (page.has_next, page.has_previous) == (shown.has_next, shown.has_previous)
    assert (page.next_cursor, page.previous_cursor) == (shown.next_cursor, shown.previous_cursor)
    assert plan.total == shown.total == len(CODES)


def test_run_plan_of_a_plan_kept_and_read_back_reads_the_rows_again(countries):
    plan, first = plan_page(_rows(), ORDER, QueryDict(""), 3)
    kept = pickle.loads(pickle.dumps(plan))
    Country.objects.filter(code="AT").update(code="ZZ")  # out of the rows

    again = run_plan(kept)

    assert _codes(first.pks) == ["ZZ", "BE", "CN"]
    assert _codes(again.pks) == ["BE", "CN", "DE"]


def test_plan_page_holding_every_row_is_its_own_total(countries):
    plan, page = plan_page(_rows(), ORDER, QueryDict(""), 10, count=_not_counted)

    assert plan.total == len(page.pks) == len(CODES)


def test_run_plan_before_with_less_than_a_page_shows_the_first_page(countries):
    params = QueryDict(f"before={encode(['BE', countries[1].pk])}")

    plan, page = plan_page(_rows(), ORDER, params, 3)

    assert _codes(page.pks) == ["AT", "BE", "CN"]
    assert (page.has_previous, page.has_next) == (False, True)


def test_plan_page_no_row_can_match_runs_no_query(countries, django_assert_num_queries):
    with django_assert_num_queries(0):
        plan, page = plan_page(Country.objects.filter(pk__in=[]), ORDER, QueryDict(""), 3)

    assert (page.pks, plan.total) == ([], 0)


def test_rows_page_cursor_of_a_date_time_sent_back_as_text_is_the_moment():
    moment = datetime.datetime(2026, 5, 1, 12, 30, tzinfo=datetime.UTC)
    as_text = RowsPage([(1, "2026-05-01 12:30:00", 1)], (datetime.datetime, int), True, False)
    as_value = RowsPage([(1, moment, 1)], (datetime.datetime, int), True, False)

    assert as_text.next_cursor == as_value.next_cursor == encode([moment, 1])
