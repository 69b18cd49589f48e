"""bench/grid.py as `make bench` runs it (bench.probe grid): the grid measured on the
configured database, leaving nothing behind."""

import pytest

from bench import grid
from filmweek.models import FilmWeek
from screenings.models import Screening, Venue

pytestmark = pytest.mark.django_db


def test_grid_measured_in_transaction_answers_the_median_and_rolls_back(monkeypatch):
    monkeypatch.setattr(grid, "SCREENINGS", 24)
    monkeypatch.setattr(grid, "RUNS", 2)

    answer = grid.measured_in_transaction()

    assert answer["median_ms"] > 0
    assert (answer["runs"], answer["screenings"], answer["venues"]) == (2, 24, 12)
    assert not FilmWeek.objects.filter(slug__startswith=grid.PREFIX).exists()
    assert not Venue.objects.filter(slug__startswith=grid.PREFIX).exists()
    assert Screening.objects.count() == 0
