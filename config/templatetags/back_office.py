"""The admin home's dashboard: record counts (with the drafts still to publish), membership
applications and profile changes waiting for a decision, and the latest changes by anyone,
each shown only to staff who may see that kind of record."""

from dataclasses import dataclass

from django import template
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.admin.counts import ESTIMATE_FROM_ROWS, estimated_rows
from core.models import Status

register = template.Library()

COUNTED = (
    "filmweek.Film",
    "filmweek.Person",
    "filmweek.FilmWeek",
    "screenings.Screening",
    "screenings.Venue",
    "screenings.Tour",
    "alliance.Institution",
    "alliance.Membership",
    "alliance.Alliance",
)
# Records waiting for a decision, with what their __str__ reads.
WAITING = {"alliance.MembershipApplication": "alliance", "alliance.ProfileChange": "institution"}
LATEST_CHANGES = 10
WAITING_SHOWN = 5


@dataclass
class Count:
    name: str
    url: str
    total: int
    estimated: bool
    drafts: int | None
    drafts_url: str


@dataclass
class Waiting:
    name: str
    url: str
    total: int
    latest: list


def may_see(user, model):
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def record_count(model):
    estimate = estimated_rows(model)
    if estimate >= ESTIMATE_FROM_ROWS:
        return estimate, True
    return model._default_manager.count(), False


def counts(user):
    rows = []
    for label in COUNTED:
        model = apps.get_model(label)
        if not may_see(user, model):
            continue
        total, estimated = record_count(model)
        publishable = any(field.name == "status" for field in model._meta.fields)
        drafts = model._default_manager.filter(status=Status.DRAFT).count() if publishable else None
        url = changelist_url(model)
        rows.append(
            Count(
                name=model._meta.verbose_name_plural,
                url=url,
                total=total,
                estimated=estimated,
                drafts=drafts,
                drafts_url=f"{url}?status__exact={Status.DRAFT}",
            )
        )
    return rows


def waiting(user):
    rows = []
    for label, related in WAITING.items():
        model = apps.get_model(label)
        if not may_see(user, model):
            continue
        pending = model._default_manager.filter(status="pending")
        rows.append(
            Waiting(
                name=model._meta.verbose_name_plural,
                url=changelist_url(model),
                total=pending.count(),
                latest=[
                    (record, change_url(record))
                    for record in pending.select_related(related).order_by("-submitted_at")[
                        :WAITING_SHOWN
                    ]
                ],
            )
        )
    return rows


def latest_changes(user):
    """The latest admin log entries of every user, of the kinds of record `user` may see."""
    visible = [model for model in apps.get_models() if may_see(user, model)]
    if not visible:
        return []
    types = ContentType.objects.get_for_models(*visible).values()
    return list(
        LogEntry.objects.filter(content_type__in=types)
        .select_related("content_type", "user")
        .order_by("-action_time")[:LATEST_CHANGES]
    )


@register.simple_tag(takes_context=True)
def back_office_dashboard(context):
    """The dashboard's figures, read once per request (the page shows them in two places)."""
    request = context["request"]
    if not hasattr(request, "back_office_dashboard"):
        user = request.user
        request.back_office_dashboard = {
            "counts": counts(user),
            "waiting": waiting(user),
            "latest": latest_changes(user),
        }
    return request.back_office_dashboard
