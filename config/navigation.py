"""The back office's sidebar (django-unfold, settings.UNFOLD): the models grouped by the staff's
tasks rather than by app. Each item carries unfold's `permission` callable, and a group none of
whose items the user may open is left out. Join tables are in no group: they are edited as
inlines of their owner (their admins hide them from the index, core.admin.catalog.InlineOnly)."""

from django.apps import apps
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# (group title, [(model label, Material Symbols icon)])
SECTIONS = [
    (
        _("Catalog"),
        [
            ("filmweek.film", "movie"),
            ("filmweek.person", "person"),
            ("filmweek.award", "emoji_events"),
            ("filmweek.juryservice", "gavel"),
            ("filmweek.language", "translate"),
            ("alliance.country", "public"),
            ("alliance.countrygroup", "workspaces"),
        ],
    ),
    (
        _("Film weeks and programme"),
        [
            ("filmweek.filmweek", "event"),
            ("screenings.venue", "location_on"),
            ("screenings.screening", "theaters"),
            ("filmweek.activity", "celebration"),
            ("screenings.activitysession", "schedule"),
            ("screenings.tour", "route"),
        ],
    ),
    (
        _("Members"),
        [
            ("alliance.institution", "apartment"),
            ("alliance.membership", "card_membership"),
            ("alliance.membershipapplication", "inbox"),
            ("alliance.profilechange", "rate_review"),
            ("alliance.representative", "badge"),
            ("alliance.representativeinvitation", "mail"),
            ("alliance.alliance", "hub"),
            ("alliance.festivaledition", "calendar_month"),
        ],
    ),
    (
        _("Sources and figures"),
        [
            ("alliance.source", "menu_book"),
            ("alliance.milestone", "monitoring"),
            ("filmweek.reportedfigure", "bar_chart"),
            ("filmweek.quote", "format_quote"),
            ("filmweek.incentivepolicy", "payments"),
        ],
    ),
    (
        _("Accounts"),
        [
            ("auth.user", "person"),
            ("auth.group", "group"),
            ("api.apikey", "key"),
            ("axes.accessattempt", "lock"),
            ("axes.accessfailurelog", "block"),
            ("axes.accesslog", "login"),
        ],
    ),
    (
        _("Operations"),
        [
            ("core.importrun", "history"),
            ("core.outgoingemail", "outgoing_mail"),
            ("django_tasks_database.dbtaskresult", "pending_actions"),
        ],
    ),
]
# The lists staff import from a file, in their own group after "Sources and figures".
IMPORTS = (
    _("Imports"),
    ["alliance.institution", "filmweek.film", "filmweek.person", "screenings.screening"],
)
IMPORTS_AFTER = 4
PROGRAMME, PROGRAMME_GRID_AFTER = 1, 3  # in "Film weeks and programme", after the screenings


def may_view(label):
    """unfold's permission callable: whether the user may open the list of `label`."""
    app_label, model_name = label.split(".")

    def permission(request):
        user = request.user
        return user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(
            f"{app_label}.change_{model_name}"
        )

    return permission


def may_import(label):
    """unfold's permission callable: whether the user may import `label` (add and change)."""
    app_label, model_name = label.split(".")

    def permission(request):
        user = request.user
        return user.has_perm(f"{app_label}.add_{model_name}") and user.has_perm(
            f"{app_label}.change_{model_name}"
        )

    return permission


def _title(label):
    return capfirst(apps.get_model(label)._meta.verbose_name_plural)


def _url(label, view):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}")


def model_item(label, icon):
    return {
        "title": _title(label),
        "icon": icon,
        "link": _url(label, "changelist"),
        "permission": may_view(label),
    }


def import_item(label):
    return {
        "title": _title(label),
        "icon": "upload_file",
        "link": _url(label, "import"),
        "permission": may_import(label),
    }


def grid_item():
    """The programme grid of the latest film week, after the screenings."""
    return {
        "title": _("Programme grid"),
        "icon": "calendar_view_week",
        "link": reverse("admin:screenings_screening_grid_latest"),
        "permission": may_view("screenings.screening"),
    }


def groups():
    """Every group with every item, before permissions."""
    by_task = [
        {"title": title, "items": [model_item(label, icon) for label, icon in items]}
        for title, items in SECTIONS
    ]
    programme = by_task[PROGRAMME]["items"]
    programme.insert(PROGRAMME_GRID_AFTER, grid_item())
    title, labels = IMPORTS
    imports = {"title": title, "items": [import_item(label) for label in labels]}
    return [*by_task[:IMPORTS_AFTER], imports, *by_task[IMPORTS_AFTER:]]


def sidebar(request):
    """settings.UNFOLD["SIDEBAR"]["navigation"]: the groups with at least one item the user
    may open (unfold itself asks each item's permission again and shows only those)."""
    return [
        group for group in groups() if any(item["permission"](request) for item in group["items"])
    ]
