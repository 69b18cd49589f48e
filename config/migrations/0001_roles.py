"""The staff roles of config.roles (Administrators, Editors, Membership managers, Viewers),
so that every installation has them. Permissions are normally created after the migrations
(post_migrate); they are created here first for the models that exist at this point."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from config.roles import sync_roles


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    sync_roles(apps, using=using)


def remove_roles(apps, schema_editor):
    from config.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("alliance", "0006_history_and_versions"),
        ("filmweek", "0003_history_and_versions"),
        ("screenings", "0004_history_and_versions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
