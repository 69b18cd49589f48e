"""Counts beside the options of the film week list's filters."""

from core.models import Status
from tests.factories import make_film_week, make_institution

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/film-weeks/"


def test_film_week_list_counts_by_organiser_and_year(db, client):
    siff = make_institution(slug="siff", **PUBLISHED)
    qingdao = make_institution(slug="qingdao", **PUBLISHED)
    make_film_week(organiser=siff, year=2023, **PUBLISHED)
    make_film_week(organiser=siff, year=2024, **PUBLISHED)
    make_film_week(organiser=qingdao, year=2023, **PUBLISHED)
    make_film_week(organiser=qingdao, year=2024)  # a draft

    response = client.get(URL, {"year": "2023"})

    counts = response.context["filter"].facet_counts
    assert counts == {"organiser": {"siff": 1, "qingdao": 1}, "year": {2023: 2, 2024: 1}}
