"""The Simplified Chinese catalog: complete, compiled, and used by the pages.

The .po file is read with a tiny parser (the standard library has none); the committed .mo is
checked through Django's own gettext, since gettext's tools are not installed everywhere."""

import ast
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.utils import translation

PO_FILE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)\w")


@dataclass
class Entry:
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list = field(default_factory=list)

    @property
    def label(self):
        return repr(self.msgid)


def _parse_po(path):
    """The entries of a .po file, header included, obsolete (#~) entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, fields, key = Entry(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if "msgid" not in fields:
            continue
        entry.msgctxt = fields.get("msgctxt")
        entry.msgid = fields["msgid"]
        entry.msgid_plural = fields.get("msgid_plural")
        entry.msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries.append(entry)
    return entries


def _messages():
    """The entries that translate a UI string (every one but the header)."""
    return [entry for entry in _parse_po(PO_FILE) if entry.msgid]


def _translated(entry):
    """What Django's gettext, reading the compiled .mo, answers for this entry."""
    if entry.msgid_plural is None:
        if entry.msgctxt is not None:
            return translation.pgettext(entry.msgctxt, entry.msgid)
        return translation.gettext(entry.msgid)
    if entry.msgctxt is not None:
        return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
    return translation.ngettext(entry.msgid, entry.msgid_plural, 1)


def test_po_catalog_has_messages_from_templates_and_models():
    messages = {entry.msgid for entry in _messages()}

    assert {"Film Alliance Catalog", "Admittance criterion", "Set decorator"} <= messages


def test_po_header_declares_chinese_utf8_and_one_plural_form():
    header = next(entry for entry in _parse_po(PO_FILE) if entry.msgid == "")

    text = header.msgstrs[0]
    assert "Language: zh_Hans\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "fuzzy" not in header.flags


def test_po_catalog_has_no_untranslated_entries():
    messages = _messages()

    untranslated = [e.label for e in messages if not e.msgstrs or not all(e.msgstrs)]

    assert messages
    assert untranslated == []


def test_po_catalog_has_no_fuzzy_entries():
    entries = _parse_po(PO_FILE)

    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]

    assert fuzzy == []


def test_po_plural_entries_have_exactly_one_form():
    plurals = [entry for entry in _messages() if entry.msgid_plural is not None]

    wrong = [entry.label for entry in plurals if len(entry.msgstrs) != 1]

    assert wrong == []


def test_mo_file_is_committed_next_to_the_po_file():
    assert MO_FILE.is_file()
    assert MO_FILE.stat().st_size > 0


def test_mo_catalog_translates_every_msgid_of_the_po_file():
    messages = _messages()

    with translation.override("zh-hans"):
        answers = {entry.label: (_translated(entry), entry.msgstrs[0]) for entry in messages}

    stale = {label: pair for label, pair in answers.items() if pair[0] != pair[1]}
    assert stale == {}


@pytest.mark.parametrize("msgid", ["film week", "Published", "Film Alliance Catalog"])
def test_gettext_in_english_returns_msgid_unchanged(msgid):
    with translation.override("en"):
        answer = translation.gettext(msgid)

    assert answer == msgid


def test_po_placeholders_in_msgstr_match_msgid():
    messages = _messages()

    mismatched = {
        entry.label: msgstr
        for entry in messages
        for msgstr in entry.msgstrs
        if set(PLACEHOLDER.findall(msgstr)) != set(PLACEHOLDER.findall(entry.msgid))
    }

    assert mismatched == {}


def test_po_python_format_msgstr_formats_without_error():
    formatted = [e for e in _messages() if "python-format" in e.flags]
    errors = {}

    for entry in formatted:
        values = dict.fromkeys(PLACEHOLDER.findall(entry.msgid), 1)
        for msgstr in entry.msgstrs:
            try:
                msgstr % values
            except (KeyError, TypeError, ValueError) as error:
                errors[entry.label] = repr(error)

    assert formatted
    assert errors == {}


def test_home_in_chinese_on_empty_database_shows_translated_title(db, client):
    response = client.get("/zh-hans/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html
    assert "<title>电影联盟名录</title>" in html
    assert "Film Alliance Catalog" not in html
