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


class Bilingual:
    """`name = Bilingual(models.CharField, _("name (English)"), _("name (Chinese)"),
    max_length=200)` declares the columns `name_en` and `name_zh`, two `field_class` fields
    with the same `options`, and reads them as `name` in the active language (`Localized`).

    The Chinese text may always be left empty (it may come later); the English one too,
    unless `required`. `en` and `zh` hold options of one column only (a default, a help text).
    """

    def __init__(
        self, field_class, label_en, label_zh, *, required=False, en=None, zh=None, **options
    ):
        # The fields are made here, while the model's class body runs, not when they are added
        # to the model: Django orders a model's fields by the moment each field was made.
        self.field_en = field_class(label_en, **{"blank": not required, **options, **(en or {})})
        self.field_zh = field_class(label_zh, **{"blank": True, **options, **(zh or {})})

    def contribute_to_class(self, cls, name):
        cls.add_to_class(f"{name}_en", self.field_en)
        cls.add_to_class(f"{name}_zh", self.field_zh)
        setattr(cls, name, Localized(name))
