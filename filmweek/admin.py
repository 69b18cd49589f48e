from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from alliance.admin import EditionChoicesMixin
from core.admin.catalog import (
    CatalogAdmin,
    CatalogInline,
    InlineOnly,
    PublishableAdmin,
    chinese_text_filter,
    related,
    thumbnail,
)
from core.admin.imports import CatalogImportExportMixin
from filmweek.models import (
    Activity,
    Ambassador,
    Award,
    Credit,
    Film,
    FilmCountry,
    FilmLocation,
    FilmWeek,
    IncentivePolicy,
    JuryService,
    Language,
    Participation,
    Person,
    Position,
    Quote,
    ReportedFigure,
    Selection,
)
from filmweek.resources import FilmResource, PersonResource

FILM_SEARCH = ["title_original", "title_en", "title_zh"]
PERSON_SEARCH = ["name_en", "name_zh", "name_original"]


@admin.register(Language)
class LanguageAdmin(CatalogAdmin):
    list_display = ("code", "name_en", "name_zh")
    list_filter = (chinese_text_filter("name_zh"),)
    search_fields = ["code", "name_en", "name_zh"]
    fields = ("code", "name_en", "name_zh")


class PositionInline(CatalogInline):
    model = Position
    fields = ("institution", "title_en", "title_zh")
    autocomplete_fields = ["institution"]


@admin.register(Person)
class PersonAdmin(CatalogImportExportMixin, PublishableAdmin):
    resource_classes = [PersonResource]
    list_display = ("photo_preview", "name_en", "name_zh", "name_original", "country", "status")
    list_display_links = ("name_en",)
    list_filter = (
        "status",
        ("country", admin.RelatedOnlyFieldListFilter),
        chinese_text_filter("name_zh"),
    )
    list_select_related = ("country",)
    # search_text adds pinyin and accent-free forms ("leijiayin" finds 雷佳音).
    search_fields = [*PERSON_SEARCH, "slug", "search_text"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["country"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "name_original", "aliases", "slug", "status")}),
        (None, {"fields": ("country", "career_start_year", "photo")}),
        (_("Biography"), {"fields": ("bio_en", "bio_zh")}),
        PublishableAdmin.record_fieldset,
    )
    inlines = [PositionInline]

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return thumbnail(obj.photo)


@admin.register(Position)
class PositionAdmin(InlineOnly, CatalogAdmin):
    list_display = ("person", "title_en", "title_zh", "institution")
    list_filter = (("institution", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("person", "institution")
    search_fields = [
        "title_en",
        "title_zh",
        *related("person", PERSON_SEARCH),
        "institution__name_en",
        "institution__name_zh",
    ]
    autocomplete_fields = ["person", "institution"]
    fields = ("person", *PositionInline.fields)


class FilmCountryInline(CatalogInline):
    model = FilmCountry
    fields = ("country", "role", "position")
    autocomplete_fields = ["country"]


class CreditInline(CatalogInline):
    model = Credit
    fields = ("role", "person", "character_en", "character_zh", "order")
    autocomplete_fields = ["person"]


class FilmLocationInline(CatalogInline):
    model = FilmLocation
    fk_name = "film"
    fields = ("base",)
    autocomplete_fields = ["base"]


@admin.register(Film)
class FilmAdmin(CatalogImportExportMixin, PublishableAdmin):
    resource_classes = [FilmResource]
    list_display = (
        "poster_preview",
        "title_original",
        "title_en",
        "title_zh",
        "year",
        "kind",
        "production_countries",
        "status",
    )
    list_display_links = ("title_original",)
    list_filter = ("status", "kind", "year", chinese_text_filter("title_zh"))
    search_fields = [*FILM_SEARCH, "slug", "search_text"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["languages"]
    fieldsets = (
        (
            None,
            {"fields": ("title_original", "title_en", "title_zh", "aliases", "slug", "status")},
        ),
        (
            None,
            {"fields": ("year", "kind", "genre_en", "genre_zh", "runtime_minutes", "languages")},
        ),
        (
            _("Release"),
            {
                "fields": (
                    "released_on",
                    "released_precision",
                    "release_note_en",
                    "release_note_zh",
                )
            },
        ),
        (_("Synopsis"), {"fields": ("synopsis_en", "synopsis_zh", "poster")}),
        PublishableAdmin.record_fieldset,
    )
    inlines = [FilmCountryInline, CreditInline, FilmLocationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("film_countries", queryset=FilmCountry.objects.select_related("country"))
            )
        )

    @admin.display(description=_("production countries"))
    def production_countries(self, obj):
        return ", ".join(str(link.country) for link in obj.film_countries.all())

    @admin.display(description=_("poster"))
    def poster_preview(self, obj):
        return thumbnail(obj.poster)


@admin.register(FilmCountry)
class FilmCountryAdmin(InlineOnly, CatalogAdmin):
    list_display = ("film", "country", "role", "position")
    list_filter = ("role", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("film", "country")
    search_fields = [*related("film", FILM_SEARCH), "country__code"]
    autocomplete_fields = ["film", "country"]
    fields = ("film", *FilmCountryInline.fields)


@admin.register(Credit)
class CreditAdmin(InlineOnly, CatalogAdmin):
    list_display = ("person", "role", "film", "character_en", "character_zh", "order")
    list_filter = ("role",)
    list_select_related = ("person", "film")
    search_fields = [
        *related("person", PERSON_SEARCH),
        *related("film", FILM_SEARCH),
        "character_en",
        "character_zh",
    ]
    autocomplete_fields = ["film", "person"]
    fields = ("film", "person", "role", "character_en", "character_zh", "order")


@admin.register(Award)
class AwardAdmin(CatalogAdmin):
    list_display = (
        "category_en",
        "category_zh",
        "body",
        "edition_number",
        "year",
        "result",
        "person",
        "film",
    )
    list_filter = ("result", "year", ("body", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("body", "person", "film")
    search_fields = [
        "category_en",
        "category_zh",
        "body__name_en",
        "body__name_zh",
        *related("person", PERSON_SEARCH),
        *related("film", FILM_SEARCH),
    ]
    autocomplete_fields = ["body", "person", "film"]
    fields = (
        "body",
        "edition_number",
        "year",
        "category_en",
        "category_zh",
        "result",
        "person",
        "film",
    )


class AmbassadorInline(CatalogInline):
    model = Ambassador
    fields = ("person", "role_en", "role_zh", "order")
    autocomplete_fields = ["person"]


class SelectionInline(CatalogInline):
    model = Selection
    fields = ("film", "section_en", "section_zh")
    autocomplete_fields = ["film"]


class ActivityInline(CatalogInline):
    model = Activity
    fields = ("kind", "title_en", "title_zh", "held_on")
    show_change_link = True  # descriptions and participants are edited on the activity's page


class ReportedFigureInline(CatalogInline):
    model = ReportedFigure
    fields = ("label_en", "label_zh", "value", "is_lower_bound", "period_en", "period_zh", "source")
    autocomplete_fields = ["source"]


@admin.register(FilmWeek)
class FilmWeekAdmin(EditionChoicesMixin, PublishableAdmin):
    list_display = (
        "poster_thumbnail",
        "name_en",
        "name_zh",
        "year",
        "edition_number",
        "starts_on",
        "ends_on",
        "city_en",
        "organiser",
        "status",
    )
    list_display_links = ("name_en",)
    list_filter = ("status", "year", "alliance", ("organiser", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("organiser",)
    search_fields = [
        "name_en",
        "name_zh",
        "slug",
        "search_text",
        "theme_en",
        "theme_zh",
        "city_en",
        "city_zh",
        "organiser__name_en",
        "organiser__name_zh",
    ]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ("name_en", "year")}
    autocomplete_fields = ["organiser", "alliance", "festival_edition", "country"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "status")}),
        (
            _("Edition"),
            {
                "fields": (
                    "organiser",
                    "alliance",
                    "festival_edition",
                    "edition_number",
                    "year",
                    "starts_on",
                    "ends_on",
                )
            },
        ),
        (_("Place"), {"fields": ("city_en", "city_zh", "country")}),
        (
            _("Theme and poster"),
            {
                "fields": (
                    "theme_en",
                    "theme_zh",
                    "description_en",
                    "description_zh",
                    "poster",
                    "poster_caption_en",
                    "poster_caption_zh",
                )
            },
        ),
        PublishableAdmin.record_fieldset,
    )
    inlines = [AmbassadorInline, SelectionInline, ActivityInline, ReportedFigureInline]

    @admin.display(description=_("poster"))
    def poster_thumbnail(self, obj):
        return thumbnail(obj.poster)


@admin.register(Ambassador)
class AmbassadorAdmin(InlineOnly, CatalogAdmin):
    list_display = ("person", "role_en", "role_zh", "film_week", "order")
    list_filter = ("film_week",)
    list_select_related = ("person", "film_week")
    search_fields = [*related("person", PERSON_SEARCH), "role_en", "role_zh"]
    autocomplete_fields = ["film_week", "person"]
    fields = ("film_week", *AmbassadorInline.fields)


class ParticipationInline(CatalogInline):
    model = Participation
    fields = ("person", "role_en", "role_zh")
    autocomplete_fields = ["person"]


@admin.register(Activity)
class ActivityAdmin(CatalogAdmin):
    list_display = ("title_en", "title_zh", "kind", "film_week", "held_on")
    list_filter = ("kind", "film_week")
    list_select_related = ("film_week",)
    search_fields = ["title_en", "title_zh", "description_en", "description_zh"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["film_week"]
    fields = (
        "film_week",
        "kind",
        "title_en",
        "title_zh",
        "held_on",
        "description_en",
        "description_zh",
    )
    inlines = [ParticipationInline]

    def get_queryset(self, request):
        # __str__ names the film week, also in the autocomplete results of Participation.
        return super().get_queryset(request).select_related("film_week")


@admin.register(Participation)
class ParticipationAdmin(InlineOnly, CatalogAdmin):
    list_display = ("person", "role_en", "role_zh", "activity")
    list_filter = ("activity__film_week", "activity__kind")
    list_select_related = ("person", "activity__film_week")
    search_fields = [
        *related("person", PERSON_SEARCH),
        "role_en",
        "role_zh",
        "activity__title_en",
        "activity__title_zh",
    ]
    autocomplete_fields = ["activity", "person"]
    fields = ("activity", *ParticipationInline.fields)


@admin.register(Selection)
class SelectionAdmin(InlineOnly, CatalogAdmin):
    list_display = ("film", "film_week", "section_en", "section_zh")
    list_filter = ("film_week",)
    list_select_related = ("film", "film_week")
    search_fields = [*related("film", FILM_SEARCH), "section_en", "section_zh"]
    autocomplete_fields = ["film", "film_week"]
    fields = ("film_week", *SelectionInline.fields)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(CatalogAdmin):
    list_display = ("label_en", "label_zh", "value", "is_lower_bound", "film_week", "source")
    list_filter = ("film_week", "is_lower_bound")
    list_select_related = ("film_week", "source")
    search_fields = ["label_en", "label_zh", "period_en", "period_zh"]
    autocomplete_fields = ["film_week", "source"]
    fields = ("film_week", *ReportedFigureInline.fields)


@admin.register(Quote)
class QuoteAdmin(CatalogAdmin):
    list_display = ("person", "__str__", "film_week", "source")
    list_filter = ("film_week",)
    list_select_related = ("person", "film_week", "source")
    search_fields = [*related("person", PERSON_SEARCH), "text_en", "text_zh"]
    autocomplete_fields = ["person", "film_week", "source"]
    fields = ("person", "film_week", "text_en", "text_zh", "source")


@admin.register(JuryService)
class JuryServiceAdmin(EditionChoicesMixin, CatalogAdmin):
    list_display = (
        "person",
        "festival_edition",
        "section_en",
        "section_zh",
        "is_president",
        "recommended_by",
    )
    list_filter = (
        "is_president",
        ("festival_edition__institution", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("person", "festival_edition__institution", "recommended_by")
    search_fields = [
        *related("person", PERSON_SEARCH),
        "festival_edition__institution__name_en",
        "festival_edition__institution__name_zh",
        "section_en",
        "section_zh",
    ]
    autocomplete_fields = ["person", "festival_edition", "recommended_by"]
    fields = (
        "person",
        "festival_edition",
        "section_en",
        "section_zh",
        "is_president",
        "recommended_by",
        "note_en",
        "note_zh",
    )


@admin.register(FilmLocation)
class FilmLocationAdmin(InlineOnly, CatalogAdmin):
    list_display = ("film", "base")
    list_filter = (("base", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("film", "base")
    search_fields = [*related("film", FILM_SEARCH), "base__name_en", "base__name_zh"]
    autocomplete_fields = ["film", "base"]
    fields = ("film", *FilmLocationInline.fields)


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(CatalogAdmin):
    list_display = ("title_en", "title_zh", "base", "rate_percent", "is_approximate", "source")
    list_filter = (("base", admin.RelatedOnlyFieldListFilter), "is_approximate")
    list_select_related = ("base", "source")
    search_fields = [
        "title_en",
        "title_zh",
        "description_en",
        "description_zh",
        "base__name_en",
        "base__name_zh",
    ]
    autocomplete_fields = ["base", "source"]
    fields = (
        "base",
        "title_en",
        "title_zh",
        "rate_percent",
        "is_approximate",
        "description_en",
        "description_zh",
        "source",
    )
