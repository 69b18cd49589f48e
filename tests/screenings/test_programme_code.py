"""The programme's code in URLs: round trip, one code per set, each kind of damage named, oversize
codes."""

import base64

import pytest

from screenings.programme_code import (
    MAX_CODE_LENGTH,
    MAX_ID,
    MAX_ITEMS,
    BadBase64,
    CodeTooLong,
    InvalidCode,
    Item,
    NonCanonicalCode,
    TooManyItems,
    TruncatedCode,
    UnknownItem,
    UnknownVersion,
    decode,
    encode,
    parse_item,
)

ITEMS = frozenset({Item("f", 12), Item("s", 345), Item("s", 346), Item("a", 7)})


def test_code_round_trip_gives_the_same_items():
    code = encode(ITEMS)

    assert decode(code) == ITEMS


def test_code_of_small_ids_is_short_and_url_safe():
    code = encode(ITEMS)

    assert code == "1AQwC2QIBAQc"


def test_code_is_the_same_whatever_the_order_of_the_items():
    assert encode(sorted(ITEMS)) == encode(sorted(ITEMS, reverse=True))


def test_code_of_the_empty_programme_round_trips():
    assert decode(encode([])) == frozenset()


def test_code_of_the_largest_programme_of_the_largest_ids_fits_the_bound():
    items = {Item("s", MAX_ID - 2 * index) for index in range(MAX_ITEMS)}

    code = encode(items)

    assert decode(code) == items
    assert len(code) <= MAX_CODE_LENGTH


def test_code_of_spread_ids_fits_the_bound():
    items = {Item("afs"[index % 3], index * 2**56 + 1) for index in range(MAX_ITEMS)}

    code = encode(items)

    assert decode(code) == items
    assert len(code) <= MAX_CODE_LENGTH


def test_encode_more_than_the_maximum_is_refused_with_the_count():
    with pytest.raises(TooManyItems) as raised:
        encode({Item("s", pk) for pk in range(1, MAX_ITEMS + 2)})

    assert raised.value.count == MAX_ITEMS + 1


def code_of_bytes(data):
    return "1" + base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", UnknownVersion),  # nothing
        ("2AAAA", UnknownVersion),  # an unknown version
        ("AAAA", UnknownVersion),  # no version
        ("1", TruncatedCode),  # the version alone
        ("1AAA", TruncatedCode),  # two counts of three
        ("1AQ", TruncatedCode),  # a count of one film with no id
        ("1AAAB", TruncatedCode),  # stray bits make a count of one session, with no id
        ("1gA", TruncatedCode),  # a varint cut short
        ("1!!!!", BadBase64),
        ("1中文", BadBase64),
        ("1AA\x00AA", BadBase64),
        ("1AAAA+", BadBase64),  # base64, but not its URL-safe alphabet
        ("1AAAAA", BadBase64),  # a length no base64 text has
        ("1AAAA=", NonCanonicalCode),  # padded: not the one code of the empty programme
        ("1AAAAAA", NonCanonicalCode),  # trailing bytes
        ("1AQAAAA", NonCanonicalCode),  # a film of id 0
        ("1AgEAAA", NonCanonicalCode),  # a zero gap: one film twice
        ("1gAAAAA", NonCanonicalCode),  # a varint written longer than needed
        ("1" + "_" * 20, NonCanonicalCode),  # a varint longer than any id
        ("1" + "A" * (MAX_CODE_LENGTH + 10), CodeTooLong),
    ],
)
def test_decode_damaged_code_raises_the_error_of_its_damage(code, error):
    with pytest.raises(InvalidCode) as raised:
        decode(code)

    assert type(raised.value) is error


def test_decode_code_of_more_than_the_maximum_raises_too_many_items_with_the_count():
    # 101 films with ids 1..101: count 101, then 101 gaps of 1, then no screenings or sessions.
    code = code_of_bytes([MAX_ITEMS + 1] + [1] * (MAX_ITEMS + 1) + [0, 0])

    with pytest.raises(TooManyItems) as raised:
        decode(code)

    assert raised.value.count == MAX_ITEMS + 1


def test_decode_cut_short_full_programme_is_truncated_not_too_many():
    code = encode({Item("s", pk) for pk in range(1, MAX_ITEMS + 1)})

    with pytest.raises(TruncatedCode):
        decode(code[:40])


def test_decode_count_damaged_past_the_maximum_is_truncated_not_too_many():
    # A count of 5,000 films: more ids than the code has bytes.
    code = code_of_bytes([0x88, 0x27] + [1] * 10 + [0, 0])

    with pytest.raises(TruncatedCode):
        decode(code)


def test_decode_code_whose_id_passes_the_largest_raises_invalid_code():
    largest = encode({Item("f", MAX_ID)})
    # A count of one film, then a 10-byte varint of 2**63, then no screenings or sessions.
    code = code_of_bytes([1] + [0x80] * 9 + [0x01, 0, 0])

    assert decode(largest) == {Item("f", MAX_ID)}
    with pytest.raises(NonCanonicalCode):
        decode(code)


def test_parse_item_reads_kind_and_id():
    assert [parse_item("f12"), parse_item("s1"), parse_item("a7")] == [
        Item("f", 12),
        Item("s", 1),
        Item("a", 7),
    ]


@pytest.mark.parametrize(
    "token",
    ["", "f", "x12", "f0", "f012", "f-1", "f1.5", "f１２", "s" + "9" * 20, "f 1", "F1", "12"],
)
def test_parse_item_malformed_token_raises_unknown_item(token):
    with pytest.raises(UnknownItem):
        parse_item(token)


def test_item_token_is_what_parse_item_reads():
    item = Item("s", 345)

    assert parse_item(item.token) == item
