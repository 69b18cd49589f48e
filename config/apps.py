from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

CATALOG_APPS = ("alliance", "filmweek", "screenings")


def catalog_models():
    """The models whose writes renew cached pages and values."""
    return [
        model
        for label in CATALOG_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Site"

    def ready(self):
        from config.roles import sync_roles_after_migrate
        from core.cache.versions import watch
        from core.db.rules import restore_sqlite_triggers

        # post_migrate is sent once per app with models; the last app of the chain is enough.
        post_migrate.connect(
            restore_sqlite_triggers,
            sender=apps.get_app_config("screenings"),
            dispatch_uid="restore-sqlite-triggers",
        )
        # A model added later gets its permissions after the roles migration ran: keep every
        # role exactly as config/roles.py defines it. Sent after the last app with models got
        # its permissions.
        post_migrate.connect(
            sync_roles_after_migrate,
            sender=apps.get_app_config("api"),
            dispatch_uid="sync-roles",
        )
        # Every write to the catalog renews the version tokens of the cached pages that show it.
        models = catalog_models()
        watch(models)
