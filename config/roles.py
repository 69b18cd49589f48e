"""The staff roles: four groups whose permissions are defined here, created by the migration
config/0001_roles so that every installation has them, and brought back to this definition by
`sync_roles` (load_demo calls it; a later migration that adds models calls it again so that
Administrators and Viewers cover them).

- Administrators: every permission of the site.
- Editors: films, people, credits, awards, film weeks and everything else of the film weeks,
  screenings, venues and tours, with the sources and festival editions they cite; they see
  (for choosing them) institutions, alliances and countries, and never users or memberships.
- Membership managers: institutions, memberships, membership applications, representatives,
  their invitations, the review of profile changes and the institutions' API keys; they see
  countries, alliances, sources, festival editions and user accounts (to name a
  representative).
- Viewers: read every catalog record; no personal data of the member self-service.

Editors and membership managers see the import runs (they import films, people, screenings and
institutions); membership managers also the outgoing emails, which they may send again (most
emails are theirs: invitations, decisions on applications and profile changes).

A staff account gets its role by joining the group; a permission given to the group by hand
is undone by the next `sync_roles`.
"""

from django.apps import apps as global_apps

FULL = ("add", "change", "delete", "view")
VIEW = ("view",)
ALL = "*"

ALLIANCE_CATALOG = (
    "country",
    "countrygroup",
    "source",
    "institution",
    "festivaledition",
    "alliance",
    "allianceitem",
    "allianceunit",
    "membership",
    "milestone",
)
SELF_SERVICE = (
    "membershipapplication",
    "applicationanswer",
    "representative",
    "representativeinvitation",
    "profilechange",
)

# Role: [(app label, model names or ALL, actions or ALL)]. ALL models leaves out the
# historical tables of django-simple-history (their admin pages ask for the record's own
# permissions).
ROLES = {
    "Administrators": [(ALL, ALL, ALL)],
    "Editors": [
        ("filmweek", ALL, FULL),
        ("screenings", ALL, FULL),
        ("alliance", ("source", "festivaledition"), FULL),
        ("alliance", ("country", "countrygroup", "institution", "alliance"), VIEW),
        ("core", ("importrun",), VIEW),
    ],
    "Membership managers": [
        ("alliance", ("institution", "membership", *SELF_SERVICE), FULL),
        ("api", ("apikey",), FULL),
        ("alliance", ("country", "alliance", "source", "festivaledition"), VIEW),
        ("auth", ("user",), VIEW),
        ("core", ("importrun",), VIEW),
        ("core", ("outgoingemail",), ("view", "change")),
    ],
    "Viewers": [
        ("alliance", ALLIANCE_CATALOG, VIEW),
        ("filmweek", ALL, VIEW),
        ("screenings", ALL, VIEW),
    ],
}


def _grants(rule, app_label, model, codename):
    rule_app, rule_models, rule_actions = rule
    if rule_app != ALL and rule_app != app_label:
        return False
    if rule_models == ALL:
        if rule_app != ALL and model.startswith("historical"):
            return False
    elif model not in rule_models:
        return False
    action = codename.split("_", 1)[0]
    return rule_actions == ALL or (action in rule_actions and codename == f"{action}_{model}")


def role_permissions(role, permissions):
    """The permissions among `permissions` (with their content types) that `role` holds."""
    return [
        permission
        for permission in permissions
        if any(
            _grants(
                rule,
                permission.content_type.app_label,
                permission.content_type.model,
                permission.codename,
            )
            for rule in ROLES[role]
        )
    ]


def sync_roles(apps=global_apps, using="default"):
    """Create the role groups that are missing and give each exactly its permissions;
    {name: group}. Writes nothing when they are already so."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.using(using).select_related("content_type"))
    groups = {}
    for role in ROLES:
        group = Group.objects.using(using).filter(name=role).first()
        if group is None:
            group = Group.objects.using(using).create(name=role)
        wanted = role_permissions(role, permissions)
        if set(group.permissions.values_list("pk", flat=True)) != {p.pk for p in wanted}:
            group.permissions.set(wanted)
        groups[role] = group
    return groups


def sync_roles_after_migrate(using="default", apps=global_apps, **kwargs):
    """post_migrate receiver: the roles of every model, including those added since 0001."""
    sync_roles(apps=apps, using=using)
