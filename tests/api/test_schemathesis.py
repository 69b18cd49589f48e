"""schemathesis against the live schema: every operation /api/v1/schema/ lists (so also the
endpoints added after this test), up to 100 generated examples per operation and phase (a run
over the demo catalog sent 102 to 549 requests to each operation that takes a parameter, 9 to
the API root, which takes none), served with the page cache on, as in production. Its stateful
phase follows the links it infers from the lists' `slug`s to the detail endpoints, so the details
answer real records and not only 404s. Any failure fails the test with schemathesis's report
(each with a curl to reproduce it and the seed of the run)."""

import subprocess
import sys

import pytest
from django.test.testcases import QuietWSGIRequestHandler

from tests.records import published_screening, published_session

EXAMPLES_PER_OPERATION = 100
CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    # A read-only API: any other method is a 405 naming the allowed ones.
    "unsupported_method",
    "allow_header_conformance",
    "missing_required_header",
    "ignored_auth",
]
# Left out: positive_data_acceptance (a filter's choices are the catalog's own rows, e.g. the
# years that have a film week, so a value in the schema's range may be a documented 400),
# negative_data_rejection (the lists share the HTML pages' FilterSets, where an empty value means
# "any"), use_after_free and ensure_resource_availability (they need writes; there are none),
# object_level_authorization (every record is public).


@pytest.fixture
def schedule(demo):
    """The demo catalog has no venue and no screening: a published venue with one of each."""
    screening = published_screening()
    published_session(venue=screening.venue)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("schedule", "page_cache_on", "throttle_off")
def test_schemathesis_finds_no_failure_in_any_operation(live_server, tmp_path, monkeypatch):
    # The live server writes an answer's head and body apart: without this, each request on a
    # kept-alive connection waits 40 ms for the client's delayed acknowledgement.
    monkeypatch.setattr(QuietWSGIRequestHandler, "disable_nagle_algorithm", True)
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        f"--max-examples={EXAMPLES_PER_OPERATION}",
        f"--checks={','.join(CHECKS)}",
        "--workers=1",  # the live server shares one connection to an in-memory SQLite database
        "--request-timeout=30",
        # Generation slowed by a busy CI machine is not a fault of the API.
        "--suppress-health-check=too_slow",
        "--no-color",
    ]

    # In a folder of its own: schemathesis keeps its examples database in the working folder.
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)

    assert run.returncode == 0, run.stdout + run.stderr
