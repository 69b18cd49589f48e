"""core.views.addresses: a list's links from URL patterns reversed once."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.views.addresses import Addresses


@pytest.mark.parametrize(
    ("name", "argument"),
    [
        ("film-detail", "five-hundred-miles"),
        ("person-detail", "su_lun-2"),
        ("screening-calendar", 12345),
        ("activity-session-calendar", 7),
    ],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_addresses_are_what_reverse_gives(name, argument, language):
    with translation.override(language):
        addresses = Addresses()
        made = [addresses(name, argument), addresses(name, argument)]

        assert made == [reverse(name, args=[argument])] * 2


def test_addresses_reverse_each_pattern_once(monkeypatch):
    addresses = Addresses()
    reversed_names = []

    def counting_reverse(name, args):
        reversed_names.append(name)
        return reverse(name, args=args)

    monkeypatch.setattr("core.views.addresses.reverse", counting_reverse)

    made = [addresses("film-detail", slug) for slug in ("a", "b", "c")]

    assert (made, reversed_names) == (
        ["/en/films/a/", "/en/films/b/", "/en/films/c/"],
        ["film-detail"],
    )
