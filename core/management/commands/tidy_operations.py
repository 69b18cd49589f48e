import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.imports.runs import import_runs_tidy
from core.mail import emails_tidy


class Command(BaseCommand):
    help = (
        "Keep the background tasks' records right; run it from cron every few minutes (e.g. "
        "*/5 * * * *). Sends again the emails whose task was lost (queued or due for a retry "
        "more than --overdue-minutes ago, or being sent for more than an hour), marks the "
        "import runs running for more than --stuck-minutes as failed (their worker died) and "
        "drops their file; with --prune-days N, deletes the emails sent and the import runs "
        "finished more than N days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--overdue-minutes", type=positive, default=5)
        parser.add_argument("--stuck-minutes", type=positive, default=60)
        parser.add_argument("--prune-days", type=positive, default=None)

    def handle(self, *args, overdue_minutes, stuck_minutes, prune_days, **options):
        now = timezone.now()
        stuck_before = now - datetime.timedelta(minutes=stuck_minutes)
        prune_before = None if prune_days is None else now - datetime.timedelta(days=prune_days)
        requeued, emails_deleted = emails_tidy(
            overdue_before=now - datetime.timedelta(minutes=overdue_minutes),
            stuck_before=stuck_before,
            prune_before=prune_before,
        )
        failed, runs_deleted = import_runs_tidy(stuck_after=stuck_before, prune_before=prune_before)
        self.stdout.write(
            f"{requeued} emails queued again, {failed} stuck import runs marked failed, "
            f"{emails_deleted} sent emails and {runs_deleted} finished import runs deleted."
        )


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number
