"""English/Chinese text pairs: `name_en` and `name_zh` columns read as `name` in the active
language."""

from django.utils.translation import get_language


def active_suffix():
    """The column suffix of the active language: `zh` for Chinese, `en` otherwise."""
    return "zh" if (get_language() or "en").lower().startswith("zh") else "en"


def in_language(text_en, text_zh, suffix=None):
    """What Localized reads, from the pair of texts themselves (rows read as plain values):
    the one of the active language (or of `suffix`), else the other."""
    if (suffix or active_suffix()) == "zh":
        return text_zh or text_en
    return text_en or text_zh


class Localized:
    """`name = Localized("name")` reads `name_zh` or `name_en` for the active language,
    falling back to the other one when the active one is empty."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        first = active_suffix()
        second = "en" if first == "zh" else "zh"
        return getattr(instance, f"{self.field}_{first}") or getattr(
            instance, f"{self.field}_{second}"
        )
