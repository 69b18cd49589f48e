"""The generic facet counts (core.db.facets, core.forms.facets): grouping, cases, the label of
a count and the widgets that show it."""

from django.db.models import Q
from django.utils import translation

from core.db.facets import case_counts, counted_by, grouped_counts
from core.forms.facets import count_text
from core.forms.widgets import FastCheckboxSelectMultiple, FastSelect
from filmweek.models import Film, FilmCountry
from tests.factories import make_country, make_film


def test_grouped_counts_count_a_row_once_per_value_through_a_to_many_relation(db):
    film = make_film()
    FilmCountry.objects.create(film=film, country=make_country("CN", continent="AS"))
    FilmCountry.objects.create(film=film, country=make_country("KZ", continent="AS"), position=2)

    counts = grouped_counts(counted_by(Film.objects.all(), "film_countries__country__continent"))

    assert counts == {"AS": 1}


def test_grouped_counts_add_up_several_querysets_and_skip_empty_ones(db):
    make_film(kind="feature")
    make_film(kind="short")

    counts = grouped_counts(
        counted_by(Film.objects.all(), "kind"),
        counted_by(Film.objects.filter(kind="short"), "kind"),
        counted_by(Film.objects.none(), "kind"),
    )

    assert counts == {"feature": 1, "short": 2}


def test_grouped_counts_of_only_empty_querysets_are_empty(db):
    assert grouped_counts(counted_by(Film.objects.none(), "kind")) == {}


def test_case_counts_count_each_condition_and_an_empty_q_counts_every_row(db):
    make_film(year=2001)
    make_film(year=2020)

    counts = case_counts(Film.objects.all(), {"old": Q(year__lt=2010), "all": Q()})

    assert counts == {"old": 1, "all": 2}


def test_count_text_groups_thousands_and_shows_a_capped_count_with_a_plus():
    assert count_text("China", 12) == "China (12)"
    assert count_text("China", 12345) == "China (12,345)"
    assert count_text("Award winners", 1001, cap=1000) == "Award winners (1,000+)"


def test_count_text_in_chinese_uses_chinese_brackets():
    with translation.override("zh-hans"):
        assert count_text("中国", 3) == "中国（3）"
        assert count_text("获奖影片", 1001, cap=1000) == "获奖影片（1000 以上）"


def test_select_with_counts_dims_an_option_of_zero_and_leaves_the_empty_choice_alone():
    select = FastSelect(choices=[("", "Any"), ("a", "A"), ("b", "B")])
    select.counts = {"a": 2}

    html = select.render("kind", "b")

    assert html == (
        '<select name="kind"><option value="">Any</option><option value="a">A (2)</option>'
        '<option value="b" class="facet-empty" selected>B (0)</option></select>'
    )


def test_checkboxes_without_counts_render_as_before():
    boxes = FastCheckboxSelectMultiple(choices=[("a", "A")])

    html = boxes.render("country", ["a"])

    assert (
        html
        == '<div><label><input type="checkbox" name="country" value="a" checked>A</label></div>'
    )
