"""The code of a visitor's programme in its URLs (`programme/?items=<code>`): a set of films,
screenings and activity sessions, compact, URL-safe and versioned, so that nothing about the
visitor is kept on the server.

Version 1 is the character "1" followed by unpadded base64url of, for films, then screenings,
then sessions: the count of ids, then the ids in increasing order as gaps from the previous one
(the first from 0), each an unsigned LEB128 varint. Ten small ids take about twenty characters.
A set has one code only: a code that does not encode back to itself (a zero gap, a padded or
over-long varint, stray bits) is refused, so a page is cached under one address. A code longer
than MAX_CODE_LENGTH is refused before it is read further; one of more than MAX_ITEMS items is
refused once read whole, so that a damaged code is not taken for a long programme.

Each way a code or token can be wrong has its own InvalidCode subclass, whose `reason` the page
that refuses it names."""

import base64
import binascii
import re
from typing import NamedTuple

VERSION = "1"
KINDS = ("f", "s", "a")  # film, screening, activity session: each item's letter in its token
MAX_ITEMS = 100
MAX_ID = 2**63 - 1  # BigAutoField's largest
# 100 ids of 9 varint bytes each, the three counts, in base64, with the version.
MAX_CODE_LENGTH = 1 + -(-(3 + MAX_ITEMS * 9) * 4 // 3)


class InvalidCode(ValueError):
    """A code or item token that names no programme."""

    reason = "invalid"


class UnknownItem(InvalidCode):
    """An item token (`?add=`, `?remove=`) that is not a kind's letter and an id."""

    reason = "unknown-item"


class CodeTooLong(InvalidCode):
    """A code longer than any programme of MAX_ITEMS items has."""

    reason = "too-long"


class UnknownVersion(InvalidCode):
    """A code that does not start with a version this module writes."""

    reason = "unknown-version"


class BadBase64(InvalidCode):
    """A code whose body is not unpadded base64url: a character outside its alphabet, or a
    length no base64 text has."""

    reason = "bad-base64"


class TruncatedCode(InvalidCode):
    """A code that ends inside a varint or before the ids its counts announce."""

    reason = "truncated"


class NonCanonicalCode(InvalidCode):
    """A code that reads, but not as encode() writes any set: a zero gap (an id 0 or twice), an
    id past MAX_ID, padding, an over-long varint, stray bits or bytes after the last id."""

    reason = "not-canonical"


class TooManyItems(InvalidCode):
    """A programme of more than MAX_ITEMS items; `count`: how many."""

    reason = "too-many"

    def __init__(self, count):
        super().__init__(f"{count} items, more than {MAX_ITEMS}")
        self.count = count


class Item(NamedTuple):
    kind: str  # one of KINDS
    pk: int

    @property
    def token(self):
        """ "s12": how a link names one item (`?add=s12`)."""
        return f"{self.kind}{self.pk}"


def parse_item(token) -> Item:
    """The item a token such as "f7" names; UnknownItem for anything else."""
    if not isinstance(token, str) or len(token) < 2 or token[0] not in KINDS:
        raise UnknownItem("unknown item")
    digits = token[1:]
    if not (digits.isascii() and digits.isdigit()) or digits[0] == "0" or len(digits) > 19:
        raise UnknownItem("unknown item")
    pk = int(digits)
    if pk > MAX_ID:
        raise UnknownItem("unknown item")
    return Item(token[0], pk)


def _varint(number):
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        if not number:
            out.append(byte)
            return out
        out.append(byte | 0x80)


def _encode(items):
    """The code of a set of Items, however many."""
    data = bytearray()
    for kind in KINDS:
        pks = sorted(item.pk for item in items if item.kind == kind)
        data += _varint(len(pks))
        previous = 0
        for pk in pks:
            data += _varint(pk - previous)
            previous = pk
    return VERSION + base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")


def encode(items) -> str:
    """The code of a set of Items; TooManyItems if there are more than MAX_ITEMS."""
    items = set(items)
    if len(items) > MAX_ITEMS:
        raise TooManyItems(len(items))
    return _encode(items)


class _Reader:
    def __init__(self, data):
        self.data, self.position = data, 0

    def left(self):
        return len(self.data) - self.position

    def varint(self):
        number = shift = 0
        while True:
            if not self.left():
                raise TruncatedCode("ends inside a number")
            if shift > 63:
                raise NonCanonicalCode("a number longer than any id")
            byte = self.data[self.position]
            self.position += 1
            number |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return number


# Unpadded base64url, though padding is let through to be refused as not canonical.
BASE64URL = re.compile(r"[A-Za-z0-9_-]*=*")


def _bytes(body):
    if not BASE64URL.fullmatch(body):
        raise BadBase64("a character outside base64url")
    body = body.rstrip("=")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:  # a length no base64 text has
        raise BadBase64("not base64") from error


def _read_items(data):
    """Every item the bytes of a code name, however many; TruncatedCode or NonCanonicalCode for
    bytes that encode() would not write."""
    reader = _Reader(data)
    items = set()
    for kind in KINDS:
        count = reader.varint()
        # Every id takes a byte at least: a count beyond the bytes left is a code cut short (or
        # damaged), not a long programme. It also bounds the loop by the code's length.
        if count > reader.left():
            raise TruncatedCode("fewer ids than counted")
        pk = 0
        for _ in range(count):
            gap = reader.varint()
            pk += gap
            if not gap or pk > MAX_ID:  # ids start at 1 and do not repeat
                raise NonCanonicalCode("an id of 0, repeated or past the largest")
            items.add(Item(kind, pk))
    if reader.left():
        raise NonCanonicalCode("bytes after the last id")
    return frozenset(items)


def decode(code) -> frozenset[Item]:
    """The set of Items of a code; an InvalidCode subclass, naming what is wrong, for a code
    that encode() would not write."""
    if not isinstance(code, str):
        raise BadBase64("not text")
    if len(code) > MAX_CODE_LENGTH:
        raise CodeTooLong("too long")
    if code[:1] != VERSION:
        raise UnknownVersion("unknown version")
    items = _read_items(_bytes(code[1:]))
    if _encode(items) != code:
        raise NonCanonicalCode("not the code encode() writes")
    if len(items) > MAX_ITEMS:
        raise TooManyItems(len(items))
    return items
