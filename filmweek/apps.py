from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilmweekConfig(AppConfig):
    name = "filmweek"
    verbose_name = _("Films and film weeks")
