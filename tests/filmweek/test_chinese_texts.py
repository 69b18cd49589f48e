from django.utils import translation

from filmweek.models import Credit, Quote


def test_credit_character_reads_chinese_on_chinese_pages_else_english():
    named = Credit(character_en="Zhong Da", character_zh="仲达")
    unnamed = Credit(character_en="Jin Hao", character_zh="")

    with translation.override("zh-hans"):
        shown = (named.character, unnamed.character)

    assert shown == ("仲达", "Jin Hao")


def test_quote_translation_shows_on_chinese_pages_only():
    quote = Quote(text_en="We love films.", text_zh="我们热爱电影。")

    with translation.override("zh-hans"):
        chinese = quote.translation
    with translation.override("en"):
        english = quote.translation

    assert (chinese, english) == ("我们热爱电影。", "")


def test_quote_without_chinese_text_has_no_translation():
    quote = Quote(text_en="We love films.", text_zh="")

    with translation.override("zh-hans"):
        assert quote.translation == ""
