"""The Chinese pages read as Chinese: every public page of the demo in zh-hans, with Chinese
punctuation beside Chinese text and the Chinese of every character name, quote and source
title of the source texts."""

import re
from html.parser import HTMLParser

from django.utils import translation

from alliance.models import Source
from config.sitemaps import sitemaps
from filmweek.models import Credit, Quote

HAN = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’《》]"
ASCII_PUNCTUATION_BESIDE_CHINESE = re.compile(rf"{HAN} *[(),:;]|[(),:;] *{HAN}")
SPACE_BETWEEN_CHINESE_AND_DIGITS = re.compile(r"[\u3400-\u9fff] +\d|\d +[\u3400-\u9fff]")
EXTRA_PAGES = ["/zh-hans/search/?q=赵涛", "/zh-hans/apply/", "/zh-hans/open-data/"]
# Deliberate exceptions: texts of libraries, kept as they come, and a date before its time.
EXCEPTIONS = [
    "科科斯(基林)群岛",  # django-countries' Chinese name of the Cocos (Keeling) Islands (filters)
]
# Deliberate spaces beside digits: a count badge beside a heading, and Django's Chinese
# DATETIME_FORMAT ("2026年12月7日 14:16") that puts a space between the day and the time.
DELIBERATE_DIGIT_SPACING = [("/zh-hans/search/?q=赵涛", "人物 1")]
DAY_BEFORE_TIME = re.compile(r"日 \d{1,2}:\d{2}")


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, scripts, styles or attribute values."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_lines(html):
    parser = VisibleText()
    parser.feed(html)
    text = "".join(parser.parts)
    for exception in EXCEPTIONS:
        text = text.replace(exception, "")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def chinese_pages():
    paths = []
    with translation.override("zh-hans"):
        for sitemap in sitemaps.values():
            paths += [sitemap.location(item) for item in sitemap.items()]
    return paths + EXTRA_PAGES


def offending_spots(client, pattern):
    spots = []
    for path in chinese_pages():
        response = client.get(path)
        assert response.status_code == 200, path
        for line in visible_lines(response.content.decode()):
            spots += [(path, line) for _ in pattern.finditer(line)][:1]
    return spots


def test_chinese_pages_of_the_demo_have_no_ascii_punctuation_beside_chinese(demo, client):
    assert offending_spots(client, ASCII_PUNCTUATION_BESIDE_CHINESE) == []


def test_chinese_pages_of_the_demo_put_no_space_between_chinese_and_digits(demo, client):
    spots = offending_spots(client, SPACE_BETWEEN_CHINESE_AND_DIGITS)

    new = [
        (path, line)
        for path, line in spots
        if not any(path == known and part in line for known, part in DELIBERATE_DIGIT_SPACING)
        and SPACE_BETWEEN_CHINESE_AND_DIGITS.search(DAY_BEFORE_TIME.sub("", line))
    ]
    assert new == []


def page_text(client, path):
    return "".join(visible_lines(client.get(path).content.decode()))


def test_chinese_film_page_names_every_character_in_chinese(demo, client):
    credits = Credit.objects.exclude(character_en="").select_related("film")

    missing = [
        credit.character_en
        for credit in credits
        if f"饰{credit.character_zh}"
        not in page_text(client, f"/zh-hans/films/{credit.film.slug}/")
    ]

    assert credits.count() == 3
    assert missing == []


def test_chinese_person_pages_show_every_quote_beside_its_translation(demo, client):
    quotes = Quote.objects.select_related("person")

    missing = []
    for quote in quotes:
        text = page_text(client, f"/zh-hans/people/{quote.person.slug}/")
        if not (quote.text_zh and f"译文：{quote.text_zh}" in text and quote.text_en in text):
            missing.append(quote.person.slug)

    assert quotes.count() == 4
    assert missing == []


def test_chinese_pages_show_every_source_title_with_its_translation(demo, client):
    pages = ["/zh-hans/alliances/belt-and-road-film-festival-alliance/"] + [
        f"/zh-hans/film-weeks/{slug}/"
        for slug in ["belt-and-road-film-week-2023", "sco-film-and-television-week-2025"]
    ]
    text = "".join(page_text(client, path) for path in pages)

    missing = [
        source.title
        for source in Source.objects.all()
        if not (source.title_zh and f"{source.title}（译名：{source.title_zh}）" in text)
    ]

    assert missing == []


def test_english_pages_show_no_translation_of_quotes_or_sources(demo, client):
    text = page_text(client, "/en/film-weeks/sco-film-and-television-week-2025/")

    assert ("译文" in text, "译名" in text, "Translation:" in text) == (False, False, False)
