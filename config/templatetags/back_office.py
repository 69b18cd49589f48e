"""The admin home's dashboard: what waits for each role, each part shown only to staff who may
see that kind of record, so that a role's groups decide what it sees.

- Editors: record counts (with the drafts still to publish), the drafts they saved, the next
  film week with its counts, the latest changes.
- Membership managers: applications and profile changes waiting for a decision,
  representatives invited who have not signed in yet, failed emails and imports, the latest
  changes.
- Viewers: the next film week and the latest changes (and the record counts).
- Administrators: all of it.

Failed emails and imports (core's records of the background tasks) are counted for those who
may see them: editors see failed imports. Each part makes a fixed number of queries whatever
the number of records."""

import datetime
from dataclasses import dataclass

from django import template
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from core.admin.counts import ESTIMATE_FROM_ROWS, estimated_rows
from core.models import EmailState, ImportState, Publishable, Status

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
DRAFTS_SHOWN = 5
INVITATIONS_SHOWN = 5
# Emails given up (until someone sends them again) and imports that wrote nothing lately.
FAILED = {
    "core.OutgoingEmail": (EmailState.FAILED, None),
    "core.ImportRun": (ImportState.FAILED, 7),  # days
}


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


@dataclass
class Failed:
    name: str
    url: str
    total: int


@dataclass
class NextFilmWeek:
    film_week: object
    url: str
    films: int
    screenings: int
    venues: int
    sessions: int


@dataclass
class Invitations:
    url: str
    open: int
    expired: int
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


def may_change(user, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")


def drafts_touched(user):
    """The drafts `user` saved at least once (a history record of theirs), latest change
    first: one query per kind of publishable record the user may change; None when they may
    change none."""
    kinds = [m for m in apps.get_models() if issubclass(m, Publishable) and may_change(user, m)]
    if not kinds:
        return None
    drafts = []
    for model in kinds:
        saved_by_user = model.history.filter(history_user_id=user.pk).values("id")
        drafts += model._default_manager.filter(status=Status.DRAFT, pk__in=saved_by_user).order_by(
            "-updated_at"
        )[:DRAFTS_SHOWN]
    drafts.sort(key=lambda record: record.updated_at, reverse=True)
    return [
        (record, change_url(record), record._meta.verbose_name) for record in drafts[:DRAFTS_SHOWN]
    ]


def rows_counted(rows):
    """COUNT(*) of `rows` as a subquery of the outer row (rows filtered on its OuterRef)."""
    counted = rows.order_by().annotate(count=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("count"), output_field=IntegerField())


def upcoming_film_weeks(today):
    """Film weeks not over yet: by their last day, else their first day, else their year."""
    FilmWeek = apps.get_model("filmweek.FilmWeek")
    return FilmWeek.objects.filter(
        Q(ends_on__gte=today)
        | Q(ends_on__isnull=True, starts_on__gte=today)
        | Q(ends_on__isnull=True, starts_on__isnull=True, year__gte=today.year)
    ).order_by("year", F("starts_on").asc(nulls_last=True), "pk")


def next_film_week(user):
    """The next (or current) film week with its films, screenings, venues and activity
    sessions counted, in one query; None when there is none or the user may not see it."""
    FilmWeek = apps.get_model("filmweek.FilmWeek")
    if not may_see(user, FilmWeek):
        return None
    Selection = apps.get_model("filmweek.Selection")
    Screening = apps.get_model("screenings.Screening")
    ActivitySession = apps.get_model("screenings.ActivitySession")
    Venue = apps.get_model("screenings.Venue")
    screenings = Screening.objects.filter(film_week=OuterRef("pk"))
    sessions = ActivitySession.objects.filter(activity__film_week=OuterRef("pk"))
    screenings_of_week = Screening.objects.filter(film_week=OuterRef(OuterRef("pk")))
    sessions_of_week = ActivitySession.objects.filter(activity__film_week=OuterRef(OuterRef("pk")))
    venues = Venue.objects.filter(
        Q(pk__in=screenings_of_week.values("venue")) | Q(pk__in=sessions_of_week.values("venue"))
    )
    film_week = (
        upcoming_film_weeks(timezone.localdate())
        .annotate(
            films_count=rows_counted(Selection.objects.filter(film_week=OuterRef("pk"))),
            screenings_count=rows_counted(screenings),
            venues_count=rows_counted(venues),
            sessions_count=rows_counted(sessions),
        )
        .first()
    )
    if film_week is None:
        return None
    return NextFilmWeek(
        film_week=film_week,
        url=change_url(film_week),
        films=film_week.films_count,
        screenings=film_week.screenings_count,
        venues=film_week.venues_count,
        sessions=film_week.sessions_count,
    )


def invitations_waiting(user):
    """Representatives invited who have not accepted (so not signed in) and were not revoked:
    how many may still accept, how many let the link expire, and the latest of them; two
    queries."""
    Invitation = apps.get_model("alliance.RepresentativeInvitation")
    if not may_see(user, Invitation):
        return None
    now = timezone.now()
    unanswered = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    totals = unanswered.aggregate(
        open=models.Count("pk", filter=Q(expires_at__gt=now)),
        expired=models.Count("pk", filter=Q(expires_at__lte=now)),
    )
    latest = unanswered.select_related("institution").order_by("-created_at", "-pk")
    return Invitations(
        url=f"{changelist_url(Invitation)}?accepted_at__isnull=True&revoked_at__isnull=True",
        open=totals["open"],
        expired=totals["expired"],
        latest=[(invitation, change_url(invitation)) for invitation in latest[:INVITATIONS_SHOWN]],
    )


def failed_tasks(user):
    """How many emails and imports failed (imports: in the last days), for those who may see
    them; one query each."""
    rows = []
    for label, (state, days) in FAILED.items():
        model = apps.get_model(label)
        if not may_see(user, model):
            continue
        failed = model._default_manager.filter(state=state)
        url = f"{changelist_url(model)}?state__exact={state}"
        if days is not None:
            since = timezone.localdate() - datetime.timedelta(days=days)
            failed = failed.filter(created_at__date__gte=since)
            url += f"&created_at__date__gte={since.isoformat()}"
        rows.append(Failed(name=model._meta.verbose_name_plural, url=url, total=failed.count()))
    return rows


@register.simple_tag(takes_context=True)
def back_office_dashboard(context):
    """The dashboard's figures, read once per request (the page shows them in two places)."""
    request = context["request"]
    if not hasattr(request, "back_office_dashboard"):
        user = request.user
        request.back_office_dashboard = {
            "counts": counts(user),
            "drafts": drafts_touched(user),
            "next_film_week": next_film_week(user),
            "waiting": waiting(user),
            "invitations": invitations_waiting(user),
            "failed": failed_tasks(user),
            "latest": latest_changes(user),
        }
    return request.back_office_dashboard
