"""URLs reversed once and filled in (alliance/url_templates.py) are the URLs reverse() gives."""

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.url_templates import Link


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "name, argument",
    [
        ("film-detail", "the-red-silk"),
        ("venue-detail", "shanghai-film-art-centre-2"),
        ("screening-calendar", 12),
        ("activity-session-calendar", 987654321),
    ],
)
def test_link_is_the_reversed_url(language, name, argument):
    with translation.override(language):
        link = Link(name)

        assert link(argument) == reverse(name, args=[argument])
