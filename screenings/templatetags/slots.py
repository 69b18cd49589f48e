"""`{% slot_items slots ... %}`: the items of a list of screenings and sessions (slot_rows.py)."""

from django import template

from screenings import slot_rows

register = template.Library()


@register.simple_tag
def slot_items(slots, zone=None, **options):
    """See slot_rows.slot_items: zone, heading_offset, show_date, show_zone, show_venue and
    show_film_week."""
    return slot_rows.slot_items(slots, zone, **options)
