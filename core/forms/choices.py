"""Lists of choices built from records, for the filters of the public lists."""

from core.models import active_suffix
from core.search.text import toneless_pinyin


def by_label(choices):
    """Choices in the reading order of the active language: pinyin order for Chinese."""
    if active_suffix() == "zh":
        return sorted(choices, key=lambda choice: toneless_pinyin(str(choice[1])))
    return sorted(choices, key=lambda choice: str(choice[1]).casefold())


def named_choices(records):
    """(slug, name) of each record, by name in the reading order of the active language."""
    return by_label((record.slug, str(record.name)) for record in records)


def year_choices(years):
    """A choice of each year, in the order given."""
    return [(str(year), str(year)) for year in years]
