"""`{% slot_items slots ... %}`: the items of a list of screenings and sessions."""

from django import template

from screenings.slot_rows import SlotRows

register = template.Library()

FLAGS = ("show_date", "show_zone", "show_venue", "show_film_week")


@register.inclusion_tag("screenings/includes/slot_items.html", takes_context=True)
def slot_items(context, slots, zone=None, *, heading_offset="", programme_code="", **show):
    """`zone`: the zone the times are shown in (a tzinfo or an IANA name), else each slot's
    venue's; `heading_offset`: the UTC offset named above the list (a row whose offset differs
    names its own); `programme_code`: on the programme page, the code of the programme shown
    (each row links to it without the row's item); `show`: show_date, show_zone, show_venue,
    show_film_week.

    The lists of one page (the schedule has one for each day and venue) share one SlotRows,
    kept in the render context: it lasts as long as the page's rendering."""
    made = context.render_context.get(SlotRows)
    if made is None:
        made = context.render_context[SlotRows] = SlotRows()
    flags = {name: bool(show.get(name)) for name in FLAGS}
    rows = made.rows(
        slots,
        zone,
        heading_offset=heading_offset,
        show_zone=flags["show_zone"],
        show_venue=flags["show_venue"],
        show_film_week=flags["show_film_week"],
    )
    # Every flag is in the context, False when not given: a name missing from the context
    # costs its lookup an exception in every row.
    return {"rows": rows, "labels": made.labels, "programme_code": programme_code, **flags}
