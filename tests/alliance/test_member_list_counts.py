"""Counts beside the options of the member directory's filters: each option with the number of
memberships it would give with the other filters as they are."""

import datetime
import re

import pytest

from alliance.models import InstitutionKind
from core.models import Status
from tests.factories import make_alliance, make_country, make_institution, make_membership

MEMBERS = "/en/members/"
PUBLISHED = {"status": Status.PUBLISHED}
LEFT = datetime.date(2021, 1, 1)


def member(alliance, code="CN", status=Status.PUBLISHED, kind=InstitutionKind.FESTIVAL, **kw):
    country = make_country(code, continent="EU" if code == "DE" else "AS")
    institution = make_institution(country=country, status=status, kind=kind)
    return make_membership(institution=institution, alliance=alliance, **kw)


def shown_label(response, value):
    match = re.search(rf'value="{value}"[^>]*>([^<]*)<', response.content.decode())
    return match.group(1)


@pytest.fixture
def members(db):
    """Three current members (one founding, one German archive), a former one and a member
    whose institution is a draft (never counted)."""
    alliance = make_alliance(slug="film-alliance", name_en="Film Alliance", **PUBLISHED)
    member(alliance, is_founding=True)
    member(alliance, joined_on=datetime.date(2020, 4, 1))
    member(alliance, code="DE", kind=InstitutionKind.ARCHIVE)
    member(alliance, left_on=LEFT)
    member(alliance, status=Status.DRAFT)
    return alliance


def test_member_list_counts_current_members_by_default(client, members):
    response = client.get(MEMBERS)

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 2, "DE": 1}
    assert counts["continent"] == {"AS": 2, "EU": 1}
    assert counts["kind"] == {"festival": 2, "archive": 1}
    assert counts["joined_year"] == {2018: 2, 2020: 1}
    assert counts["membership"] == {"current": 3, "former": 1, "all": 4}
    assert counts["founding"] == 1


def test_member_list_counts_apply_the_other_filters(client, members):
    response = client.get(MEMBERS, {"country": "CN", "membership": "all"})

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 3, "DE": 1}
    assert counts["kind"] == {"festival": 3}
    assert counts["membership"] == {"current": 2, "former": 1, "all": 3}
    assert counts["alliance"] == {"film-alliance": 3}


def test_member_list_renders_counts_and_dims_zero(client, members):
    response = client.get(MEMBERS, {"country": "DE"})

    assert shown_label(response, "DE") == "Germany (1)"
    assert shown_label(response, "2020") == "2020 (0)"
    assert '<option value="2020" class="facet-empty">' in response.content.decode()
    assert shown_label(response, "former") == "Former members (0)"


def test_member_list_counts_in_chinese(client, members):
    response = client.get("/zh-hans/members/")

    assert shown_label(response, "DE") == "德国（1）"


def test_member_list_unknown_value_is_left_out_of_the_counts(client, members):
    response = client.get(MEMBERS, {"country": "ZZ", "joined_year": "1e9"})

    assert response.status_code == 200
    assert response.context["filter"].facet_counts["country"] == {"CN": 2, "DE": 1}


@pytest.mark.usefixtures("page_cache_on")
def test_member_list_counts_follow_a_save(client, members):
    client.get(MEMBERS)
    member(members, code="DE")

    response = client.get(MEMBERS)

    assert shown_label(response, "DE") == "Germany (2)"
