from django.apps import AppConfig
from django.core import checks

from core.checks import cache_shared_by_workers


class CoreConfig(AppConfig):
    """The bottom layer every app uses; it has no models of its own."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        checks.register(cache_shared_by_workers, checks.Tags.caches)
