"""The search text normaliser, the pinyin it derives, the grams drawn from it, the query rules
and the conditions they make, and the stored search columns of institutions."""

import unicodedata

import pytest
from django.db import connection
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypinyin.constants import PINYIN_DICT

from alliance.models import Institution
from core.models import Status
from core.search.text import (
    MAX_PINYIN_READINGS,
    MAX_QUERY_LENGTH,
    PINYIN_SYLLABLES,
    SearchQuery,
    build_search_grams,
    build_search_text,
    close_matches,
    close_pair_floor,
    close_pieces,
    edits_to,
    including_search_text,
    is_pinyin,
    may_be_close,
    normalise,
    pinyin_forms,
    required_grams,
    search_edits,
    text_filter,
)
from tests.factories import make_institution

# normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lei Jiayin", "lei jiayin"),
        ("Léi Jiā Yīn", "lei jia yin"),
        ("LǙ", "lu"),
        ("Алёна Свиридова", "алена свиридова"),
        ("Straße", "strasse"),
        ("ＳＩＦＦ２０２３", "siff2023"),
        ("Pacific Rim: Uprising", "pacific rim uprising"),
        ("Kim-Wai Chung", "kim wai chung"),
        ("The Longest Day in Chang'an", "the longest day in changan"),
        ("  many \t\n spaces  ", "many spaces"),
        ("环太平洋：雷霆再起", "环太平洋 雷霆再起"),
        ("lei\x00jia\x07yin", "lei jia yin"),
        ("zero\u200bwidth", "zerowidth"),
        ("100% _under_", "100 under"),
        ("!?…—", ""),
    ],
)
def test_normalise_gives_lowercase_text_without_marks_or_punctuation(text, expected):
    assert normalise(text) == expected


def test_normalise_of_its_own_result_changes_nothing():
    text = normalise("Léi Jiā-Yīn, 雷佳音 & Алёна!")

    assert normalise(text) == text


# pinyin


def test_pinyin_forms_of_chinese_name_are_spaced_and_joined():
    assert pinyin_forms("雷佳音") == ["lei jia yin", "leijiayin"]


def test_pinyin_forms_of_title_with_punctuation_and_digits():
    assert pinyin_forms("流浪地球2") == ["liu lang di qiu 2", "liulangdiqiu2"]


def test_pinyin_forms_spell_u_umlaut_also_as_v():
    assert pinyin_forms("女") == ["nu", "nv"]


def test_pinyin_forms_add_the_second_reading_of_each_character():
    assert pinyin_forms("青岛东方影都") == [
        "qing dao dong fang ying dou",
        "qingdaodongfangyingdou",
        "jing dao dong fang ying dou",
        "jingdaodongfangyingdou",
        "qing dao dong fang ying du",
        "qingdaodongfangyingdu",
    ]


def test_pinyin_forms_are_bounded_for_long_titles():
    forms = pinyin_forms("环太平洋：雷霆再起" * 5)

    assert len(forms) == 2 * MAX_PINYIN_READINGS


def test_pinyin_forms_of_text_without_chinese_are_none():
    assert pinyin_forms("Five Hundred Miles") == []


def test_pinyin_syllables_are_those_of_pypinyin_without_interjections():
    spelled = {
        "".join(c for c in unicodedata.normalize("NFKD", pinyin) if not unicodedata.combining(c))
        for readings in PINYIN_DICT.values()
        for pinyin in readings.split(",")
    }

    assert spelled - PINYIN_SYLLABLES == {"m", "n", "ng", "hm", "hng"}
    assert PINYIN_SYLLABLES - spelled == set()


@pytest.mark.parametrize(
    ("word", "expected"),
    [("jiaohuan", True), ("leijiayin", True), ("xian", True), ("film", False), ("in", False)],
)
def test_is_pinyin_when_word_splits_into_syllables(word, expected):
    assert is_pinyin(word) is expected


# build_search_text


def test_build_search_text_puts_each_form_on_its_own_line_once():
    text = build_search_text("交换人生", "Five Hundred Miles", "交换人生", "", None)

    assert text.splitlines() == [
        "交换人生",
        "jiao huan ren sheng",
        "jiaohuanrensheng",
        "five hundred miles",
    ]


def test_build_search_text_of_nothing_is_empty():
    assert build_search_text("", None, "!!") == ""


def test_including_search_text_adds_the_columns_to_given_fields():
    assert including_search_text(["name_zh"]) == {"name_zh", "search_text", "search_grams"}


@pytest.mark.parametrize("update_fields", [None, []])
def test_including_search_text_keeps_all_or_nothing(update_fields):
    assert including_search_text(update_fields) == update_fields


# build_search_grams


def test_build_search_grams_holds_each_chinese_character_and_each_pair_in_a_word_once():
    grams = build_search_grams("雷佳音\nlei jia yin\nleijiayin\nlei jiayin")

    assert grams.split(" ") == [
        *["雷", "佳", "音", "雷佳", "佳音"],
        *["le", "ei", "ji", "ia", "yi", "in", "ij", "ay"],
    ]


def test_build_search_grams_splits_chinese_from_other_characters_of_a_word():
    assert build_search_grams("流浪地球2") == "流 浪 地 球 流浪 浪地 地球"


def test_build_search_grams_of_nothing_or_single_letters_is_empty():
    assert [build_search_grams(""), build_search_grams("a b 1")] == ["", ""]


@pytest.mark.parametrize(
    ("form", "grams"),
    [
        ("河", ["河"]),
        ("河流", ["河流"]),
        ("li", ["li"]),
        ("人世 间", ["人世", "间"]),
        ("雷a", ["雷"]),
        ("li 河流", ["li", "河流"]),
        ("a b", []),
        ("守望者", []),
        ("lei jia", []),
        ("river", []),
    ],
)
def test_required_grams_of_a_form_too_short_for_a_trigram(form, grams):
    assert required_grams(form) == grams


def test_required_grams_are_among_the_grams_of_any_text_holding_the_form():
    text = build_search_text("一带一路电影周 2023", "人世间", "Lei Jiayin")
    stored = set(build_search_grams(text).split(" "))
    forms = ["一", "带一", "世间", "ji", "ei ji", "周 20", "u 20"]

    assert [form for form in forms if not set(required_grams(form)) <= stored] == []
    assert all(form in text for form in forms)


@given(
    st.text(alphabet="雷佳音河流 abli2\n", max_size=20),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_required_grams_of_any_form_in_a_text_are_among_its_grams(text, start, length):
    """No false negative from the grams index: whatever part of a stored text a query is, the
    grams it needs are stored."""
    stored_text = build_search_text(text)
    form = normalise(stored_text[start : start + length])

    assert set(required_grams(form)) <= set(build_search_grams(stored_text).split(" "))


# SearchQuery


def test_query_parse_keeps_text_as_typed_and_normalises_it():
    query = SearchQuery.parse("  Léi  Jiā Yīn ")

    assert (query.text, query.normalised, query.shortened) == ("Léi Jiā Yīn", "lei jia yin", False)


def test_query_parse_cuts_a_long_query():
    query = SearchQuery.parse("a" * 10_000)

    assert (len(query.text), query.shortened) == (MAX_QUERY_LENGTH, True)


def test_query_parse_drops_nul_and_control_characters():
    query = SearchQuery.parse("lei\x00jiayin\x1b")

    assert (query.text, query.normalised) == ("lei jiayin", "lei jiayin")


@pytest.mark.parametrize(
    ("raw", "blank", "no_text", "too_short", "searchable"),
    [
        ("", True, False, False, False),
        ("   ", True, False, False, False),
        ("\x00", True, False, False, False),
        ("%_!", False, True, False, False),
        ("a", False, False, True, False),
        ("x", False, False, True, False),
        ("7", False, False, True, False),
        ("雷", False, False, False, True),
        ("雷佳", False, False, False, True),
        ("xy", False, False, False, True),
    ],
)
def test_query_states(raw, blank, no_text, too_short, searchable):
    query = SearchQuery.parse(raw)

    assert (query.is_blank, query.has_no_text, query.is_too_short, query.is_searchable) == (
        blank,
        no_text,
        too_short,
        searchable,
    )


@pytest.mark.parametrize(
    ("raw", "forms"),
    [
        ("jiaohuan rensheng", ["jiaohuan rensheng", "jiaohuanrensheng"]),
        ("人世 间", ["人世 间", "人世间"]),
        ("Lei Jiayin", ["lei jiayin", "leijiayin"]),
        ("in a", ["in a"]),
        ("five hundred miles", ["five hundred miles"]),
        ("leijiayin", ["leijiayin"]),
    ],
)
def test_query_forms_join_words_only_when_all_are_chinese_or_pinyin(raw, forms):
    assert SearchQuery.parse(raw).forms == forms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Lei Jiayn", True), ("erth", True), ("lei", False), ("week 2023", False)],
)
def test_query_allows_typos_when_long_enough_and_without_digits(raw, expected):
    assert SearchQuery.parse(raw).allows_typos is expected


# The stored column of institutions


def test_institution_save_fills_search_text(db):
    institution = make_institution(
        name_en="Shanghai International Film Festival",
        name_zh="上海国际电影节",
        short_name="SIFF",
        city_en="Shanghai",
        city_zh="上海",
    )

    institution.refresh_from_db()
    assert institution.search_text.splitlines() == [
        "shanghai international film festival",
        "上海国际电影节",
        "shang hai guo ji dian ying jie",
        "shanghaiguojidianyingjie",
        "siff",
        "shanghai",
        "上海",
        "shang hai",
    ]


def test_institution_save_with_update_fields_refreshes_search_text(db):
    institution = make_institution(name_en="Qingdao Oriental Film Metropolis")
    institution.name_zh = "青岛东方影都"

    institution.save(update_fields=["name_zh"])

    institution.refresh_from_db()
    assert institution.search_text.splitlines() == [
        "qingdao oriental film metropolis",
        "青岛东方影都",
        "qing dao dong fang ying dou",
        "qingdaodongfangyingdou",
        "jing dao dong fang ying dou",
        "jingdaodongfangyingdou",
        "qing dao dong fang ying du",
        "qingdaodongfangyingdu",
    ]


def test_institution_save_fills_search_grams_from_search_text(db):
    institution = make_institution(name_en="SIFF", name_zh="上海")

    institution.refresh_from_db()
    assert institution.search_grams == "si if ff 上 海 上海 sh ha an ng ai gh"


# text_filter: the list pages' q


@pytest.fixture
def river_and_moon(db):
    make_institution(
        slug="river", name_en="River Base", name_zh="河流基地", status=Status.PUBLISHED
    )
    make_institution(slug="moon", name_en="Moon Base", name_zh="月亮基地", status=Status.PUBLISHED)


@pytest.mark.parametrize(
    ("q", "slugs"),
    [
        ("河", ["river"]),
        ("河流", ["river"]),
        ("河流基", ["river"]),
        ("基地", ["moon", "river"]),
        ("河流 基地", ["river"]),
        ("河 基", []),
        ("流河", []),
        ("基地河流", []),
        ("ri", ["river"]),
        ("hel", ["river"]),
        ("heliu", ["river"]),
        ("", ["moon", "river"]),
        ("!!", []),
    ],
)
def test_text_filter_finds_chinese_of_any_length_latin_and_pinyin(river_and_moon, q, slugs):
    found = text_filter(Institution.objects.filter(slug__in=["river", "moon"]), q)

    assert sorted(found.values_list("slug", flat=True)) == slugs


def test_text_filter_needs_chinese_characters_in_their_order(db):
    make_institution(slug="belt", name_zh="一带一路", status=Status.PUBLISHED)

    found = text_filter(Institution.objects.filter(slug="belt"), "带一带")

    assert list(found) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the grams index is PostgreSQL's")
def test_text_filter_on_postgresql_looks_chinese_up_by_grams(db):
    sql = str(text_filter(Institution.objects.all(), "河流").query)

    assert ("string_to_array" in sql, "strpos" in sql, "LIKE" in sql) == (True, True, False)


# Typo candidates: the SQL tests that spare SQLite's search_edits (close_matches)


@pytest.mark.parametrize(
    ("normalised", "pieces"),
    [
        ("durbn", ["rbn", "du"]),
        ("zhao tai", ["zhao", "tai"]),
        ("wandering erth", ["ering", "erth", "wand"]),
        ("ash is purist white", ["purist", "white", "ash"]),
        ("a b c d", ["a", "b"]),
    ],
)
def test_close_pieces_are_one_more_than_the_edits_and_as_long_as_can_be(normalised, pieces):
    assert close_pieces(normalised) == pieces


@pytest.mark.parametrize(
    ("normalised", "floor"),
    [
        ("durbn", 4 - 2),
        ("zhao tai", 5 - 2),
        ("wandering erth", 11 - 4),
        ("ab cd", 2 - 1),  # an edit breaks one pair at most when words have two letters
        ("a bcd", 0),
        ("a b c d", 0),
    ],
)
def test_close_pair_floor_is_the_pairs_no_edit_can_break(normalised, floor):
    assert close_pair_floor(normalised) == floor


TYPO_LETTERS = "abeilnrst "


@st.composite
def text_and_typo(draw):
    """A stored search text and a query made from a run of its words, without its digits and
    Chinese characters (a query with them allows no typo), by up to two random edits (an
    insertion, a deletion or a substitution, spaces included)."""
    word = st.text(alphabet="abeilnrst雷2", min_size=2, max_size=9)
    text = build_search_text(" ".join(draw(st.lists(word, min_size=1, max_size=4))))
    stored = text.split()
    size = draw(st.integers(1, min(3, len(stored))))
    start = draw(st.integers(0, len(stored) - size))
    typo = "".join(char for char in " ".join(stored[start : start + size]) if char in TYPO_LETTERS)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(typo)))
        char = draw(st.sampled_from(TYPO_LETTERS))
        kept = draw(st.sampled_from([typo[at:], typo[at + 1 :]]))  # insertion or change/deletion
        typo = typo[:at] + draw(st.sampled_from([char, ""])) + kept
    return text, typo


@pytest.fixture
def search_row(db):
    return Institution.objects.filter(pk=make_institution().pk)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
@given(text_and_typo())
@example(("mountains may depart\nshan he gu ren", "montains may depart"))
@example(("ash is purest white\n江湖儿女", "ash is purist whte"))
@example(("ab cd", "xb cd"))
@example(("a bcd", "a bxd"))
def test_may_be_close_keeps_every_row_within_the_allowed_edits(search_row, text_and_typo):
    """No false negative: the pre-filter in SQL keeps every row edits_to finds close."""
    text, typo = text_and_typo
    query = SearchQuery.parse(typo)
    assume(query.allows_typos and edits_to(text, query.normalised) is not None)
    search_row.update(search_text=text, search_grams=build_search_grams(text))

    assert search_row.filter(may_be_close(query.normalised)).exists()


@pytest.fixture
def counted_search_edits(db):
    """The calls of SQLite's search_edits, as a list of the search texts it was given."""
    calls = []

    def counting(search_text, normalised):
        calls.append(search_text)
        return search_edits(search_text, normalised)

    connection.ensure_connection()
    connection.connection.create_function("search_edits", 2, counting, deterministic=True)
    yield calls
    connection.connection.create_function("search_edits", 2, search_edits, deterministic=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="search_edits is SQLite's")
def test_close_matches_call_search_edits_only_on_rows_passing_the_sql_tests(
    counted_search_edits,
):
    close = make_institution(name_en="Wandering Earth Festival")
    for name in ["Haystack Archive", "Still Life Studio", "Mulan Film Bureau"]:
        make_institution(name_en=name)

    found = close_matches(Institution.objects.all(), SearchQuery.parse("Wandering Erth"))

    assert list(found) == [close]
    assert counted_search_edits == [close.search_text]
