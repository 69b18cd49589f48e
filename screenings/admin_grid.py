"""The programme grid's pages in the back office, added to the screening admin: the grid of a
film week (permission to view screenings), the latest film week's grid (the sidebar's link),
and the move of a block (permission to change it), which goes through screenings/services.py
like the change form, with its rules, history and version check."""

import datetime
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.models import YEAR_MAX, YEAR_MIN, EditConflict
from filmweek.models import FilmWeek
from screenings.forms import wall_clock
from screenings.grid import LOCAL_FORMAT, SLOT_KINDS, local_clock, programme_grid
from screenings.models import Venue
from screenings.services import (
    BulkAction,
    slot_update,
    slots_bulk_change,
    stale_version_message,
    times_at,
)

DEFAULT_LENGTH = datetime.timedelta(hours=2)  # of a screening added from an empty slot
MOVED_FIELDS = ("venue", "starts_at", "ends_at")  # named in the admin log of a move
BULK_FIELDS = {
    BulkAction.CANCEL: ("state",),
    BulkAction.SOLD_OUT: ("state",),
    BulkAction.MOVE: ("starts_at", "ends_at"),
}


def check_sane_year(value):
    """Refuse a date far from any film week: the zone and length arithmetic on the first or
    last days Python knows overflows."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            _("Choose a date between the years %(first)d and %(last)d."),
            code="year_out_of_range",
            params={"first": YEAR_MIN, "last": YEAR_MAX},
        )


class MoveForm(forms.Form):
    """What the grid's script posts when a block is dropped on a slot."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in SLOT_KINDS])
    id = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=1)
    venue = forms.ModelChoiceField(queryset=Venue.objects.all(), required=False)
    starts_at = forms.DateTimeField(input_formats=[LOCAL_FORMAT], validators=[check_sane_year])


def _errors_text(error):
    return " ".join(error.messages)


class SlotListField(forms.Field):
    """The blocks ticked on the grid, each "kind:id:version" (the version the editor saw)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        refs = [_slot_ref(text) for text in value or []]
        if None in refs:
            raise ValidationError(_("The selection holds an unknown item; reload the grid."))
        if not refs:
            raise ValidationError(_("Select at least one block."))
        return refs


# ASCII digits only, and few enough for a bigint id and an int version (no overflow in the DB)
SLOT_REF = re.compile(rf"({'|'.join(SLOT_KINDS)}):(\d{{1,18}}):(\d{{1,9}})", re.ASCII)


def _slot_ref(text):
    match = SLOT_REF.fullmatch(str(text))
    if match is None:
        return None
    kind, pk, version = match.groups()
    return kind, int(pk), int(version)


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.CANCEL, _("Cancel")),
            (BulkAction.SOLD_OUT, _("Mark sold out")),
            (BulkAction.MOVE, _("Move by minutes")),
            (BulkAction.DUPLICATE, _("Duplicate to another day")),
        ],
    )
    slots = SlotListField()
    minutes = forms.IntegerField(
        label=_("Minutes"), required=False, min_value=-1440, max_value=1440
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[check_sane_year],
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == BulkAction.MOVE and not cleaned.get("minutes"):
            self.add_error("minutes", _("Say by how many minutes to move (negative: earlier)."))
        if action == BulkAction.DUPLICATE and cleaned.get("day") is None:
            self.add_error("day", _("Say to which day to duplicate."))
        return cleaned


def selected_slots(refs, film_week):
    """The slots of `refs` in `film_week` with what the bulk actions read, and the errors of
    those missing (or of another week) or changed since the grid was loaded."""
    related = {
        "screening": (("film", "venue", "film_week"), ("guests",), "film_week"),
        "session": (("activity__film_week", "venue"), (), "activity__film_week"),
    }
    slots, errors = [], []
    for kind, model in SLOT_KINDS.items():
        wanted = {pk: version for ref_kind, pk, version in refs if ref_kind == kind}
        if not wanted:
            continue
        joins, many, week_field = related[kind]
        found = (
            model.objects.filter(**{week_field: film_week})
            .select_related(*joins)
            .prefetch_related(*many)
            .in_bulk(wanted)
        )
        for pk, version in wanted.items():
            slot = found.get(pk)
            if slot is None:
                errors.append(gettext("An item is no longer in the programme."))
            elif slot.version != version:
                errors.append(f"{slot.describe()}: {stale_version_message()}")
            else:
                slots.append(slot)
    return slots, errors


def _refusal(message, status):
    return JsonResponse({"ok": False, "error": str(message)}, status=status)


def move_slot(slot, venue, starts_at_local):
    """Move `slot` to `venue` (its own when None) at the wall-clock time `starts_at_local`
    there, keeping its length; through the services, so every rule of the form applies."""
    venue = venue or slot.venue
    times = times_at(slot, wall_clock(starts_at_local), venue.zone)
    return slot_update(slot, venue=venue, **times)


class ProgrammeGridAdmin:
    """Mixed into ScreeningAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("grid/", view(self.latest_grid_view), name="screenings_screening_grid_latest"),
            path(
                "grid/<int:film_week_id>/", view(self.grid_view), name="screenings_screening_grid"
            ),
            path(
                "grid/<int:film_week_id>/bulk/",
                view(require_POST(self.grid_bulk_view)),
                name="screenings_screening_grid_bulk",
            ),
            path(
                "grid/move/",
                view(require_POST(self.grid_move_view)),
                name="screenings_screening_grid_move",
            ),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        """The add form opened from an empty slot of the grid: `starts_at` is the venue's
        wall clock ("2023-06-12T10:00"); a screening lasts two hours until changed."""
        initial = super().get_changeform_initial_data(request)
        starts_at = initial.pop("starts_at", None)
        try:
            start = datetime.datetime.strptime(str(starts_at), LOCAL_FORMAT)
            end = start + DEFAULT_LENGTH
        except (ValueError, OverflowError):
            return initial
        return {**initial, "starts_at": start, "ends_at": end}

    def latest_grid_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        latest = FilmWeek.objects.order_by("-year", "-starts_on", "-pk").first()
        if latest is None:
            self.message_user(request, gettext("There is no film week yet."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:filmweek_filmweek_changelist"))
        return HttpResponseRedirect(reverse("admin:screenings_screening_grid", args=[latest.pk]))

    def grid_view(self, request, film_week_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        film_week = get_object_or_404(FilmWeek, pk=film_week_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Programme grid: %(film_week)s") % {"film_week": film_week.dated_name},
            "grid": programme_grid(
                film_week,
                may_add=self.has_add_permission(request),
                may_move=self.has_change_permission(request),
                with_sessions=request.user.has_perm("screenings.view_activitysession"),
            ),
            "may_move": self.has_change_permission(request),
            "may_add": self.has_add_permission(request),
            "bulk_form": BulkForm(),
        }
        return TemplateResponse(request, "admin/screenings/programme_grid.html", context)

    def may_change_a_slot(self, request):
        return any(
            request.user.has_perm(f"screenings.change_{model._meta.model_name}")
            for model in SLOT_KINDS.values()
        )

    def grid_move_view(self, request):
        if not self.may_change_a_slot(request):
            return _refusal(gettext("You may not change the programme."), 403)
        form = MoveForm(request.POST)
        if not form.is_valid():
            return _refusal(_errors_text(ValidationError(form.errors)), 400)
        kind, data = form.cleaned_data["kind"], form.cleaned_data
        model = SLOT_KINDS[kind]
        if not request.user.has_perm(f"screenings.change_{model._meta.model_name}"):
            return _refusal(gettext("You may not change the programme."), 403)
        slot = model.objects.select_related("venue").filter(pk=data["id"]).first()
        if slot is None:
            return _refusal(gettext("This item is no longer in the programme."), 404)
        if slot.version != data["version"]:
            return _refusal(stale_version_message(), 409)
        try:
            slot = move_slot(slot, data["venue"], data["starts_at"])
        except ValidationError as error:
            return _refusal(_errors_text(error), 400)
        except EditConflict:
            return _refusal(stale_version_message(), 409)
        self.log_slot_written(request, slot, MOVED_FIELDS)
        return JsonResponse(
            {
                "ok": True,
                "version": slot.version,
                "when": slot.local_times_text(),
                "time": local_clock(slot),
            }
        )

    def grid_bulk_view(self, request, film_week_id):
        if not self.may_change_a_slot(request):
            raise PermissionDenied
        film_week = get_object_or_404(FilmWeek, pk=film_week_id)
        back = HttpResponseRedirect(reverse("admin:screenings_screening_grid", args=[film_week.pk]))
        form = BulkForm(request.POST)
        if not form.is_valid():
            return self._refuse_bulk(request, back, _errors_text(ValidationError(form.errors)))
        refs, action = form.cleaned_data["slots"], form.cleaned_data["action"]
        if not self._may_bulk(request, {kind for kind, _pk, _version in refs}, action):
            raise PermissionDenied
        slots, errors = selected_slots(refs, film_week)
        if not errors:
            errors = slots_bulk_change(
                slots=slots,
                action=action,
                minutes=form.cleaned_data["minutes"] or 0,
                day=form.cleaned_data["day"],
                on_written=lambda slot, created: self.log_slot_written(
                    request, slot, None if created else BULK_FIELDS[action]
                ),
            )
        if errors:
            return self._refuse_bulk(request, back, *errors)
        done = ngettext("%(count)d item changed.", "%(count)d items changed.", len(slots)) % {
            "count": len(slots)
        }
        self.message_user(request, done, messages.SUCCESS)
        return back

    def log_slot_written(self, request, slot, fields):
        """The admin log entry of a change made on the grid (of an addition when `fields` is
        None), as the change form writes it, so that it shows in the dashboard's latest
        changes."""
        if fields is None:
            self.log_addition(request, slot, [{"added": {}}])
            return
        labels = [str(capfirst(slot._meta.get_field(name).verbose_name)) for name in fields]
        self.log_change(request, slot, [{"changed": {"fields": labels}}])

    def _may_bulk(self, request, kinds, action):
        codes = {"change"} | ({"add"} if action == BulkAction.DUPLICATE else set())
        return all(
            request.user.has_perm(f"screenings.{code}_{SLOT_KINDS[kind]._meta.model_name}")
            for kind in kinds
            for code in codes
        )

    def _refuse_bulk(self, request, back, *errors):
        self.message_user(
            request, gettext("Nothing was changed. Fix these and try again:"), messages.ERROR
        )
        for error in errors:
            self.message_user(request, error, messages.ERROR)
        return back
