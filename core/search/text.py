"""The text behind the one search box.

A searchable record stores `search_text`: each of its names normalised (lowercase, no tones or
accents, punctuation read as a space), one per line, followed by the pinyin of its Chinese names,
spaced ("lei jia yin") and joined ("leijiayin"). A query is normalised the same way and looked
for as a substring, so "雷佳", "Lei Jiayin", "léi jiā yīn" and "leijiayin" all find 雷佳音. On
PostgreSQL a trigram match (pg_trgm, set up by the migrations) also forgives small typos.

Beside it a record stores `search_grams`: the distinct Chinese characters of its search text and
every two-character run of its words, space-separated ("雷 佳 音 雷佳 佳音 le ei ..."). On
PostgreSQL a GIN index on them finds one- and two-character queries, which have no trigram to
look up (a LIKE on them reads the whole table); longer ones use the trigram index.

Typos, the same on every database: a query that allows typos (see SearchQuery.allows_typos) is
close to a record when some run of as many consecutive words of its search text as the query has
words is within `allowed_edits` of it (Levenshtein distance: an insertion, a deletion or a
substitution is one edit). One edit for a query of 4 to 7 letters, two for a longer one, spaces
not counted: "durbn" finds Durban, "Zhao Tai" Zhao Tao, "Wandering Erth" Wandering Earth. Close
matches are ranked by their edits, fewest first. Finding the candidates differs by database:
SQLite calls `search_edits` (registered on each connection by register_search_functions, about
2.3 µs a row) only on the published rows that pass two tests in SQL which every close row
passes: its search text holds one of allowed_edits + 1 pieces of the query's words (an edit
changes one piece at most), and its grams hold enough of the query's pairs (an edit breaks two
at most); see may_be_close. PostgreSQL reads the trigram index (`search_text %> query`, word
similarity 0.6 or more) and the same edit count then filters its first candidates. So
PostgreSQL may miss a typo that changes too many trigrams of a short word ("lixa" for "lisa")
that SQLite finds; it never finds one SQLite would not.
"""

import itertools
import operator
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, reduce

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Least, StrIndex
from django.db.models.lookups import GreaterThanOrEqual
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MAX_QUERY_LENGTH = 200
# One Chinese character is a word (河, 雷); one letter or digit is not.
MIN_QUERY_LENGTH = 2
# Trigrams of a shorter query match too much to be a useful typo guess.
MIN_FUZZY_LENGTH = 4
# Letters (without spaces) of the longest query forgiven one edit; a longer one is forgiven two.
MAX_ONE_EDIT_LENGTH = 7
# Readings of a Chinese text stored in its search text; bounds the column for long titles.
MAX_PINYIN_READINGS = 6

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Dropped rather than read as a space: "Xi'an" and "xian" are one word, as are "People's" and
# "peoples".
APOSTROPHES = frozenset("'\u2019\u02bc`")
# Other characters that carry no text; punctuation, symbols and controls (NUL included) are
# read as a space.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn"})
TEXT_CATEGORIES = frozenset("LMN")

# The toneless syllables of Mandarin as pypinyin spells them, without the interjections m, n,
# ng, hm and hng (which would let almost any word pass for pinyin).
_SYLLABLES = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
    ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
    chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
    dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
    eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong
    gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua
    huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
    ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan
    lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue
    lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai
    nan nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nue
    nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia
    qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong
    rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
    shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan
    sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun
    tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu
    xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang
    zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua
    zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
PINYIN_SYLLABLES = frozenset(_SYLLABLES.split())
LONGEST_SYLLABLE = max(map(len, PINYIN_SYLLABLES))


def normalise(text):
    """Lowercase, without tones, accents or control characters, punctuation and runs of spaces
    read as one space: "Léi Jiā-Yīn!" -> "lei jia yin"."""
    kept = []
    for char in unicodedata.normalize("NFKD", str(text).casefold()):
        if char in APOSTROPHES or unicodedata.combining(char):
            continue
        category = unicodedata.category(char)
        if category in INVISIBLE_CATEGORIES:
            continue
        kept.append(char if category[0] in TEXT_CATEGORIES else " ")
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def spellings(syllable):
    """The toneless spellings of a pinyin syllable: "lǜ" -> ["lu", "lv"] (ü as keyboards type
    it), "léi" -> ["lei"]."""
    as_v = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return list(dict.fromkeys([normalise(syllable), normalise(as_v)]))


def _pypinyin():
    """pypinyin, imported on first use rather than at the top: its dictionaries take about
    55 MB, which a web worker that only reads pages never needs. PYPINYIN_NO_DICT_COPY spares
    it a second copy of them (we never add words to them)."""
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    import pypinyin

    return pypinyin


def tone_readings(text):
    """pypinyin's readings of each character of `text`, with tone marks."""
    pypinyin = _pypinyin()
    return pypinyin.pinyin(text, style=pypinyin.Style.TONE, heteronym=True)


def toneless_pinyin(text):
    """The usual toneless reading of each character of `text`: a key for pinyin order."""
    return _pypinyin().lazy_pinyin(text)


def pinyin_forms(text):
    """The pinyin of a text with Chinese characters, spaced and joined ("lei jia yin",
    "leijiayin"); [] without Chinese. Beside the usual reading, a few more: each character
    read another way it can be (影都 yǐng dū, not only dōu; the surname 曾 zēng, not only céng)
    and ü spelled v, up to MAX_PINYIN_READINGS in all."""
    if not HAN.search(text):
        return []
    options = [
        # pypinyin lists a character's readings most common first; past the second they are
        # rare enough to be noise (方 fāng, páng, not also wǎng, fēng).
        list(dict.fromkeys(spelling for reading in readings[:2] for spelling in spellings(reading)))
        for readings in tone_readings(text)
    ]
    usual = [spelled[0] for spelled in options]
    readings = [usual] + [
        [*usual[:position], other, *usual[position + 1 :]]
        for position, spelled in enumerate(options)
        for other in spelled[1:]
    ]
    forms = []
    for syllables in readings[:MAX_PINYIN_READINGS]:
        spaced = normalise(" ".join(syllables))
        forms += [spaced, spaced.replace(" ", "")]
    return list(dict.fromkeys(forms))


def build_search_text(*texts):
    """The stored search column of a record: every non-empty text normalised and the pinyin of
    the Chinese ones, one line each, without repeats."""
    lines = []
    for text in texts:
        if text:
            lines += [normalise(text), *pinyin_forms(str(text))]
    return "\n".join(dict.fromkeys(line for line in lines if line))


def is_han(char):
    return bool(HAN.match(char))


def runs(text):
    """The runs of Chinese characters and of other letters and digits in `text`, as
    (is_han, run): "流浪地球2 earth" -> (True, "流浪地球"), (False, "2"), (False, "earth")."""
    for word in text.split():
        for han, chars in itertools.groupby(word, key=is_han):
            yield han, "".join(chars)


def pairs(run):
    return [run[start : start + 2] for start in range(len(run) - 1)]


def build_search_grams(search_text):
    """The stored grams of a record: each Chinese character of its search text and every two
    characters side by side in a word, once each, space-separated."""
    grams = []
    for han, run in runs(search_text):
        grams += [*run, *pairs(run)] if han else pairs(run)
    return " ".join(dict.fromkeys(grams))


def fill_search_columns(record, *texts):
    """Sets a record's search_text (see build_search_text) and the search_grams drawn from it."""
    record.search_text = build_search_text(*texts)
    record.search_grams = build_search_grams(record.search_text)


def including_search_text(update_fields):
    """The `update_fields` of a save() that recomputes the search columns: those fields and
    search_text and search_grams."""
    if not update_fields:  # None saves every field; an empty list saves none
        return update_fields
    return {*update_fields, "search_text", "search_grams"}


def is_pinyin(word):
    """Whether a (normalised) word splits into Mandarin syllables: "jiaohuan" yes, "film" no."""

    @cache
    def splits_from(start):
        if start == len(word):
            return True
        ends = range(start + 1, min(len(word), start + LONGEST_SYLLABLE) + 1)
        return any(word[start:end] in PINYIN_SYLLABLES and splits_from(end) for end in ends)

    return splits_from(0)


def is_chinese_or_pinyin(word):
    return word.isdigit() or all(HAN.match(char) for char in word) or is_pinyin(word)


@dataclass(frozen=True)
class SearchQuery:
    """What a person typed, made safe to show and to look for."""

    text: str  # as typed, without control characters, at most MAX_QUERY_LENGTH characters
    normalised: str
    shortened: bool

    @classmethod
    def parse(cls, raw):
        raw = raw or ""
        shortened = len(raw) > MAX_QUERY_LENGTH
        visible = "".join(
            char if unicodedata.category(char)[0] != "C" else " " for char in raw[:MAX_QUERY_LENGTH]
        )
        return cls(
            text=" ".join(visible.split()), normalised=normalise(visible), shortened=shortened
        )

    @property
    def is_blank(self):
        return not self.text

    @property
    def has_no_text(self):
        """Typed something, but only punctuation or symbols."""
        return bool(self.text) and not self.normalised

    @property
    def is_too_short(self):
        return bool(self.normalised) and not self.is_searchable

    @property
    def is_searchable(self):
        return len(self.normalised) >= MIN_QUERY_LENGTH or is_han(self.normalised[:1])

    @property
    def allows_typos(self):
        """Forgiven at least one edit (allowed_edits), in Latin letters only: a year or an
        edition number is meant exactly (2023 is not a typo of 2025), and a Chinese query is
        matched by its characters or its pinyin, not by a character changed."""
        return allowed_edits(self.normalised) > 0 and not any(
            char.isdigit() or is_han(char) for char in self.normalised
        )

    @property
    def forms(self):
        """The substrings to look for: the normalised query, and the same without spaces when
        every word is Chinese or pinyin, so "jiaohuan rensheng" finds "jiaohuanrensheng"."""
        words = self.normalised.split()
        if len(words) > 1 and all(map(is_chinese_or_pinyin, words)):
            return [self.normalised, "".join(words)]
        return [self.normalised]


class HoldsByGrams(Func):
    """PostgreSQL's test that search_text holds a form too short for a trigram, served by the
    grams index: `strpos(search_text, form) <> 0 AND string_to_array(search_grams, ' ') @>
    grams`, the second being the expression the index of the migrations is built on.

    The planner uses the index for a rare form; for a common one (河 in one title of twelve)
    it reads rows in turn until it has enough, testing strpos first, a fifth of the cost of
    splitting the grams. Written `<> 0`, strpos is taken to keep nearly every row, so the
    planner judges how common the form is by the grams alone, whose statistics it knows."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, form, grams):
        super().__init__(F("search_text"), F("search_grams"))
        self.form, self.grams = form, list(grams)

    def as_sql(self, compiler, connection, **extra_context):
        (text, text_params), (grams, grams_params) = [
            compiler.compile(expression) for expression in self.source_expressions
        ]
        sql = f"(strpos({text}, %s) <> 0 AND string_to_array({grams}, ' ') @> %s::text[])"
        return sql, (*text_params, self.form, *grams_params, self.grams)


def required_grams(form):
    """The stored grams every record holding `form` has, when the trigram index cannot find
    it: [] for a form with a word of three characters or more (a trigram to look up), else the
    Chinese characters and two-character runs of its words: "雷" -> ["雷"], "人 世" -> ["人",
    "世"], "li 河流" -> ["li", "河流"]."""
    if any(len(word) >= 3 for word in form.split()):
        return []
    return list(dict.fromkeys(run for han, run in runs(form) if han or len(run) == 2))


def substring_filter(query, vendor):
    """The condition "search_text holds one of the query's forms"; the stored text is already
    lowercase, so `contains` (LIKE, which can use the trigram index) is enough. It escapes %
    and _. On PostgreSQL a form too short for a trigram is looked up by its grams instead (see
    required_grams and HoldsByGrams)."""
    condition = Q()
    for form in query.forms:
        grams = required_grams(form) if vendor == "postgresql" else []
        condition |= Q(HoldsByGrams(form, grams)) if grams else Q(search_text__contains=form)
    return condition


def vendor_of(queryset):
    return connections[queryset.db].vendor


def text_filter(queryset, raw):
    """The list pages' `q`: the search page's matching without its typo guesses, so a "more"
    link from the search page lists the same records."""
    query = SearchQuery.parse(raw)
    if query.has_no_text:
        return queryset.none()  # only punctuation or symbols: no title is made of those
    if not query.normalised:
        return queryset
    return queryset.filter(substring_filter(query, vendor_of(queryset)))


def exact_matches(queryset, query):
    """The rows of `queryset` whose search_text holds `query` (a searchable SearchQuery)."""
    return queryset.filter(substring_filter(query, vendor_of(queryset)))


def allowed_edits(normalised):
    """The typos forgiven in a normalised query: none under MIN_FUZZY_LENGTH letters, one up to
    MAX_ONE_EDIT_LENGTH, two past it (spaces not counted)."""
    letters = len(normalised.replace(" ", ""))
    if letters < MIN_FUZZY_LENGTH:
        return 0
    return 1 if letters <= MAX_ONE_EDIT_LENGTH else 2


def edits_to(search_text, normalised):
    """The fewest edits from the normalised query to a run of as many consecutive words of
    `search_text`, or None when that is more than allowed_edits."""
    size = len(normalised.split())
    words = search_text.split()
    runs = (
        words
        if size == 1
        else [" ".join(words[at : at + size]) for at in range(len(words) - size + 1)]
    )
    closest = process.extractOne(
        normalised, runs, scorer=Levenshtein.distance, score_cutoff=allowed_edits(normalised)
    )
    return None if closest is None else closest[1]


def search_edits(search_text, normalised):
    """edits_to as SQLite calls it: NULL in, NULL out."""
    if search_text is None or normalised is None:
        return None
    return edits_to(search_text, normalised)


def register_search_functions(sender, connection, **kwargs):
    """connection_created receiver: gives SQLite `search_edits(search_text, query)`, which
    PostgreSQL does without (see close_matches)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_edits", 2, search_edits, deterministic=True)


class SearchEdits(Func):
    function = "search_edits"
    output_field = IntegerField()


def close_pieces(normalised):
    """allowed_edits + 1 pieces of the query's words, none overlapping another, as long as
    they can be cut (a long piece is rare): an edit changes one piece at most, so some piece
    is left whole in a close match, inside one word of its search text (pigeonhole rule)."""
    count = allowed_edits(normalised) + 1
    pieces = normalised.split()
    while len(pieces) < count:
        longest = max(pieces, key=len)
        pieces.remove(longest)
        pieces += [longest[: len(longest) // 2], longest[len(longest) // 2 :]]
    return sorted(pieces, key=len, reverse=True)[:count]


def close_pair_floor(normalised):
    """How many of the query's pairs (two characters side by side in a word, counted where
    they stand) the search_grams of any close match hold (q-gram rule). An edit breaks at
    most two pairs (one when no word is longer than two letters); an unbroken pair is inside a
    word of the match, so among its grams, the query having no Chinese character to split the
    word's run. At 0 or less it rules nothing out."""
    words = normalised.split()
    broken_per_edit = min(2, max(map(len, words)) - 1)
    return sum(len(word) - 1 for word in words) - allowed_edits(normalised) * broken_per_edit


def held_pairs(normalised):
    """How many of the query's pairs (see close_pair_floor) a row's search_grams hold, in SQL."""
    counts = Counter(pair for word in normalised.split() for pair in pairs(word))
    held = [Least(StrIndex("search_grams", Value(pair)), 1) * n for pair, n in counts.items()]
    return reduce(operator.add, held)


def may_be_close(normalised):
    """What every row close to the query satisfies, in SQL: the pigeonhole rule (at most three
    LIKEs, cheap) then the q-gram rule; see close_pieces and close_pair_floor."""
    pieces = [Q(search_text__contains=piece) for piece in close_pieces(normalised)]
    condition = reduce(operator.or_, pieces)
    if (floor := close_pair_floor(normalised)) > 0:
        condition &= GreaterThanOrEqual(held_pairs(normalised), floor)
    return condition


def close_matches(queryset, query):
    """The candidates of `queryset` for being close to `query` (a typo of it): on SQLite the
    rows within allowed_edits, on PostgreSQL those the trigram index finds, which the caller
    filters with edits_to. None for a query that does not allow typos."""
    if not query.allows_typos:
        return queryset.none()
    if vendor_of(queryset) == "postgresql":
        # `search_text %> query` is pg_trgm's indexable word-similarity test (threshold
        # pg_trgm.word_similarity_threshold, 0.6 by default).
        return queryset.filter(TrigramWordSimilar(F("search_text"), Value(query.normalised)))
    edits = SearchEdits(F("search_text"), Value(query.normalised))
    # In a CASE, so that SQLite tests the SQL rules before it calls search_edits.
    edits = Case(When(may_be_close(query.normalised), then=edits))
    return queryset.alias(search_edits=edits).filter(search_edits__isnull=False)
