import pytest
from django.utils import translation

from alliance.admin import SourceAdmin
from alliance.models import Source


@pytest.mark.django_db
def test_source_title_translation_shows_on_chinese_pages_only():
    source = Source.objects.create(title="Introduction to the Alliance", title_zh="联盟简介")

    with translation.override("zh-hans"):
        chinese = source.title_translation
    with translation.override("en"):
        english = source.title_translation

    assert (chinese, english) == ("联盟简介", "")


@pytest.mark.django_db
def test_source_publisher_name_falls_back_to_english_without_chinese():
    source = Source.objects.create(title="A report", publisher="SIFF", publisher_zh="")

    with translation.override("zh-hans"):
        assert source.publisher_name == "SIFF"


def test_source_admin_edits_the_chinese_title_and_publisher():
    assert SourceAdmin.fields == (
        "title",
        "title_zh",
        "publisher",
        "publisher_zh",
        "url",
        "published_on",
    )
