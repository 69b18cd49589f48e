"""The code of a visitor's programme in its URLs (`programme/?items=<code>`): a set of films,
screenings and activity sessions, compact, URL-safe and versioned, so that nothing about the
visitor is kept on the server.

Version 1 is the character "1" followed by unpadded base64url of, for films, then screenings,
then sessions: the count of ids, then the ids in increasing order as gaps from the previous one
(the first from 0), each an unsigned LEB128 varint. Ten small ids take about twenty characters.
A set has one code only: a code that does not encode back to itself (a zero gap, a padded or
over-long varint, stray bits) is refused, so a page is cached under one address. A code longer
than MAX_CODE_LENGTH or of more than MAX_ITEMS items is refused before it is read further."""

import base64
import binascii
from typing import NamedTuple

VERSION = "1"
KINDS = ("f", "s", "a")  # film, screening, activity session: each item's letter in its token
MAX_ITEMS = 100
MAX_ID = 2**63 - 1  # BigAutoField's largest
# 100 ids of 9 varint bytes each, the three counts, in base64, with the version.
MAX_CODE_LENGTH = 1 + -(-(3 + MAX_ITEMS * 9) * 4 // 3)


class InvalidCode(ValueError):
    """A code or item token that names no programme: malformed, oversize or of an unknown
    version."""


class TooManyItems(InvalidCode):
    """A programme of more than MAX_ITEMS items."""


class Item(NamedTuple):
    kind: str  # one of KINDS
    pk: int

    @property
    def token(self):
        """ "s12": how a link names one item (`?add=s12`)."""
        return f"{self.kind}{self.pk}"


def parse_item(token) -> Item:
    """The item a token such as "f7" names; InvalidCode for anything else."""
    if not isinstance(token, str) or len(token) < 2 or token[0] not in KINDS:
        raise InvalidCode("unknown item")
    digits = token[1:]
    if not (digits.isascii() and digits.isdigit()) or digits[0] == "0" or len(digits) > 19:
        raise InvalidCode("unknown item")
    pk = int(digits)
    if pk > MAX_ID:
        raise InvalidCode("unknown item")
    return Item(token[0], pk)


def _varint(number):
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        if not number:
            out.append(byte)
            return out
        out.append(byte | 0x80)


def encode(items) -> str:
    """The code of a set of Items; TooManyItems if there are more than MAX_ITEMS."""
    items = set(items)
    if len(items) > MAX_ITEMS:
        raise TooManyItems("too many items")
    data = bytearray()
    for kind in KINDS:
        pks = sorted(item.pk for item in items if item.kind == kind)
        data += _varint(len(pks))
        previous = 0
        for pk in pks:
            data += _varint(pk - previous)
            previous = pk
    return VERSION + base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")


class _Reader:
    def __init__(self, data):
        self.data, self.position = data, 0

    def varint(self):
        number = shift = 0
        while True:
            if self.position >= len(self.data) or shift > 63:
                raise InvalidCode("truncated")
            byte = self.data[self.position]
            self.position += 1
            number |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return number


def decode(code) -> frozenset[Item]:
    """The set of Items of a code; InvalidCode for a code that encode() would not write."""
    if not isinstance(code, str) or not code.isascii() or len(code) > MAX_CODE_LENGTH:
        raise InvalidCode("malformed")
    if code[:1] != VERSION:
        raise InvalidCode("unknown version")
    body = code[1:]
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidCode("malformed") from error
    reader = _Reader(data)
    items = set()
    for kind in KINDS:
        count = reader.varint()
        if len(items) + count > MAX_ITEMS:
            raise TooManyItems("too many items")
        pk = 0
        for _ in range(count):
            gap = reader.varint()
            pk += gap
            if not gap or pk > MAX_ID:  # ids start at 1 and do not repeat
                raise InvalidCode("malformed")
            items.add(Item(kind, pk))
    items = frozenset(items)
    if encode(items) != code:
        raise InvalidCode("not canonical")
    return items
