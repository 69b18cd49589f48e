"""The open-data page (/<lang>/open-data/) and the download of its zip
(/open-data/catalog-<token>.zip; /open-data/catalog.zip leads to the current one)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from api.open_data_archive import archive_for, current_archive, newest_archive
from api.open_data_tables import TABLES

# How long a request waits for a build it started: a small catalog's archive is served at once.
PAGE_WAIT_SECONDS = 2
DOWNLOAD_WAIT_SECONDS = 10
RETRY_AFTER_SECONDS = 60


@require_safe
def open_data_page(request):
    archive, current = current_archive(wait=PAGE_WAIT_SECONDS)
    counts = archive.counts if archive else {}
    tables = [
        {
            "name": table.name,
            "title": table.title,
            "rows": counts.get(table.name),
            "columns": [column.name for column in table.columns],
        }
        for table in TABLES
    ]
    context = {"archive": archive, "current": current, "tables": tables}
    return render(request, "api/open_data.html", context)


def _not_ready():
    response = HttpResponse(
        _("The open-data archive is being prepared; try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def open_data_latest(request):
    """A redirect to the archive of the current catalog (or the newest one while it is built)."""
    archive, _current = current_archive(wait=DOWNLOAD_WAIT_SECONDS)
    if archive is None:
        return _not_ready()
    response = redirect("open-data-download", token=archive.token)
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def open_data_download(request, token):
    """The zip of `token`: it never changes, so it is cached for a day; a token that is not
    kept any more leads to the newest archive."""
    archive = archive_for(token)
    if archive is None:
        return redirect("open-data-latest") if newest_archive() else _not_ready()
    etag = f'"{archive.token}"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(archive.built_at.timestamp()),
        "Cache-Control": "public, max-age=86400, immutable",
    }
    response = get_conditional_response(
        request, etag=etag, last_modified=int(archive.built_at.timestamp())
    ) or FileResponse(
        default_storage.open(archive.path),
        as_attachment=True,
        filename=archive.download_name,
        content_type="application/zip",
    )
    for name, value in headers.items():
        response[name] = value
    return response
