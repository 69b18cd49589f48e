"""What a profile change changes: one row per field, with a word-by-word diff for long texts
and the old and new logo. Used by the admin review and the representative's own pages."""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from django.core.files.storage import default_storage
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from alliance.models import PROFILE_FIELDS, ProfileChange, public_profile

TEXT_FIELDS = {"description_en", "description_zh", "social_links"}
# A Chinese character is a word of its own; elsewhere words, runs of spaces, single signs.
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


class Row(NamedTuple):
    field: str
    label: str
    old: str
    new: str
    changed: bool
    diff: str  # HTML, only for long texts


class LogoRow(NamedTuple):
    old_url: str
    new_url: str
    changed: bool


def text_diff(old, new):
    """HTML of `new` with the words removed from `old` in <del> and the added ones in <ins>."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    parts = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(before[old_start:old_end]))
        added = escape("".join(after[new_start:new_end]))
        if operation == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", mark_safe(removed)))
        if added:
            parts.append(format_html("<ins>{}</ins>", mark_safe(added)))
    return mark_safe("".join(str(part) for part in parts))


def values_before(change):
    """The public values the change is compared with: those it replaced once decided, the
    institution's current ones while it waits."""
    return change.previous or public_profile(change.institution)


def comparison(change: ProfileChange) -> list[Row]:
    before = values_before(change)
    rows = []
    for field in PROFILE_FIELDS:
        old, new = before.get(field) or "", getattr(change, field) or ""
        label = capfirst(str(ProfileChange._meta.get_field(field).verbose_name))
        diff = text_diff(old, new) if field in TEXT_FIELDS and old != new else ""
        rows.append(Row(field, label, old, new, old != new, diff))
    return rows


def logo_comparison(change: ProfileChange) -> LogoRow:
    before = values_before(change)
    old_name = before.get("logo_thumbnail") or before.get("logo") or ""
    new_name = change.logo_thumbnail.name or change.logo.name or ""
    return LogoRow(
        default_storage.url(old_name) if old_name else "",
        default_storage.url(new_name) if new_name else "",
        bool(change.logo) and change.logo.name != before.get("logo"),
    )
