"""Forms for entering screenings and activity sessions (the admin uses them). Times are typed
in the venue's local time, whatever the time zone of the person typing."""

import datetime
import functools

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from screenings.models import ActivitySession, Screening, in_zone

TIME_FIELDS = ("starts_at", "ends_at")
LOCAL_TIME_HELP = _("In the venue's local time.")
# The fields of the forms, as the admin groups them: what, where and when, then the details.
SCREENING_FIELDS = ("film", "film_week", "venue", "starts_at", "ends_at", "state")
SCREENING_DETAILS = (
    "section_en",
    "section_zh",
    "language_note_en",
    "language_note_zh",
    "ticket_url",
    "guests",
)
ACTIVITY_SESSION_FIELDS = ("activity", "venue", "starts_at", "ends_at", "state")


def wall_clock(value: datetime.datetime) -> datetime.datetime:
    """The naive date and time a form field was given: form fields read typed times in the
    current time zone, so that zone gives the typed figures back."""
    return timezone.localtime(value).replace(tzinfo=None)


def _typed_time_changed(has_changed, initial, data):
    """The field's has_changed for a naive (venue-local) initial value: typed data is read in
    the current zone, so compare the initial figures read the same way."""
    if isinstance(initial, datetime.datetime) and timezone.is_naive(initial):
        initial = timezone.make_aware(initial)
    return has_changed(initial, data)


def https_urls(model_field, **kwargs):
    """Typed addresses without a scheme become https:// (the admin does the same)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class VenueTimesForm(forms.ModelForm):
    """Shows a saved slot's times in its venue's zone and reads typed times in the chosen
    venue's zone; the model's clean() then checks the film week and the overlap rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TIME_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = LOCAL_TIME_HELP
        if self.instance.pk and self.instance.venue_id:
            zone = self.instance.venue.zone
            for name in TIME_FIELDS:
                # A naive initial value is shown as it is, not converted to the current zone.
                self.initial[name] = (
                    getattr(self.instance, name).astimezone(zone).replace(tzinfo=None)
                )
                if name in self.fields:
                    field = self.fields[name]
                    field.has_changed = functools.partial(_typed_time_changed, field.has_changed)

    def clean(self):
        cleaned = super().clean()
        venue = cleaned.get("venue")
        if venue is None:
            return cleaned
        for name in TIME_FIELDS:
            if cleaned.get(name) is None:
                continue
            try:
                cleaned[name] = in_zone(wall_clock(cleaned[name]), venue.zone)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class ScreeningForm(VenueTimesForm):
    class Meta:
        model = Screening
        formfield_callback = https_urls
        fields = [*SCREENING_FIELDS, *SCREENING_DETAILS]


class ActivitySessionForm(VenueTimesForm):
    class Meta:
        model = ActivitySession
        fields = ACTIVITY_SESSION_FIELDS
