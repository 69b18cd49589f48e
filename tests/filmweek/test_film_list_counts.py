"""Counts beside the options of the film list's filters: each option with the number of films it
would give with the other filters as they are."""

import re
import time

import pytest

from core.models import Status
from filmweek.filters import FilmFilter
from filmweek.models import Award, Film, FilmCountry, FilmKind, Language, Selection
from tests.factories import make_award, make_country, make_film, make_film_week

PUBLISHED = {"status": Status.PUBLISHED}
URL = "/en/films/"


def flag_label(response, name):
    return re.search(rf'<label for="id_{name}">([^<]*)</label>', response.content.decode()).group(1)


def shown_label(response, value):
    """The text of the option (or checkbox label) of `value` in the filter form."""
    match = re.search(rf'value="{value}"[^>]*>([^<]*)<', response.content.decode())
    return match.group(1)


def film(*codes, kind=FilmKind.FEATURE, status=Status.PUBLISHED, awarded=False):
    made = make_film(kind=kind, status=status)
    for position, code in enumerate(codes, start=1):
        continent = "EU" if code in ("DE", "FR") else "AS"
        FilmCountry.objects.create(
            film=made, country=make_country(code, continent=continent), position=position
        )
    if awarded:
        make_award(film=made, result=Award.Result.WON)
    return made


@pytest.fixture
def catalog(db):
    """Two Chinese films (one a co-production with Kazakhstan), a German one and a Chinese
    draft that wins an award (never counted)."""
    film("CN", awarded=True)
    film("CN", "KZ", kind=FilmKind.DOCUMENTARY)
    film("DE")
    film("CN", status=Status.DRAFT, awarded=True)
    film("FR", status=Status.DRAFT)


def test_film_list_counts_without_filters_count_every_published_film(catalog, client):
    response = client.get(URL)

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 2, "KZ": 1, "DE": 1}
    assert counts["continent"] == {"AS": 2, "EU": 1}
    assert counts["kind"] == {"feature": 2, "documentary": 1}
    assert (counts["coproduction"], counts["awarded"]) == (1, 1)


def test_film_list_counts_apply_the_other_filters_but_not_their_own(catalog, client):
    response = client.get(URL, {"kind": "feature"})

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 1, "DE": 1}
    assert counts["continent"] == {"AS": 1, "EU": 1}
    assert counts["kind"] == {"feature": 2, "documentary": 1}
    assert (counts["coproduction"], counts["awarded"]) == (0, 1)


def test_film_list_country_counts_keep_the_countries_ticked(catalog, client):
    response = client.get(URL, {"country": "KZ"})

    counts = response.context["filter"].facet_counts
    # Films made by Kazakhstan and each country: the countries ticked narrow each other.
    assert counts["country"] == {"CN": 1, "KZ": 1}
    assert counts["kind"] == {"documentary": 1}


def test_film_list_counts_with_three_filters(catalog, client):
    response = client.get(URL, {"country": "CN", "continent": "AS", "awarded": "1"})

    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 1}
    assert counts["continent"] == {"AS": 1}
    assert counts["kind"] == {"feature": 1}
    assert (counts["coproduction"], counts["awarded"]) == (0, 1)


def test_film_list_language_and_film_week_counts(db, client):
    week = make_film_week(slug="week", **PUBLISHED)
    russian = Language.objects.create(code="ru", name_en="Russian")
    selected, other, silent = film("CN"), film("CN"), film("CN")
    Selection.objects.create(film=selected, film_week=week)
    selected.languages.add(russian)
    other.languages.add(russian)
    Selection.objects.create(film=silent, film_week=week)

    response = client.get(URL, {"film_week": "week"})

    counts = response.context["filter"].facet_counts
    assert (counts["language"], counts["film_week"]) == ({"ru": 1}, {"week": 2})


def test_film_list_zero_options_show_zero_dimmed_and_stay_choosable(catalog, client):
    response = client.get(URL, {"kind": "feature"})

    html = response.content.decode()
    assert shown_label(response, "KZ") == "Kazakhstan (0)"
    assert '<label class="facet-empty"><input type="checkbox" name="country" value="KZ">' in html
    assert shown_label(response, "CN") == "China (1)"
    assert '<label><input type="checkbox" name="country" value="CN">' in html


def test_film_list_flags_show_their_count_in_their_label(catalog, client):
    response = client.get(URL, {"kind": "feature"})

    assert flag_label(response, "awarded") == "Award winners only (1)"
    assert flag_label(response, "coproduction") == "Co-productions only (0)"
    assert 'class="facet-empty" id="id_coproduction"' in response.content.decode()


def test_film_list_chosen_option_with_zero_stays_chosen(catalog, client):
    response = client.get(URL, {"kind": "short"})

    html = response.content.decode()
    assert '<option value="short" class="facet-empty" selected>Short (0)</option>' in html


def test_film_list_counts_in_chinese_use_chinese_brackets(catalog, client):
    response = client.get("/zh-hans/films/", {"kind": "feature"})

    assert shown_label(response, "KZ") == "哈萨克斯坦（0）"
    assert shown_label(response, "CN") == "中国（1）"


def test_film_list_invalid_value_is_left_out_of_the_counts(catalog, client):
    response = client.get(URL, {"kind": "<script>", "country": "XX\x00"})

    assert response.status_code == 200
    counts = response.context["filter"].facet_counts
    assert counts["country"] == {"CN": 2, "KZ": 1, "DE": 1}
    assert counts["kind"] == {"feature": 2, "documentary": 1}


@pytest.mark.usefixtures("page_cache_on")
def test_film_list_counts_follow_a_save(catalog, client):
    client.get(URL)
    added = film("KZ")

    after_adding = client.get(URL)
    added.status = Status.DRAFT
    added.save()
    after_unpublishing = client.get(URL)

    assert shown_label(after_adding, "KZ") == "Kazakhstan (2)"
    assert shown_label(after_unpublishing, "KZ") == "Kazakhstan (1)"


@pytest.mark.usefixtures("page_cache_on")
def test_film_list_flag_count_follows_a_new_award(catalog, client):
    client.get(URL)
    make_award(film=film("DE"), result=Award.Result.WON)

    response = client.get(URL)

    assert flag_label(response, "awarded") == "Award winners only (2)"


def test_film_list_counts_past_the_row_limit_are_left_out_and_the_form_says_why(
    catalog, client, monkeypatch
):
    monkeypatch.setattr(FilmFilter, "row_limit", 2)

    response = client.get(URL, {"kind": "documentary"})

    counts = response.context["filter"].facet_counts
    # Three published films without the kind filter: past the limit, so kinds go uncounted,
    # while the other facets count the one documentary.
    assert "kind" not in counts
    assert counts["country"] == {"CN": 1, "KZ": 1}
    assert shown_label(response, "documentary") == "Documentary"
    assert "counted over more than 2 results" in response.content.decode()


def test_film_list_counts_within_the_row_limit_say_nothing_of_it(catalog, client):
    response = client.get(URL)

    assert "shows no count" not in response.content.decode()


def test_film_list_counts_are_kept_once_for_every_sort_order(catalog, client):
    by_title = client.get(URL, {"sort": "title"}).context["filter"]
    by_year = client.get(URL, {"sort": "-year"}).context["filter"]

    assert by_title.counted_values() == by_year.counted_values()
    assert "sort" not in by_title.counted_values()


@pytest.mark.usefixtures("page_cache_on")
def test_film_list_counts_not_counted_again_after_a_title_edit(catalog, client, monkeypatch):
    counted = []
    count_facets = FilmFilter.count_facets
    monkeypatch.setattr(
        FilmFilter, "count_facets", lambda self: counted.append(1) or count_facets(self)
    )
    client.get(URL)
    edited = Film.objects.filter(status=Status.PUBLISHED).first()
    edited.title_en = "A New Title"
    edited.save()

    response = client.get(URL)

    assert "A New Title" in response.content.decode()
    assert len(counted) == 1


@pytest.mark.usefixtures("page_cache_on")
def test_film_list_counts_follow_a_field_edit_within_facet_counts_seconds(
    catalog, client, settings
):
    settings.FACET_COUNTS_SECONDS = 1
    client.get(URL)
    documentary = Film.objects.get(kind=FilmKind.DOCUMENTARY)
    documentary.kind = FilmKind.FEATURE
    documentary.save()
    client.get(URL)  # the page made afresh, with the counts kept: cached until they expire
    time.sleep(1.1)

    response = client.get(URL)

    assert shown_label(response, "feature") == "Feature (3)"
