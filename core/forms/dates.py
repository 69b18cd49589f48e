"""A day typed into a date input, for the pages that show records as they were on that day."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ISO_DAY = "%Y-%m-%d"  # what a date input sends, whatever the language of the page


class PastDayField(forms.DateField):
    """A day given as YYYY-MM-DD, no later than today: a page of what was true on a day knows
    nothing of days to come."""

    widget = forms.DateInput(attrs={"type": "date"}, format=ISO_DAY)
    default_error_messages = {
        "invalid": _("Not a date: give one as YYYY-MM-DD, for example 2020-05-31."),
        "future": _("%(day)s is still to come: choose today or an earlier day."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [ISO_DAY])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(
                self.error_messages["future"], code="future", params={"day": value.isoformat()}
            )
