"""Import runs: a long file name, the history's author when a worker runs the import, and
`import_catalog --commit` without storing the file."""

import pytest
from django.core.management import call_command
from django.db.models.signals import pre_save

from core.imports.runs import import_run_start, short_file_name
from core.models import ImportRun, ImportState
from filmweek.models import Film
from filmweek.resources import FilmResource
from tests.factories import make_user
from tests.imports import admin_url, csv_bytes, preview
from tests.tasks import database_tasks, member_of, run_worker  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

GOOD = [["title_original", "title_en", "year"], ["Film A", "Film A", "2001"]]


def test_confirm_with_a_very_long_file_name_records_it_cut(client):
    client.force_login(member_of("Editors"))
    previewed = preview(client, Film, csv_bytes(GOOD), name="films.csv")
    data = {**previewed.context["confirm_form"].initial, "original_file_name": "x" * 300 + ".csv"}

    response = client.post(admin_url(Film, "process_import"), data)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.state, len(run.file_name), run.file_name[-4:]) == (ImportState.DONE, 255, ".csv")


def test_short_file_name_keeps_a_short_name_and_drops_folders():
    assert short_file_name("exports/2026/films.csv") == "films.csv"


@pytest.mark.django_db(transaction=True)  # the worker commits
@pytest.mark.usefixtures("reference_rows")
@pytest.mark.usefixtures("database_tasks")
def test_import_run_by_the_worker_names_its_starter_in_the_history():
    editor = make_user(is_staff=True)
    import_run_start(
        resource_class=FilmResource, data=csv_bytes(GOOD), file_format="csv", user=editor
    )

    run_worker()

    film = Film.objects.get()
    assert ImportRun.objects.get().state == ImportState.DONE
    assert film.history.get().history_user == editor


def test_import_catalog_commit_never_stores_the_file(tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes(GOOD))
    stored = []

    def remember(sender, instance, **kwargs):
        stored.append(instance.data)

    pre_save.connect(remember, sender=ImportRun)
    try:
        call_command("import_catalog", "films", str(path), "--commit")
    finally:
        pre_save.disconnect(remember, sender=ImportRun)

    assert ImportRun.objects.get().state == ImportState.DONE
    assert stored and all(data is None for data in stored)


def test_import_catalog_queue_on_the_immediate_backend_says_it_ran(tmp_path, capsys):
    path = tmp_path / "films.csv"
    path.write_bytes(csv_bytes(GOOD))

    call_command("import_catalog", "films", str(path), "--commit", "--queue")

    out = capsys.readouterr().out
    assert "the import has run here" in out
    assert "Written: 1 new" in out
    assert Film.objects.count() == 1
