"""The admins of other packages' models (accounts, sign-in throttling, task results) in the
back office's theme: django-unfold styles only admins built on its ModelAdmin, so these are
registered again as such, with every behaviour of the package's own admin; and the admins of
core's records of the background tasks."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django_tasks_db.admin import DBTaskResultAdmin as TasksDBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from core.admin.operations import ImportRunAdmin, OutgoingEmailAdmin
from core.models import ImportRun, OutgoingEmail


class UserAdmin(auth_admin.UserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm


class GroupAdmin(auth_admin.GroupAdmin, ModelAdmin):
    pass


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin, ModelAdmin):
    pass


class AccessLogAdmin(axes_admin.AccessLogAdmin, ModelAdmin):
    pass


class AccessFailureLogAdmin(axes_admin.AccessFailureLogAdmin, ModelAdmin):
    pass


class DBTaskResultAdmin(TasksDBTaskResultAdmin, ModelAdmin):
    pass


for model, model_admin in [
    (User, UserAdmin),
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (DBTaskResult, DBTaskResultAdmin),
]:
    if admin.site.is_registered(model):  # axes registers its admins unless told not to
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

admin.site.register(OutgoingEmail, OutgoingEmailAdmin)
admin.site.register(ImportRun, ImportRunAdmin)
