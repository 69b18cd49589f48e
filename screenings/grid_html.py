"""The programme grid's cells as HTML (screenings/grid.py lays them out). A film week of 300
screenings in 12 venues has some 1,600 cells: written by the template they took more than half
of the grid's time, written here a tenth of it (docs/performance.md, "Programme grid"). Texts
from the database go through format_html or escape; the rest are numbers and times made here."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext


def block_html(block, *, may_move):
    """A screening's or session's block: a link to its form, its state and length; with
    `may_move`, draggable and with a box to select it for the bulk actions."""
    details = [
        block["state"],
        ngettext("%(minutes)s minute", "%(minutes)s minutes", block["minutes"])
        % {"minutes": block["minutes"]},
    ]
    if block["kind"] == "session":
        details.append(gettext("activity"))
    movable = checkbox = ""
    if may_move:
        movable = format_html(
            ' draggable="true" data-kind="{}" data-id="{}" data-version="{}" data-minute="{}"',
            block["kind"],
            block["id"],
            block["version"],
            block["minute"],
        )
        checkbox = format_html(
            '<input type="checkbox" name="slots" value="{}" aria-label="{} {}">',
            block["selection"],
            gettext("Select"),
            block["title"],
        )
    return format_html(
        '<div class="programme-grid-block programme-grid-{}{}"{}>{}<a href="{}">'
        '<span class="programme-grid-time">{}</span> {}</a> <small>{}</small></div>',
        block["kind"],
        " is-cancelled" if block["cancelled"] else "",
        movable,
        checkbox,
        block["change_url"],
        block["time"],
        block["title"],
        " · ".join(details),
    )


def add_link_html(href, label):
    """An empty slot's link to the add form (`label` already escaped: it is the same in every
    cell)."""
    return (
        f'<a class="programme-grid-add" href="{escape(href)}" title="{label}">+'
        f'<span class="visually-hidden"> {label}</span></a>'
    )


def row_html(cells):
    """A row's cells [(venue id, local start "2023-06-12T10:00", blocks' HTML, add link's
    HTML)] as one safe string: ids and starts are made by grid.py, the rest is escaped HTML."""
    return mark_safe(
        "".join(
            f'<td class="programme-grid-cell" data-venue="{venue_id}" data-start="{start}">'
            f"{blocks}{add_link}</td>"
            for venue_id, start, blocks, add_link in cells
        )
    )
