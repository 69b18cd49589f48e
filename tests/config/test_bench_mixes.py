"""manage.py bench_mixes, the URL mixes of `make bench`: the shares of each page type, both
languages, a crawler that never asks for a page twice, a visitor that asks for popular records
most, and paths that all answer 200 on a generated catalog."""

import collections
import datetime
import html
import io
import json
import random
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import resolve
from django.utils import translation

from config.management.commands.bench_mixes import (
    SHARES,
    kinds_in_turn,
    newest_cursor,
    search_terms,
    with_typo,
    zipf_ranks,
)
from core.models import Status
from filmweek.models import Film, Person
from tests.links import card_titles

CATALOG = {"films": 30, "people": 20, "institutions": 10, "screenings": 60}
PAGE_TYPES = {
    "film-detail": "film",
    "person-detail": "person",
    "film-list": "film_list",
    "search": "search",
    "search-suggest": "suggest",
    "schedule": "schedule",
    "film-week-detail": "film_week",
    "institution-detail": "institution",
    "home": "home",
    "member-list": "members",
    "award-list": "awards",
    "jury-list": "juries",
    "alliance-detail": "alliance",
    "film-calendar": "calendar",
    "person-calendar": "calendar",
    "venue-calendar": "calendar",
    "film-week-calendar": "calendar",
    "screening-calendar": "calendar",
    "api:film-detail": "api_film",
    "api:film-list": "api_film_list",
    "programme": "programme",
    "programme-calendar": "programme",
}
API_TYPES = {"api_film", "api_film_list"}


def write_mixes(directory, lines, **options):
    call_command("generate_catalog", seed=3, stdout=io.StringIO(), **CATALOG)
    call_command("bench_mixes", out=directory, lines=lines, stdout=io.StringIO(), **options)
    return {
        name: (directory / f"{name}.txt").read_text().splitlines()
        for name in ("crawler", "visitor")
    }


def language(path):
    """The language prefix of an HTML page's path; None for the API's, which have none."""
    prefix = path.split("/")[1]
    return None if prefix == "api" else prefix


def resolved(path):
    with translation.override(language(path) or "en"):
        return resolve(urlsplit(path).path)


def page_type(path):
    return PAGE_TYPES[resolved(path).view_name]


@pytest.fixture
def mixes(db, tmp_path):
    return write_mixes(tmp_path, 1000)


def test_kinds_in_turn_keeps_the_shares_within_one_request_in_every_prefix():
    shares = {"film": 30, "person": 15, "home": 4, "rare": 1}
    total = sum(shares.values())

    kinds = list(kinds_in_turn(shares, 500))

    for end in range(1, len(kinds) + 1):
        counts = collections.Counter(kinds[:end])
        assert all(abs(counts[kind] - end * share / total) < 1 for kind, share in shares.items())


def test_zipf_ranks_follow_the_law_with_exponent_1_1():
    counts = collections.Counter(zipf_ranks(random.Random(5), 1000, 200_000))

    assert counts.most_common(1)[0][0] == 0
    assert counts[0] / counts[1] == pytest.approx(2**1.1, rel=0.05)
    assert counts[0] / counts[9] == pytest.approx(10**1.1, rel=0.1)
    assert max(counts) < 1000


def test_search_terms_are_english_words_chinese_characters_and_words_and_pinyin():
    terms = search_terms([("The River Watchman", "河流守望者"), ("Li Wei", "")])

    assert terms == ["heliu", "river", "the", "watchman", "wei", "河", "河流"]


def test_with_typo_drops_one_inner_letter_of_a_latin_word():
    typos = {with_typo(random.Random(seed), "durban") for seed in range(40)}

    assert typos == {"drban", "duban", "duran", "durbn"}


@pytest.mark.parametrize("term", ["河流守望者", "heli", "2023"])
def test_with_typo_leaves_chinese_short_terms_and_years_as_they_are(term):
    assert with_typo(random.Random(1), term) == term


def test_bench_mixes_keep_the_shares_of_each_page_type(mixes, tmp_path):
    for paths in mixes.values():
        counts = collections.Counter(page_type(path) for path in paths)

        assert {kind: counts[kind] * 100 / len(paths) for kind in SHARES} == pytest.approx(
            SHARES, abs=0.1
        )


def test_bench_mixes_count_each_page_type_of_their_files(mixes, tmp_path):
    summary = json.loads((tmp_path / "mixes.json").read_text())

    for name, paths in mixes.items():
        assert summary["counts"][name] == collections.Counter(page_type(path) for path in paths)


def test_bench_mixes_ask_for_every_html_page_type_in_both_languages(mixes):
    for paths in mixes.values():
        languages = collections.defaultdict(set)
        for path in paths:
            languages[page_type(path)].add(language(path))

        assert languages == {
            kind: {None} if kind in API_TYPES else {"en", "zh-hans"} for kind in SHARES
        }


def test_bench_mixes_crawler_asks_for_no_path_twice(mixes):
    crawler = mixes["crawler"]

    assert len(set(crawler)) == len(crawler)


def test_bench_mixes_crawler_asks_for_each_film_once_before_any_again(mixes):
    films = [path for path in mixes["crawler"] if page_type(path) == "film"]
    slugs = [resolved(path).kwargs["slug"] for path in films]

    assert len(set(slugs[:30])) == 30
    assert set(slugs[30:60]) == set(slugs[:30])  # then again, in the other language


def test_bench_mixes_crawler_asks_for_members_as_of_a_day_on_both_pages(mixes):
    as_of = collections.Counter(
        page_type(path) for path in mixes["crawler"] if "as_of=" in urlsplit(path).query
    )

    assert sorted(as_of) == ["alliance", "members"]


def test_bench_mixes_visitor_asks_for_the_saved_films_most(mixes, tmp_path):
    plan = json.loads((tmp_path / "mixes.json").read_text())["saves"]
    films = collections.Counter(
        urlsplit(path).path.split("/", 2)[2]
        for path in mixes["visitor"]
        if page_type(path) == "film"
    )

    most_asked = films.most_common(1)[0][0]

    assert f"/en/{most_asked}" == plan[0]["pages"][0]


def test_bench_mixes_every_path_answers_200(db, tmp_path, client):
    mixes = write_mixes(tmp_path, 200)
    paths = sorted({*mixes["crawler"], *mixes["visitor"]})

    failures = [(path, client.get(path).status_code) for path in paths]

    assert [failure for failure in failures if failure[1] != 200] == []


def test_bench_mixes_crawler_pages_each_have_their_own_page_cache_entry(
    db, tmp_path, client, settings
):
    settings.PAGE_CACHE = True
    crawler = write_mixes(tmp_path, 200)["crawler"]
    cached = [path for path in crawler if page_type(path) != "calendar"]

    etags = [client.get(path)["ETag"] for path in cached]  # a digest of the page's cache key

    assert len(set(etags)) == len(cached)


def shown_value(entry):
    """The English title or name the entry's saves change, as it is now."""
    model = {"title_en": Film, "name_en": Person}[entry["field"]]
    pk = resolve(entry["change"]).kwargs["object_id"]
    return getattr(model.objects.get(pk=pk), entry["field"])


def test_bench_mixes_saver_plan_names_pages_that_show_each_record(mixes, tmp_path, client):
    plan = json.loads((tmp_path / "mixes.json").read_text())["saves"]

    for entry in plan:
        pages = [html.unescape(client.get(page).content.decode()) for page in entry["pages"]]

        assert len(pages) == 2
        assert all(shown_value(entry) in page for page in pages)
    assert [entry["field"] for entry in plan[:2]] == ["title_en", "name_en"]


def test_bench_mixes_staff_user_is_a_superuser_with_the_given_password(db, tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_STAFF_PASSWORD", "saver-password")

    write_mixes(tmp_path, 50, staff_user="bench-saver")

    user = get_user_model().objects.get(username="bench-saver")
    assert (user.is_staff, user.is_superuser, user.check_password("saver-password")) == (
        True,
        True,
        True,
    )


def test_bench_mixes_without_a_catalog_fail(db, tmp_path):
    with pytest.raises(CommandError, match="generate_catalog"):
        call_command("bench_mixes", out=tmp_path, lines=10)


def test_newest_cursor_shows_the_films_added_before_it(db, client):
    added = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    films = Film.objects.bulk_create(
        Film(slug=f"film-{n}", title_original=f"Film {n}", status=Status.PUBLISHED)
        for n in range(4)
    )
    for n, film in enumerate(films):  # created_at is set on insert: date them afterwards
        Film.objects.filter(pk=film.pk).update(created_at=added + datetime.timedelta(days=n))
    newest_first = Film.objects.order_by("-created_at")
    cursor = newest_cursor(*newest_first.values_list("created_at", "pk")[1])

    response = client.get(f"/en/films/?sort=newest&after={cursor}")

    assert card_titles(response) == ["Film 1", "Film 0"]
