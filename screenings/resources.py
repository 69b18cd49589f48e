"""Import and export files of screenings. Times are written in the venue's own time, as in the
admin form, and every row passes the same rules as a screening typed in by hand: within the
dates of its film week and overlapping no other screening at its venue (the message names
the screening already there), so one such row stops the whole file."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets
from import_export.instance_loaders import ModelInstanceLoader

from core.imports.columns import LookupWidget, text
from core.imports.problems import BadCell, blank
from core.imports.resources import CatalogResource
from filmweek.models import Film, FilmWeek
from screenings.models import Screening, Venue, in_zone

LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"
DEFAULT_ZONE = "Asia/Shanghai"


class VenueTimeWidget(widgets.Widget):
    """ "2023-06-12 19:00" in the time zone of the row's venue (an Excel date and time cell
    too); a time with an offset ("2023-06-12T19:00+08:00") is taken as it is."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.venues = LookupWidget(Venue)

    @property
    def expected(self):
        return _("a date and time as YYYY-MM-DD HH:MM, such as 2023-06-12 19:00")

    def zone(self, row):
        try:
            venue = self.venues.clean((row or {}).get("venue"))
        except ValueError:  # reported on the venue column
            venue = None
        return venue.zone if venue is not None else Venue(time_zone=DEFAULT_ZONE).zone

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            try:
                moment = datetime.datetime.fromisoformat(text(value).replace("/", "-"))
            except ValueError:
                raise BadCell() from None
        if moment.tzinfo is not None:
            return moment
        try:
            return in_zone(moment.replace(second=0, microsecond=0), self.zone(row))
        except ValidationError as error:
            raise BadCell(" ".join(error.messages)) from None


class VenueTimeField(fields.Field):
    def __init__(self, name):
        super().__init__(attribute=name, column_name=name, widget=VenueTimeWidget())

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        if value is None:
            return ""
        return value.astimezone(instance.venue.zone).strftime(LOCAL_TIME_FORMAT)


class ScreeningResource(CatalogResource):
    film = fields.Field(attribute="film", column_name="film", widget=LookupWidget(Film))
    film_week = fields.Field(
        attribute="film_week", column_name="film_week", widget=LookupWidget(FilmWeek)
    )
    venue = fields.Field(attribute="venue", column_name="venue", widget=LookupWidget(Venue))
    starts_at = VenueTimeField("starts_at")
    ends_at = VenueTimeField("ends_at")

    required_columns = ("film", "film_week", "venue", "starts_at", "ends_at")
    column_help = {
        "film": _("The film's slug."),
        "film_week": _("The film week's slug."),
        "venue": _("The venue's slug."),
        "starts_at": _(
            "In the venue's local time: 2023-06-12 19:00. With film and venue, "
            "the key of the screening."
        ),
        "ends_at": _("In the venue's local time: 2023-06-12 21:00."),
        "state": _("scheduled, cancelled, sold_out or moved; scheduled when empty."),
        "ticket_url": _("An address starting with https://."),
    }

    class Meta(CatalogResource.Meta):
        model = Screening
        import_id_fields = ("venue", "starts_at", "film")
        instance_loader_class = ModelInstanceLoader
        fields = (
            "film",
            "film_week",
            "venue",
            "starts_at",
            "ends_at",
            "state",
            "section_en",
            "section_zh",
            "language_note_en",
            "language_note_zh",
            "ticket_url",
        )

    def natural_key(self, row):
        key = tuple(text(row.get(column)).casefold() for column in ("venue", "starts_at", "film"))
        return ("starts_at", key) if all(key) else None

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("film", "film_week", "venue")
