"""core.models.bilingual: English/Chinese text pairs read in the active language."""

import pytest
from django.utils import translation

from core.models import in_language


@pytest.mark.parametrize(
    ("language", "texts", "expected"),
    [
        ("en", ("Grand Theatre", "大剧院"), "Grand Theatre"),
        ("zh-hans", ("Grand Theatre", "大剧院"), "大剧院"),
        ("zh-hans", ("Grand Theatre", ""), "Grand Theatre"),
        ("en", ("", "大剧院"), "大剧院"),
        ("en", ("", ""), ""),
    ],
)
def test_in_language_reads_the_active_language_else_the_other(language, texts, expected):
    with translation.override(language):
        shown = in_language(*texts)

    assert shown == expected
