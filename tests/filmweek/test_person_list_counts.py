"""Counts beside the options of the people list's filters."""

import pytest

from core.models import Status
from filmweek.models import Ambassador, CreditRole
from tests.factories import make_country, make_credit, make_film, make_film_week, make_person

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/people/"


@pytest.fixture
def people(db):
    """A Chinese director of a published film who was an ambassador, a Chinese actor credited
    only in a draft film, a Kazakh writer, and a draft person (never counted)."""
    china, kazakhstan = make_country("CN"), make_country("KZ")
    published, draft = make_film(**PUBLISHED), make_film()
    director = make_person(country=china, **PUBLISHED)
    make_credit(person=director, film=published, role=CreditRole.DIRECTOR)
    Ambassador.objects.create(person=director, film_week=make_film_week(**PUBLISHED))
    actor = make_person(country=china, **PUBLISHED)
    make_credit(person=actor, film=draft, role=CreditRole.CAST)
    writer = make_person(country=kazakhstan, **PUBLISHED)
    make_credit(person=writer, film=published, role=CreditRole.WRITER)
    make_credit(person=make_person(country=china), film=published, role=CreditRole.CAST)


def test_person_list_counts_leave_out_drafts_and_credits_in_draft_films(people, client):
    response = client.get(URL)

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 2, "KZ": 1}
    assert counts["role"] == {"director": 1, "writer": 1}
    assert (counts["ambassador"], counts["juror"]) == (1, 0)


def test_person_list_counts_apply_the_other_filters(people, client):
    response = client.get(URL, {"country": "CN", "role": "writer"})

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"KZ": 1}
    assert counts["role"] == {"director": 1}
    assert counts["ambassador"] == 0
