"""The programme's code in URLs: round trip, one code per set, malformed and oversize codes."""

import base64

import pytest

from screenings.programme_code import (
    MAX_CODE_LENGTH,
    MAX_ID,
    MAX_ITEMS,
    InvalidCode,
    Item,
    TooManyItems,
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


def test_encode_more_than_the_maximum_is_refused():
    with pytest.raises(TooManyItems):
        encode({Item("s", pk) for pk in range(1, MAX_ITEMS + 2)})


@pytest.mark.parametrize(
    "code",
    [
        "",  # nothing
        "1",  # the version alone
        "2AAAA",  # an unknown version
        "AAAA",  # no version
        "1AAA",  # truncated
        "1AAAA=",  # padded: not the one code of the empty programme
        "1AAAB",  # stray bits after the last count
        "1AAAAAA",  # trailing bytes
        "1AQ",  # a count of one film with no id
        "1AQAAAA",  # a film of id 0
        "1AgEAAA",  # a zero gap: one film twice
        "1gAAAAA",  # a varint written longer than needed
        "1!!!!",
        "1中文",
        "1AA\x00AA",
        "1" + "_" * 20,  # a varint that never ends
        "1" + "A" * (MAX_CODE_LENGTH + 10),  # oversize
    ],
)
def test_decode_malformed_code_raises_invalid_code(code):
    with pytest.raises(InvalidCode):
        decode(code)


def test_decode_code_of_more_than_the_maximum_raises_too_many_items():
    # 101 films with ids 1..101: count 101 (two varint bytes), then 101 gaps of 1.
    data = bytes([0xE5, 0x00]) + bytes([1] * (MAX_ITEMS + 1)) + bytes([0, 0])
    code = "1" + base64.urlsafe_b64encode(data).decode().rstrip("=")

    with pytest.raises(TooManyItems):
        decode(code)


def test_decode_code_whose_id_passes_the_largest_raises_invalid_code():
    largest = encode({Item("f", MAX_ID)})
    # A count of one film, then a 10-byte varint of 2**63, then no screenings or sessions.
    data = bytes([1]) + bytes([0x80] * 9) + bytes([0x01, 0, 0])
    code = "1" + base64.urlsafe_b64encode(data).decode().rstrip("=")

    assert decode(largest) == {Item("f", MAX_ID)}
    with pytest.raises(InvalidCode):
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
def test_parse_item_malformed_token_raises_invalid_code(token):
    with pytest.raises(InvalidCode):
        parse_item(token)


def test_item_token_is_what_parse_item_reads():
    item = Item("s", 345)

    assert parse_item(item.token) == item
