"""Venues, screenings, activity sessions and tours: published records only, whoever asks, through
the screenings app's query functions and the schedule's FilterSet."""

import datetime

from django import forms
from django.db.models import F
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from api.generics import DetailView, FilterSetBackend, ListView
from api.serializers import screenings as serializers
from core.cache.pages import cached_page
from core.db.keyset import SortKey
from filmweek.filters import INVALID_CHOICE
from screenings import queries
from screenings.filters import ScheduleFilter
from screenings.models import ActivitySession, Screening

# The venue detail lists this many of the screenings and sessions to come, as its page does.
VENUE_SLOTS = 100

SLOT_ORDER = [SortKey(F("starts_at"), datetime.datetime), SortKey(F("pk"), int)]
VENUE_ORDER = [SortKey(F("city_en")), SortKey(F("name_en")), SortKey(F("pk"), int)]
TOUR_ORDER = [SortKey(F("name_en")), SortKey(F("pk"), int)]

# The schedule's messages say what its page does with a value it cannot use (shows the rest);
# the API refuses the value, and says so.
REFUSED = {
    **INVALID_CHOICE,
    "invalid": forms.DateField.default_error_messages["invalid"],
}


class ScheduleFilterBackend(FilterSetBackend):
    """The schedule's FilterSet, which chooses screenings and sessions alike (ScheduleFilter.
    chosen_slots) for the view's `chosen`; an invalid value is a 400 naming its parameter."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {"data": request.query_params, "request": request}

    def filter_queryset(self, request, queryset, view):
        schedule = self.get_filterset(request, queryset, view)
        if not schedule.is_valid():
            raise ValidationError(
                {
                    name: [REFUSED.get(error.code, " ".join(error.messages)) for error in errors]
                    for name, errors in schedule.form.errors.as_data().items()
                }
            )
        view.filterset = schedule
        return schedule.on_chosen_day(view.chosen(schedule, queryset))


class SlotList(ListView):
    """The slots the schedule shows, in time order, chosen by its FilterSet."""

    filter_backends = [ScheduleFilterBackend]
    filterset_class = ScheduleFilter
    sort_order = SLOT_ORDER

    def chosen(self, schedule, slots):
        raise NotImplementedError

    def get_serializer_context(self):
        context = super().get_serializer_context()
        schedule = getattr(self, "filterset", None)
        context["zone"] = schedule.display_zone if schedule is not None else None
        return context


class ScreeningList(SlotList):
    """Published screenings (of published films at published venues) that the schedule shows,
    in time order, with its filters: of one film week (`film_week`; without it, the one the
    schedule shows: of the next slot to come, else of the last one). Times in each venue's own
    zone, or in the one of `tz`."""

    serializer_class = serializers.ScreeningSerializer

    def get_queryset(self):
        return queries.screening_details(joined=True).prefetch_related(queries.published_guests())

    def chosen(self, schedule, slots):
        return schedule.chosen_slots(slots, ActivitySession.objects.none())[0]


class SessionList(SlotList):
    """Published activity sessions (forums, industry dialogues, market promotions at published
    venues) that the schedule shows, in time order, with its filters: of one film week
    (`film_week`; without it, the one the schedule shows). Times in each venue's own zone, or
    in the one of `tz`."""

    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        return queries.session_details(joined=True)

    def chosen(self, schedule, slots):
        return schedule.chosen_slots(Screening.objects.none(), slots)[1]


class VenueList(ListView):
    """Published venues, by city and name."""

    serializer_class = serializers.VenueSerializer
    filter_backends = []
    sort_order = VENUE_ORDER

    def get_queryset(self):
        return queries.venue_pages()


class VenueDetail(DetailView):
    """A published venue with its first screenings and sessions to come."""

    serializer_class = serializers.VenueDetailSerializer

    def get_queryset(self):
        return queries.venue_pages()

    def get_object(self):
        venue = super().get_object()
        slots = queries.upcoming_at(venue, timezone.now(), limit=VENUE_SLOTS + 1)
        shown = slots[:VENUE_SLOTS]
        venue.upcoming_screenings = [slot for slot in shown if slot.is_screening]
        venue.upcoming_sessions = [slot for slot in shown if not slot.is_screening]
        venue.upcoming_is_capped = len(slots) > VENUE_SLOTS
        return venue


class TourList(ListView):
    """Published tours by name, with counts of their stops."""

    serializer_class = serializers.TourSerializer
    filter_backends = []
    sort_order = TOUR_ORDER

    def get_queryset(self):
        return queries.tour_list()


class TourDetail(DetailView):
    """A published tour with its stops of published films at editions of published festivals."""

    serializer_class = serializers.TourDetailSerializer

    def get_queryset(self):
        return queries.tour_pages()

    def get_object(self):
        tour = super().get_object()
        tour.figures = queries.tour_figures(tour.stops.all())
        return tour


screening_list = cached_page()(ScreeningList.as_view())
session_list = cached_page()(SessionList.as_view())
venue_list = cached_page()(VenueList.as_view())
venue_detail = cached_page(records=True)(VenueDetail.as_view())
tour_list = cached_page()(TourList.as_view())
tour_detail = cached_page(records=True)(TourDetail.as_view())
