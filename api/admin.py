from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from api import services
from api.forms import ApiKeyIssueForm
from api.models import KEY_HEADER, ApiKey


class ApiKeyStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("In use")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.action(description=_("Revoke the selected keys"), permissions=["change"])
def revoke_keys(modeladmin, request, queryset):
    revoked = sum(services.api_key_revoke(api_key=api_key) for api_key in queryset)
    modeladmin.message_user(
        request, _("%(count)s keys revoked: they now get 401.") % {"count": revoked}
    )


@admin.register(ApiKey)
class ApiKeyAdmin(ModelAdmin):
    """Staff issue a key to a member institution (the add form) and see the key once, in the
    message after saving; only its digest is kept. A key is revoked, never deleted, so that
    its issue and last use stay on record."""

    form = ApiKeyIssueForm
    list_display = ("prefix", "name", "institution", "created_at", "last_used_at", "revoked_at")
    list_filter = (ApiKeyStateFilter, ("institution", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("institution",)
    search_fields = ["prefix", "name", "institution__name_en", "institution__name_zh"]
    actions = [revoke_keys]
    shown_fields = (
        "prefix",
        "name",
        "institution",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )

    def get_fields(self, request, obj=None):
        return self.shown_fields if obj is not None else ("institution", "name")

    def get_readonly_fields(self, request, obj=None):
        # The name may be corrected; what the key is and whose it is stays.
        return [name for name in self.shown_fields if name != "name"] if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        api_key, key = services.api_key_issue(
            institution=obj.institution, name=obj.name, by=request.user
        )
        obj.pk, obj.prefix, obj.created_at = api_key.pk, api_key.prefix, api_key.created_at
        obj._state.adding = False
        self.message_user(
            request,
            _(
                "The key of %(institution)s is %(key)s. Copy it now and give it to the "
                "institution: it is not stored and will not be shown again. Their client "
                "sends it in the %(header)s header."
            )
            % {"institution": obj.institution, "key": key, "header": KEY_HEADER},
            messages.WARNING,
        )
