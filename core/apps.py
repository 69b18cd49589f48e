from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created

from core.checks import (
    cache_shared_by_workers,
    replica_pin_outlasts_lag,
    state_shared_by_instances,
)
from core.db.faults import watch_writes
from core.search.text import register_search_functions


class CoreConfig(AppConfig):
    """The bottom layer every app uses; its only models record what the background tasks did."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        checks.register(cache_shared_by_workers, checks.Tags.caches)
        checks.register(state_shared_by_instances, checks.Tags.caches)
        checks.register(replica_pin_outlasts_lag, checks.Tags.database)
        connection_created.connect(watch_writes)
        connection_created.connect(register_search_functions)
