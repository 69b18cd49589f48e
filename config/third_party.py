"""Names the back office shows from libraries that have no Chinese of their own: django-axes'
app and models. Listed here so that makemessages keeps them in the project's catalog."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

AXES_MODEL_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
)


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")
