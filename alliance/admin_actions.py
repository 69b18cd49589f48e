"""Admin building blocks shared by the admins of every app: publish/unpublish actions, a filter
for records whose Chinese text is still missing, and small form tweaks. Imported by
filmweek.admin and screenings.admin (alliance imports neither)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.base import Status
from alliance.models import FestivalEdition

# Django 6 changes a typed address without a scheme from http:// to https://: take https now.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def _set_status(queryset, status):
    """The number of records changed; update() skips auto_now, so updated_at is set here."""
    return queryset.exclude(status=status).update(status=status, updated_at=timezone.now())


@admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
def publish_selected(modeladmin, request, queryset):
    changed = _set_status(queryset, Status.PUBLISHED)
    modeladmin.message_user(
        request,
        _("Published %(count)d %(items)s.")
        % {"count": changed, "items": model_ngettext(modeladmin.opts, changed)},
        messages.SUCCESS,
    )


@admin.action(description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["change"])
def unpublish_selected(modeladmin, request, queryset):
    changed = _set_status(queryset, Status.DRAFT)
    modeladmin.message_user(
        request,
        _("Unpublished %(count)d %(items)s: they are drafts again.")
        % {"count": changed, "items": model_ngettext(modeladmin.opts, changed)},
        messages.SUCCESS,
    )


class PublishableAdmin(admin.ModelAdmin):
    """A ModelAdmin for a `Publishable` model: publish/unpublish actions and the record dates.

    Subclasses still list `status` in their own `list_display` and `list_filter`."""

    actions = [publish_selected, unpublish_selected]
    formfield_overrides = HTTPS_URL_FIELDS
    readonly_fields = ("created_at", "updated_at")
    record_fieldset = (
        _("Record"),
        {"fields": ("created_at", "updated_at"), "classes": ("collapse",)},
    )


class EditionChoicesMixin:
    """For an admin or inline with a foreign key to FestivalEdition: the autocomplete widget
    renders the chosen edition's __str__, which names its institution, so load the institution
    in the same query instead of one more query per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is FestivalEdition and "queryset" not in kwargs:
            kwargs["queryset"] = FestivalEdition.objects.select_related("institution")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def chinese_text_filter(field):
    """A list filter "Chinese text: missing / present" on the column `field` (e.g. "name_zh"),
    so staff can find the records that still need a translation."""

    class ChineseTextListFilter(admin.SimpleListFilter):
        title = _("Chinese text")
        parameter_name = "zh"

        def lookups(self, request, model_admin):
            return [("missing", _("Missing")), ("present", _("Present"))]

        def queryset(self, request, queryset):
            if self.value() == "missing":
                return queryset.filter(**{field: ""})
            if self.value() == "present":
                return queryset.exclude(**{field: ""})
            return queryset

    return ChineseTextListFilter
