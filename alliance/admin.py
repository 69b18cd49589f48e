from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from unfold.admin import ModelAdmin

from alliance import diffs, services
from alliance.forms import (
    ApplicationDecisionForm,
    Decision,
    MembershipApplicationForm,
    ProfileChangeReviewForm,
    RepresentativeInvitationForm,
)
from alliance.models import (
    Alliance,
    AllianceItem,
    AllianceUnit,
    ApplicationStatus,
    Country,
    CountryGroup,
    FestivalEdition,
    Institution,
    InstitutionKind,
    Membership,
    MembershipApplication,
    Milestone,
    ProfileChange,
    Representative,
    RepresentativeInvitation,
    ReviewStatus,
    Source,
)
from alliance.resources import InstitutionResource
from core.admin.catalog import (
    HTTPS_URL_FIELDS,
    CatalogAdmin,
    CatalogInline,
    CatalogStackedInline,
    InlineOnly,
    PublishableAdmin,
    chinese_text_filter,
    thumbnail,
)
from core.admin.imports import CatalogImportExportMixin
from core.views.requests import site_origin


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


class EditionChoicesMixin:
    """For an admin or inline with a foreign key to FestivalEdition: the autocomplete widget
    renders the chosen edition's __str__, which names its institution, so load the institution
    in the same query instead of one more query per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is FestivalEdition and "queryset" not in kwargs:
            kwargs["queryset"] = FestivalEdition.objects.select_related("institution")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Country)
class CountryAdmin(CatalogAdmin):
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
class CountryGroupAdmin(CatalogAdmin):
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
class SourceAdmin(CatalogAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("title", "publisher", "published_on", "url")
    list_filter = ("publisher",)
    search_fields = ["title", "title_zh", "publisher", "url"]
    date_hierarchy = "published_on"
    fields = ("title", "title_zh", "publisher", "publisher_zh", "url", "published_on")


class FestivalEditionInline(CatalogInline):
    model = FestivalEdition
    fields = ("number", "year", "starts_on", "ends_on", "dates_precision")


class MembershipInline(CatalogInline):
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
    show_change_link = True


# Production bases: inlines shown on an institution of that kind. Their models belong to the
# filmweek app, reached by the reverse relations' names, as alliance imports no higher app.


class IncentivePolicyInline(CatalogStackedInline):
    model = Institution._meta.get_field("incentives").related_model
    fk_name = "base"
    fields = (
        ("title_en", "title_zh"),
        ("rate_percent", "is_approximate"),
        ("description_en", "description_zh"),
        "source",
    )
    autocomplete_fields = ["source"]


class FilmMadeAtBaseInline(CatalogInline):
    model = Institution._meta.get_field("films_made").related_model
    fk_name = "base"
    fields = ("film",)
    autocomplete_fields = ["film"]
    verbose_name = _("film made here")
    verbose_name_plural = _("films made here")


@admin.register(Institution)
class InstitutionAdmin(CatalogImportExportMixin, PublishableAdmin):
    resource_classes = [InstitutionResource]
    list_display = (
        "logo_preview",
        "name_en",
        "name_zh",
        "short_name",
        "kind",
        "country",
        "city_en",
        "status",
    )
    list_display_links = ("name_en",)
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
        (
            None,
            {"fields": ("name_en", "name_zh", "short_name", "aliases", "slug", "kind", "status")},
        ),
        (_("Place"), {"fields": ("country", "city_en", "city_zh")}),
        (_("Contact"), {"fields": ("website", "contact_email", "social_links", "logo")}),
        (_("Description"), {"fields": ("description_en", "description_zh")}),
        PublishableAdmin.record_fieldset,
    )
    production_base_inlines = [IncentivePolicyInline, FilmMadeAtBaseInline]
    inlines = [MembershipInline, FestivalEditionInline, *production_base_inlines]

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        return thumbnail(obj.logo_thumbnail or obj.logo)

    def get_inline_instances(self, request, obj=None):
        # IncentivePolicy.base and FilmLocation.base are limited to production bases: other
        # institutions (and a new one, whose kind is not saved yet) do not show these inlines.
        instances = super().get_inline_instances(request, obj)
        if obj is not None and obj.kind == InstitutionKind.PRODUCTION_BASE:
            return instances
        return [i for i in instances if type(i) not in self.production_base_inlines]


@admin.register(FestivalEdition)
class FestivalEditionAdmin(CatalogAdmin):
    list_display = ("__str__", "institution", "number", "year", "starts_on", "ends_on")
    list_filter = ("year", "institution__kind")
    list_select_related = ("institution",)
    search_fields = ["institution__name_en", "institution__name_zh", "institution__short_name"]
    autocomplete_fields = ["institution"]
    fields = ("institution", *FestivalEditionInline.fields)

    def get_queryset(self, request):
        # __str__ names the institution, also in the autocomplete results of other admins.
        return super().get_queryset(request).select_related("institution")


class AllianceItemInline(CatalogInline):
    model = AllianceItem
    fields = ("kind", "position", "text_en", "text_zh")


class AllianceUnitInline(CatalogInline):
    model = AllianceUnit
    fields = ("role", "institution", "position")
    autocomplete_fields = ["institution"]


class MilestoneInline(CatalogInline):
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
class AllianceItemAdmin(InlineOnly, CatalogAdmin):
    list_display = ("alliance", "kind", "position", "text_en", "text_zh")
    list_filter = ("alliance", "kind")
    list_select_related = ("alliance",)
    search_fields = ["text_en", "text_zh", "alliance__name_en", "alliance__name_zh"]
    autocomplete_fields = ["alliance"]
    fields = ("alliance", *AllianceItemInline.fields)


@admin.register(AllianceUnit)
class AllianceUnitAdmin(InlineOnly, CatalogAdmin):
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
    fields = ("alliance", *AllianceUnitInline.fields)


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
class MembershipAdmin(CatalogAdmin):
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
class MilestoneAdmin(CatalogAdmin):
    list_display = ("alliance", "reported_on", "members", "countries", "label_en", "source")
    list_filter = ("alliance",)
    list_select_related = ("alliance", "source")
    search_fields = ["label_en", "label_zh", "alliance__name_en", "alliance__name_zh"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["alliance", "source"]
    fields = ("alliance", *MilestoneInline.fields)


@admin.register(Representative)
class RepresentativeAdmin(ModelAdmin):
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


# Member self-service: profile changes, membership applications, invitations -----------------


def status_filter(choices, default):
    """A status list filter that shows `default` (the ones waiting) unless another is chosen."""

    class StatusFilter(admin.SimpleListFilter):
        title = _("status")
        parameter_name = "status"

        def lookups(self, request, model_admin):
            return [*choices, ("all", _("All"))]

        def choices(self, changelist):
            current = self.value() or default
            for lookup, title in self.lookup_choices:
                yield {
                    "selected": current == lookup,
                    "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                    "display": title,
                }

        def queryset(self, request, queryset):
            current = self.value() or default
            if current in dict(choices):
                return queryset.filter(status=current)
            return queryset

    return StatusFilter


def link_to(obj):
    if obj is None:
        return "–"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


class DecisionAdmin(ModelAdmin):
    """Records that arrive from outside and are decided, never added or deleted, by staff: a
    pending one is reviewed on its change page (a decision and a comment in `reason_field`), a
    decided one is read-only. `decide` calls the service and returns the message for the staff
    member. Each record names the institution it is about."""

    reason_field = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return False
        return super().has_change_permission(request, obj)

    def can_decide(self, request, obj):
        """Whether `obj` waits for a decision that this staff member may take."""
        return obj is not None and self.has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.can_decide(request, obj):
            return self.readonly_fields
        return (*self.readonly_fields, self.reason_field)

    def save_model(self, request, obj, form, change):
        try:
            request.decision_message = (self.decide(request, obj, form), messages.SUCCESS)
        except ValidationError as error:
            request.decision_message = (" ".join(error.messages), messages.ERROR)

    def log_change(self, request, obj, message):
        if getattr(request, "decision_message", (None, None))[1] == messages.SUCCESS:
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        text, level = request.decision_message
        self.message_user(request, text, level)
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    @admin.display(description=_("institution"))
    def institution_link(self, obj):
        return link_to(obj.institution)


@admin.register(ProfileChange)
class ProfileChangeAdmin(DecisionAdmin):
    form = ProfileChangeReviewForm
    reason_field = "review_comment"
    list_display = ("institution", "status", "submitted_at", "submitted_by", "reviewed_at")
    list_filter = (status_filter(ReviewStatus.choices, ReviewStatus.PENDING),)
    list_select_related = ("institution", "submitted_by")
    search_fields = ["institution__name_en", "institution__name_zh", "submitted_by__email"]
    date_hierarchy = "submitted_at"
    readonly_fields = (
        "institution_link",
        "status",
        "submitted_by",
        "submitted_at",
        "logos",
        "comparison_table",
        "reviewed_by",
        "reviewed_at",
    )

    def get_fieldsets(self, request, obj=None):
        head = (None, {"fields": ("institution_link", "status", "submitted_by", "submitted_at")})
        changes = (_("Proposed changes"), {"fields": ("logos", "comparison_table")})
        if self.can_decide(request, obj):
            decision = (_("Decision"), {"fields": ("decision", "review_comment")})
        else:
            decision = (_("Decision"), {"fields": ("reviewed_by", "reviewed_at", "review_comment")})
        return [head, changes, decision]

    @admin.display(description=_("logo: public now and proposed"))
    def logos(self, obj):
        row = diffs.logo_comparison(obj)
        if not row.changed:
            return _("Logo unchanged.")
        return format_html(
            '<div class="logo-comparison">'
            "<figure>{}<figcaption>{}</figcaption></figure>"
            '<figure><img src="{}" alt="{}" width="160"><figcaption>{}</figcaption></figure>'
            "</div>",
            format_html('<img src="{}" alt="" width="160">', row.old_url)
            if row.old_url
            else _("No logo"),
            _("Public now"),
            row.new_url,
            _("Proposed logo"),
            _("Proposed"),
        )

    @admin.display(description=_("field by field"))
    def comparison_table(self, obj):
        rows = format_html_join(
            "",
            '<tr class="{}"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            (
                (
                    "changed" if row.changed else "unchanged",
                    row.label,
                    row.old if row.changed else _("unchanged"),
                    row.diff or row.new if row.changed else "",
                )
                for row in diffs.comparison(obj)
            ),
        )
        return format_html(
            '<table class="profile-diff"><thead><tr><th scope="col">{}</th><th scope="col">{}'
            '</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Field"),
            _("Public now"),
            _("Proposed (differences marked)"),
            rows,
        )

    def decide(self, request, obj, form):
        origin = site_origin(request)
        comment = form.cleaned_data.get("review_comment", "")
        if form.cleaned_data["decision"] == Decision.APPROVE:
            services.profile_change_approve(
                change=obj, by=request.user, comment=comment, origin=origin
            )
            return _("Approved: the change is on the public page and the representatives are told.")
        services.profile_change_reject(change=obj, by=request.user, comment=comment, origin=origin)
        return _("Rejected: the public profile is unchanged and the representatives are told.")


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(DecisionAdmin):
    form = ApplicationDecisionForm
    reason_field = "decision_reason"
    list_display = ("name_en", "alliance", "country", "kind", "status", "submitted_at")
    list_filter = (status_filter(ApplicationStatus.choices, ApplicationStatus.PENDING), "alliance")
    list_select_related = ("alliance",)
    search_fields = ["name_en", "name_zh", "contact_name", "contact_email"]
    date_hierarchy = "submitted_at"
    readonly_fields = (
        *("alliance", "answers_list", "status", "submitted_at", "language", "logo_preview"),
        # What the applicant sent stays as it was sent.
        *MembershipApplicationForm.APPLICATION_FIELDS,
        *("decided_by", "decided_at", "institution_link", "membership"),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("alliance", "status", "submitted_at", "language")}),
            (
                _("Institution"),
                {
                    "fields": (
                        *("name_en", "name_zh", "kind", "country", "city_en", "website"),
                        *("description_en", "logo_preview", "recommended_by"),
                    )
                },
            ),
            (_("Admittance criteria"), {"fields": ("answers_list",)}),
            (
                _("Contact"),
                {"fields": ("contact_name", "contact_role", "contact_email", "contact_phone")},
            ),
        ]
        if self.can_decide(request, obj):
            fields = ("decision", "existing_institution", "joined_on", "decision_reason")
        else:
            fields = ("decided_by", "decided_at", "decision_reason", "institution_link")
        return [*fieldsets, (_("Decision"), {"fields": fields})]

    @admin.display(description=_("answers"))
    def answers_list(self, obj):
        items = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((answer.question, answer.answer) for answer in obj.answers.all()),
        )
        return format_html('<dl class="answers">{}</dl>', items) if items else _("No answers")

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        if not obj.logo:
            return _("No logo")
        url = (obj.logo_thumbnail or obj.logo).url
        return format_html('<img src="{}" alt="" width="160">', url)

    def decide(self, request, obj, form):
        data = form.cleaned_data
        if data["decision"] == Decision.APPROVE:
            services.membership_application_approve(
                application=obj,
                by=request.user,
                joined_on=data["joined_on"],
                institution=data.get("existing_institution"),
                origin=site_origin(request),
            )
            return _(
                "Approved: the membership is recorded and an invitation has been sent to %(email)s."
            ) % {"email": obj.contact_email}
        services.membership_application_reject(
            application=obj, by=request.user, reason=data["decision_reason"]
        )
        return _("Rejected: the applicant has been told the reason.")


@admin.action(description=_("Revoke the selected invitations"), permissions=["change"])
def revoke_invitations(modeladmin, request, queryset):
    for invitation in queryset:
        services.representative_invitation_revoke(invitation=invitation)
    modeladmin.message_user(request, _("The links of these invitations no longer work."))


@admin.register(RepresentativeInvitation)
class RepresentativeInvitationAdmin(ModelAdmin):
    """Staff invite a representative by email: the add form sends the one-time link."""

    form = RepresentativeInvitationForm
    list_display = ("email", "institution", "state", "created_at", "expires_at", "invited_by")
    list_filter = (("institution", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("institution", "invited_by")
    search_fields = ["email", "institution__name_en", "institution__name_zh"]
    # A plain list rather than an autocomplete, which would need the permission to view
    # institutions as well.
    actions = [revoke_invitations]
    shown_fields = (
        "email",
        "institution",
        "state",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "user",
        "invited_by",
        "application",
    )

    def get_fields(self, request, obj=None):
        return self.shown_fields if obj is not None else ("email", "institution")

    def get_readonly_fields(self, request, obj=None):
        return self.shown_fields if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation = services.representative_invite(
            email=obj.email,
            institution=obj.institution,
            by=request.user,
            origin=site_origin(request),
        )
        obj.pk = invitation.pk
        obj._state.adding = False
        self.message_user(
            request, _("The invitation has been sent to %(email)s.") % {"email": obj.email}
        )
