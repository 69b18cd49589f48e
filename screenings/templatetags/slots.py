"""`{% slot_items slots ... %}`: the items of a list of screenings and sessions."""

from django import template

from screenings.slot_rows import slot_rows

register = template.Library()


@register.inclusion_tag("screenings/includes/slot_items.html")
def slot_items(slots, zone=None, *, heading_offset="", **show):
    """`zone`: the zone the times are shown in (a tzinfo or an IANA name), else each slot's
    venue's; `heading_offset`: the UTC offset named above the list (a row whose offset differs
    names its own); `show`: show_date, show_zone, show_venue, show_film_week."""
    return {"rows": slot_rows(slots, zone), "heading_offset": heading_offset, **show}
