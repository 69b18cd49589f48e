"""Imports run as tasks: the admin's confirmation and `manage.py import_catalog --commit`
record an ImportRun with its counts and problems, shown on the run's page."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from core.imports.runs import import_run_start, record_progress
from core.models import ImportRun, ImportState
from filmweek.models import Film
from filmweek.resources import FilmResource
from tests.factories import make_user
from tests.imports import admin_url, csv_bytes, import_file, preview
from tests.tasks import (  # noqa: F401 (fixtures)
    admin_answers_to_a_superuser,
    database_tasks,
    member_of,
)

pytestmark = pytest.mark.django_db

HEADER = ["title_original", "title_en", "year"]
GOOD = [HEADER, ["Film A", "Film A", "2001"], ["Film B", "Film B", "2002"]]
BAD_YEAR = [HEADER, ["Film A", "Film A", "19x9"]]


def start(rows, user=None):
    return import_run_start(
        resource_class=FilmResource,
        data=csv_bytes(rows),
        file_format="csv",
        file_name="films.csv",
        user=user,
    )


def test_admin_import_runs_as_a_task_and_leads_to_its_result(client):
    editor = member_of("Editors")
    client.force_login(editor)

    _previewed, confirmed = import_file(client, Film, csv_bytes(GOOD), name="films.csv")
    page = client.get(confirmed["Location"])

    run = ImportRun.objects.get()
    assert confirmed["Location"] == admin_url(ImportRun, "change", run.pk)
    assert (run.state, run.rows, run.new, run.updated, run.skipped, run.errors) == (
        ImportState.DONE,
        2,
        2,
        0,
        0,
        0,
    )
    assert (run.user, run.file_name, run.model_label, run.data) == (
        editor,
        "films.csv",
        "filmweek.film",
        None,
    )
    assert page.status_code == 200
    assert "Import finished: 2 new, 0 updated, 0 unchanged films." in page.content.decode()
    assert LogEntry.objects.filter(user=editor, action_flag=ADDITION).count() == 2


def test_import_run_of_a_bad_file_records_its_problems_and_writes_nothing():
    run = start(BAD_YEAR)

    assert (run.state, run.errors, Film.objects.count()) == (ImportState.FAILED, 1, 0)
    assert run.problems == [
        "Row 2, column “year”, value “19x9”: expected a whole number from 1880 to 2100."
    ]


def test_import_run_problems_are_in_the_language_of_who_started_it():
    with translation.override("zh-hans"):
        run = start(BAD_YEAR)

    assert run.language == "zh-hans"
    assert run.problems[0].startswith("第2行，“year”列，值“19x9”")


def test_import_run_of_an_unreadable_file_says_why():
    run = import_run_start(
        resource_class=FilmResource, data=b"\xff\xfe\x00garbage", file_format="xlsx"
    )

    assert run.state == ImportState.FAILED
    assert len(run.problems) == 1
    assert "Traceback" not in run.problems[0]


@pytest.mark.usefixtures("database_tasks")
def test_import_run_on_the_database_backend_waits_for_the_worker_and_its_page_reloads(client):
    editor = member_of("Editors")
    client.force_login(editor)

    run = start(GOOD, user=editor)
    html = client.get(admin_url(ImportRun, "change", run.pk)).content.decode()

    assert run.state == ImportState.QUEUED
    assert bytes(run.data) == csv_bytes(GOOD)
    assert "waiting for a worker" in html
    assert '<meta http-equiv="refresh"' in html


@pytest.mark.usefixtures("database_tasks")
def test_import_run_page_shows_the_rows_checked_while_it_runs(client):
    editor = member_of("Editors")
    client.force_login(editor)
    run = start(GOOD, user=editor)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.RUNNING, started_at=timezone.now())

    record_progress(run.pk, 100, 300)
    html = client.get(admin_url(ImportRun, "change", run.pk)).content.decode()

    assert "100 rows checked" in html


def test_import_run_of_someone_else_is_refused_to_staff_without_the_permission(client):
    run = start(GOOD, user=member_of("Editors"))
    client.force_login(make_user(is_staff=True))

    response = client.get(admin_url(ImportRun, "change", run.pk))

    assert response.status_code == 403


def test_import_run_admin_is_read_only(client):
    run = start(GOOD)

    answers = admin_answers_to_a_superuser(client, run, {"state": "queued"})

    run.refresh_from_db()
    assert answers == (200, False, 403, 403)
    assert run.state == ImportState.DONE


def test_import_catalog_commit_records_an_import_run(tmp_path, capsys):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes(GOOD))

    call_command("import_catalog", "films", str(path), "--commit")

    run = ImportRun.objects.get()
    assert (run.state, run.new, run.file_name, run.user) == (ImportState.DONE, 2, "films.csv", None)
    assert f"Written: 2 new, 0 updated, 0 unchanged, 0 with errors (import run {run.pk})." in (
        capsys.readouterr().out
    )


def test_import_catalog_commit_of_a_bad_file_fails_with_the_problems(tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes(BAD_YEAR))

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_catalog", "films", str(path), "--commit")

    assert ImportRun.objects.get().state == ImportState.FAILED


@pytest.mark.usefixtures("database_tasks")
def test_import_catalog_queue_leaves_the_import_to_the_worker(tmp_path, capsys):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes(GOOD))

    call_command("import_catalog", "films", str(path), "--commit", "--queue")

    run = ImportRun.objects.get()
    assert (run.state, Film.objects.count()) == (ImportState.QUEUED, 0)
    assert f"Queued as import run {run.pk}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "changes", [{"import_file_name": "no-such-file.csv"}, {"format": "9"}, {"format": "x"}]
)
def test_confirmation_of_a_gone_or_altered_preview_asks_for_the_file_again(client, changes):
    client.force_login(member_of("Editors"))
    previewed = preview(client, Film, csv_bytes(GOOD))
    form = {**previewed.context["confirm_form"].initial, **changes}

    response = client.post(admin_url(Film, "process_import"), form)

    assert response.status_code == 200
    assert "upload the file again" in response.content.decode()
    assert ImportRun.objects.count() == 0
