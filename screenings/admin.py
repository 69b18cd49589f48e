from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from alliance.admin import EditionChoicesMixin
from core.admin.catalog import (
    CatalogAdmin,
    CatalogInline,
    InlineOnly,
    PublishableAdmin,
    chinese_text_filter,
    related,
)
from core.admin.imports import CatalogImportExportMixin
from filmweek.admin import FILM_SEARCH
from screenings.admin_grid import ProgrammeGridAdmin
from screenings.forms import (
    ACTIVITY_SESSION_FIELDS,
    SCREENING_DETAILS,
    SCREENING_FIELDS,
    ActivitySessionForm,
    ScreeningForm,
)
from screenings.models import ActivitySession, Screening, Tour, TourStop, Venue
from screenings.resources import ScreeningResource


@admin.register(Venue)
class VenueAdmin(PublishableAdmin):
    list_display = (
        "name_en",
        "name_zh",
        "city_en",
        "city_zh",
        "country",
        "capacity",
        "time_zone",
        "status",
    )
    list_filter = (
        "status",
        "city_en",
        ("country", admin.RelatedOnlyFieldListFilter),
        chinese_text_filter("name_zh"),
    )
    list_select_related = ("country",)
    search_fields = ["name_en", "name_zh", "slug", "city_en", "city_zh", "address"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["country"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "status")}),
        (
            _("Place"),
            {"fields": ("city_en", "city_zh", "country", "address", "time_zone", "capacity")},
        ),
        PublishableAdmin.record_fieldset,
    )


class TimeSlotAdmin(CatalogAdmin):
    """The admin of screenings and activity sessions: times in the venue's own zone in the
    change list (the admin's zone is Shanghai's), and the calendar revision, read-only."""

    date_hierarchy = "starts_at"
    readonly_fields = ("sequence", "updated_at")
    calendar_fieldset = (
        _("Calendar"),
        {"fields": ("sequence", "updated_at"), "classes": ("collapse",)},
    )

    @admin.display(description=_("when (venue's local time)"), ordering="starts_at")
    def local_times(self, obj):
        return obj.local_times_text()


@admin.register(Screening)
class ScreeningAdmin(ProgrammeGridAdmin, CatalogImportExportMixin, TimeSlotAdmin):
    """Entered through ScreeningForm: times in the venue's zone, and clean() refuses a
    screening outside its film week or overlapping another, naming that screening. An
    imported file passes the same rules, row by row."""

    form = ScreeningForm
    resource_classes = [ScreeningResource]
    list_display = (
        "local_times",
        "film",
        "venue",
        "film_week",
        "state",
        "sequence",
        "section_en",
        "section_zh",
    )
    list_filter = ("state", "film_week", "venue")
    list_select_related = ("film", "venue", "film_week")
    search_fields = [
        *related("film", FILM_SEARCH),
        "venue__name_en",
        "venue__name_zh",
        "section_en",
        "section_zh",
    ]
    autocomplete_fields = ["film", "film_week", "venue", "guests"]
    fieldsets = (
        (None, {"fields": SCREENING_FIELDS}),
        (_("Details"), {"fields": SCREENING_DETAILS}),
        TimeSlotAdmin.calendar_fieldset,
    )


@admin.register(ActivitySession)
class ActivitySessionAdmin(TimeSlotAdmin):
    form = ActivitySessionForm
    list_display = ("local_times", "activity", "venue", "state", "sequence")
    list_filter = ("state", "activity__kind", "activity__film_week", "venue")
    list_select_related = ("activity__film_week", "venue")
    search_fields = ["activity__title_en", "activity__title_zh", "venue__name_en", "venue__name_zh"]
    autocomplete_fields = ["activity", "venue"]
    fieldsets = ((None, {"fields": ACTIVITY_SESSION_FIELDS}), TimeSlotAdmin.calendar_fieldset)


class TourStopInline(EditionChoicesMixin, CatalogInline):
    model = TourStop
    fields = (
        "film",
        "host_edition",
        "starts_on",
        "ends_on",
        "dates_precision",
        "premiere",
        "section_en",
        "section_zh",
    )
    autocomplete_fields = ["film", "host_edition"]


@admin.register(Tour)
class TourAdmin(PublishableAdmin):
    list_display = ("name_en", "name_zh", "organiser", "stop_count", "status")
    list_filter = ("status", chinese_text_filter("name_zh"))
    list_select_related = ("organiser",)
    search_fields = ["name_en", "name_zh", "slug", "organiser__name_en", "organiser__name_zh"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["organiser"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "status", "organiser")}),
        (_("Description"), {"fields": ("description_en", "description_zh")}),
        PublishableAdmin.record_fieldset,
    )
    inlines = [TourStopInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stop_total=Count("stops"))

    @admin.display(description=_("stops"), ordering="stop_total")
    def stop_count(self, obj):
        return obj.stop_total


@admin.register(TourStop)
class TourStopAdmin(InlineOnly, EditionChoicesMixin, CatalogAdmin):
    list_display = ("film", "host_edition", "tour", "starts_on", "premiere", "section_en")
    list_filter = ("tour", "premiere", "dates_precision")
    list_select_related = ("film", "tour", "host_edition__institution")
    search_fields = [
        *related("film", FILM_SEARCH),
        "host_edition__institution__name_en",
        "host_edition__institution__name_zh",
        "section_en",
        "section_zh",
    ]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["tour", "film", "host_edition"]
    fieldsets = (
        (None, {"fields": ("tour", "film", "host_edition", "premiere")}),
        (_("Dates"), {"fields": ("starts_on", "ends_on", "dates_precision")}),
        (_("Section"), {"fields": ("section_en", "section_zh")}),
    )
