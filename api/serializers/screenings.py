"""What the API shows of venues, screenings, activity sessions, tours and tour stops: the rows the
screenings app's query functions load, nothing that would need a query of its own."""

import datetime

from rest_framework import serializers

from api.fields import (
    BilingualField,
    CountryField,
    FilmLinkSerializer,
    FilmWeekLinkSerializer,
    InstitutionLinkSerializer,
    PageField,
    PersonLinkSerializer,
)
from api.serializers.filmweek import TourStopSerializer
from screenings.queries import guests_of


class VenueLinkSerializer(serializers.Serializer):
    """The venue of a published slot (a slot is shown only at a published venue)."""

    slug = serializers.SlugField()
    name = BilingualField("name")
    city = BilingualField("city")
    time_zone = serializers.CharField(help_text="Its IANA time zone, e.g. Asia/Shanghai.")
    url = PageField("venue-detail")


class SlotSerializer(serializers.Serializer):
    """What screenings and activity sessions share: an id (the one of their `.ics` address),
    times with their offset, the venue and the state. The times are in the zone of `tz` when
    the list was asked for with one, else in the venue's own zone, which `time_zone` names."""

    id = serializers.IntegerField(source="pk")
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    time_zone = serializers.SerializerMethodField()
    state = serializers.CharField(
        help_text="scheduled, cancelled (kept, struck through on the schedule), sold_out or "
        "moved (shown at its new time and place)."
    )
    venue = VenueLinkSerializer()

    def _zone(self, slot):
        return self.context.get("zone") or slot.venue.zone

    def get_starts_at(self, slot) -> datetime.datetime:
        return slot.starts_at.astimezone(self._zone(slot)).isoformat()

    def get_ends_at(self, slot) -> datetime.datetime:
        return slot.ends_at.astimezone(self._zone(slot)).isoformat()

    def get_time_zone(self, slot) -> str:
        """The IANA time zone the times are written in."""
        return str(self._zone(slot))


class ScreeningSerializer(SlotSerializer):
    """A published screening: of a published film, in a published film week, at a published
    venue."""

    ics = PageField("screening-calendar", lookup="pk")
    film = FilmLinkSerializer()
    film_week = FilmWeekLinkSerializer()
    section = BilingualField("section")
    language_note = BilingualField("language_note", help_text="Language and subtitles.")
    ticket_url = serializers.SerializerMethodField()
    guests = serializers.SerializerMethodField()

    def get_ticket_url(self, screening) -> str:
        """The ticket link; empty when there is none or the screening is cancelled."""
        return "" if screening.is_cancelled else screening.ticket_url

    def get_guests(self, screening) -> list[dict]:
        """Its published Q&A guests, by name."""
        return PersonLinkSerializer(guests_of(screening), many=True, context=self.context).data


class SessionSerializer(SlotSerializer):
    """A published activity session (a forum, industry dialogue or market promotion at a
    venue): of an activity of a published film week, at a published venue."""

    ics = PageField("activity-session-calendar", lookup="pk")
    kind = serializers.CharField(source="activity.kind")
    title = BilingualField("title", source="activity")
    description = BilingualField("description", source="activity")
    film_week = FilmWeekLinkSerializer(source="activity.film_week")


class VenueSerializer(serializers.Serializer):
    """A published venue."""

    slug = serializers.SlugField()
    url = PageField("venue-detail")
    ics = PageField("venue-calendar")
    name = BilingualField("name")
    city = BilingualField("city")
    country = CountryField()
    address = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True, help_text="Seats.")
    time_zone = serializers.CharField(help_text="Its IANA time zone, e.g. Asia/Shanghai.")


class VenueDetailSerializer(VenueSerializer):
    """A published venue with its first screenings and sessions to come (upcoming_limit of them
    together, as its page shows them); its calendar (`ics`) holds the others."""

    upcoming_screenings = ScreeningSerializer(many=True)
    upcoming_sessions = SessionSerializer(many=True)
    upcoming_is_capped = serializers.BooleanField(
        help_text="True when more screenings and sessions are to come than are listed."
    )


class TourLinkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = PageField("tour-detail")
    name = BilingualField("name")
    organiser = InstitutionLinkSerializer(help_text="Null when unpublished.")
    description = BilingualField("description")


class TourSerializer(TourLinkSerializer):
    """A published tour as the tour list shows it, with counts of its published stops (of
    published films at editions of published festivals)."""

    stop_count = serializers.IntegerField()
    film_count = serializers.IntegerField()
    host_count = serializers.IntegerField(help_text="Host festivals.")
    country_count = serializers.IntegerField(help_text="Countries of the host festivals.")
    first_stop_on = serializers.DateField(allow_null=True)
    last_stop_on = serializers.DateField(allow_null=True)


class StopSerializer(TourStopSerializer):
    """A stop of the tour: a film at a festival edition."""

    tour = None
    tour_name = None
    film = FilmLinkSerializer()
    host_city = BilingualField("city", source="host_edition.institution")
    host_country = CountryField(source="host_edition.institution.country")


class TourFiguresSerializer(serializers.Serializer):
    stops = serializers.IntegerField()
    films = serializers.IntegerField()
    hosts = serializers.IntegerField(help_text="Host festivals.")
    countries = serializers.IntegerField(help_text="Countries of the host festivals.")


class TourDetailSerializer(TourLinkSerializer):
    """A published tour with every stop (newest first) and their figures."""

    figures = TourFiguresSerializer()
    stops = StopSerializer(many=True, source="stops.all")
