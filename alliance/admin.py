from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.admin_actions import (
    HTTPS_URL_FIELDS,
    EditionChoicesMixin,
    PublishableAdmin,
    chinese_text_filter,
)
from alliance.models import (
    Alliance,
    AllianceItem,
    AllianceUnit,
    Country,
    CountryGroup,
    FestivalEdition,
    Institution,
    Membership,
    Milestone,
    Representative,
    Source,
)


def country_codes_named(term):
    """The codes of the countries whose name, in any of the site's languages, contains `term`."""
    term = term.strip().casefold()
    if not term:
        return set()
    codes = set()
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            codes.update(code for code, name in countries if term in str(name).casefold())
    return codes


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "continent", "region")
    list_filter = ("continent", "groups")
    search_fields = ["code"]
    search_help_text = _("An ISO code (CN) or a name in English or Chinese (China, 中国).")
    fields = ("code", "continent", "region")
    list_per_page = 250

    @admin.display(description=_("name"), ordering="code")
    def name(self, obj):
        return obj.code.name

    def get_search_results(self, request, queryset, search_term):
        # The names live in django-countries, not in the database: match them here, so that
        # every autocomplete of a country also finds "China" and "中国".
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        codes = country_codes_named(search_term)
        if codes:
            found = found | queryset.filter(code__in=codes)
        return found, may_have_duplicates


@admin.register(CountryGroup)
class CountryGroupAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "slug", "country_count")
    list_filter = (chinese_text_filter("name_zh"),)
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["countries"]
    fields = ("name_en", "name_zh", "slug", "countries", "description_en", "description_zh")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(country_total=Count("countries"))

    @admin.display(description=_("countries"), ordering="country_total")
    def country_count(self, obj):
        return obj.country_total


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("title", "publisher", "published_on", "url")
    list_filter = ("publisher",)
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    fields = ("title", "publisher", "url", "published_on")


class FestivalEditionInline(admin.TabularInline):
    model = FestivalEdition
    fields = ("number", "year", "starts_on", "ends_on", "dates_precision")
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "institution"
    fields = (
        "alliance",
        "joined_on",
        "joined_precision",
        "left_on",
        "is_founding",
        "recommended_by",
        "source",
    )
    autocomplete_fields = ["alliance", "recommended_by", "source"]
    extra = 0
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(PublishableAdmin):
    list_display = ("name_en", "name_zh", "short_name", "kind", "country", "city_en", "status")
    list_filter = (
        "status",
        "kind",
        ("country", admin.RelatedOnlyFieldListFilter),
        chinese_text_filter("name_zh"),
    )
    list_select_related = ("country",)
    search_fields = [
        *["name_en", "name_zh", "short_name", "slug", "city_en", "city_zh"],
        "search_text",  # pinyin and accent-free forms
    ]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["country"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "short_name", "slug", "kind", "status")}),
        (_("Place"), {"fields": ("country", "city_en", "city_zh")}),
        (_("Contact"), {"fields": ("website", "contact_email", "logo")}),
        (_("Description"), {"fields": ("description_en", "description_zh")}),
        PublishableAdmin.record_fieldset,
    )
    # filmweek.admin re-registers Institution with a subclass that adds the inlines of a
    # production base (incentive policies, films made there), since alliance cannot import them.
    inlines = [MembershipInline, FestivalEditionInline]


@admin.register(FestivalEdition)
class FestivalEditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "institution", "number", "year", "starts_on", "ends_on")
    list_filter = ("year", "institution__kind")
    list_select_related = ("institution",)
    search_fields = ["institution__name_en", "institution__name_zh", "institution__short_name"]
    autocomplete_fields = ["institution"]
    fields = ("institution", "number", "year", "starts_on", "ends_on", "dates_precision")

    def get_queryset(self, request):
        # __str__ names the institution, also in the autocomplete results of other admins.
        return super().get_queryset(request).select_related("institution")


class AllianceItemInline(admin.TabularInline):
    model = AllianceItem
    fields = ("kind", "position", "text_en", "text_zh")
    extra = 0


class AllianceUnitInline(admin.TabularInline):
    model = AllianceUnit
    fields = ("role", "institution", "position")
    autocomplete_fields = ["institution"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = (
        "reported_on",
        "reported_precision",
        "members",
        "countries",
        "label_en",
        "label_zh",
        "source",
    )
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(EditionChoicesMixin, PublishableAdmin):
    list_display = ("name_en", "name_zh", "founded_on", "initiator", "current_members", "status")
    list_filter = ("status", chinese_text_filter("name_zh"))
    list_select_related = ("initiator",)
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["initiator", "founded_during"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "status", "website")}),
        (_("Founding"), {"fields": ("founded_on", "initiator", "founded_during")}),
        (
            _("Description"),
            {"fields": ("description_en", "description_zh", "background_en", "background_zh")},
        ),
        PublishableAdmin.record_fieldset,
    )
    inlines = [AllianceUnitInline, AllianceItemInline, MilestoneInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("memberships", filter=Q(memberships__left_on__isnull=True))
            )
        )

    @admin.display(description=_("current members"), ordering="member_total")
    def current_members(self, obj):
        return obj.member_total


@admin.register(AllianceItem)
class AllianceItemAdmin(admin.ModelAdmin):
    list_display = ("alliance", "kind", "position", "text_en", "text_zh")
    list_filter = ("alliance", "kind")
    list_select_related = ("alliance",)
    search_fields = ["text_en", "text_zh", "alliance__name_en", "alliance__name_zh"]
    autocomplete_fields = ["alliance"]
    fields = ("alliance", "kind", "position", "text_en", "text_zh")


@admin.register(AllianceUnit)
class AllianceUnitAdmin(admin.ModelAdmin):
    list_display = ("alliance", "role", "institution", "position")
    list_filter = ("alliance", "role")
    list_select_related = ("alliance", "institution")
    search_fields = [
        "institution__name_en",
        "institution__name_zh",
        "alliance__name_en",
        "alliance__name_zh",
    ]
    autocomplete_fields = ["alliance", "institution"]
    fields = ("alliance", "role", "institution", "position")


class MembershipStateFilter(admin.SimpleListFilter):
    title = _("membership")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(left_on__isnull=True)
        if self.value() == "former":
            return queryset.filter(left_on__isnull=False)
        return queryset


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = (
        "institution",
        "alliance",
        "joined_on",
        "joined_precision",
        "left_on",
        "is_founding",
        "recommended_by",
    )
    list_filter = (MembershipStateFilter, "alliance", "is_founding", "institution__kind")
    list_select_related = ("institution", "alliance", "recommended_by")
    search_fields = [
        "institution__name_en",
        "institution__name_zh",
        "institution__short_name",
        "alliance__name_en",
        "alliance__name_zh",
        "note_en",
        "note_zh",
    ]
    date_hierarchy = "joined_on"
    autocomplete_fields = ["institution", "alliance", "recommended_by", "source"]
    fieldsets = (
        (None, {"fields": ("institution", "alliance", "is_founding", "recommended_by")}),
        (_("Dates"), {"fields": ("joined_on", "joined_precision", "left_on")}),
        (_("Note"), {"fields": ("note_en", "note_zh", "source")}),
    )


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("alliance", "reported_on", "members", "countries", "label_en", "source")
    list_filter = ("alliance",)
    list_select_related = ("alliance", "source")
    search_fields = ["label_en", "label_zh", "alliance__name_en", "alliance__name_zh"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["alliance", "source"]
    fields = (
        "alliance",
        "reported_on",
        "reported_precision",
        "members",
        "countries",
        "label_en",
        "label_zh",
        "source",
    )


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "created_at")
    list_filter = (("institution", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("user", "institution")
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "institution__name_en",
        "institution__name_zh",
    ]
    autocomplete_fields = ["user", "institution"]
    fields = ("user", "institution", "created_at")
    readonly_fields = ("created_at",)
