from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer every app uses; it has no models of its own."""

    name = "core"
    verbose_name = "Core"
