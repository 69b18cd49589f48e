"""The settings helpers of logging and error reporting (config/observability.py)."""

import sentry_sdk

from config.observability import admins, logging_config, sentry_init, tag_request_id
from core.observability.context import RequestContext, current
from tests.commands import run_manage


def record_init(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    return calls


def test_sentry_init_without_dsn_sets_nothing_up(monkeypatch):
    calls = record_init(monkeypatch)

    assert (sentry_init("", release="r1"), calls) == (False, [])


def test_sentry_init_with_dsn_reports_django_errors_without_personal_data(monkeypatch):
    calls = record_init(monkeypatch)
    dsn = "https://public@errors.example.org/1"

    enabled = sentry_init(dsn, release="r1")

    (options,) = calls
    assert (enabled, options["dsn"], options["release"]) == (True, dsn, "r1")
    assert options["send_default_pii"] is False
    assert [type(i).__name__ for i in options["integrations"]] == ["DjangoIntegration"]
    assert options["before_send"] is tag_request_id


def test_sentry_report_is_tagged_with_the_request_id(rf):
    token = current.set(RequestContext("req-9", "/x", rf.get("/x")))
    try:
        event = tag_request_id({"tags": {"kind": "test"}}, hint={})
    finally:
        current.reset(token)

    assert event["tags"] == {"kind": "test", "request_id": "req-9"}


def test_sentry_report_outside_a_request_gets_no_tag():
    assert tag_request_id({}, hint={}) == {}


def test_admins_are_read_as_name_and_address_pairs():
    assert admins(["Ops Team <ops@example.org>", "dev@example.org"]) == [
        ("Ops Team", "ops@example.org"),
        ("", "dev@example.org"),
    ]


def test_logging_config_mails_request_errors_only_with_admins():
    with_admins = logging_config(level="INFO", mail_admins=True)["loggers"]["django.request"]
    without = logging_config(level="INFO", mail_admins=False)["loggers"]["django.request"]

    assert (with_admins["handlers"], without["handlers"]) == (["mail_admins"], [])


def test_settings_log_to_stderr_at_the_chosen_level(settings):
    assert settings.LOGGING["root"] == {"handlers": ["stderr"], "level": "INFO"}
    assert settings.LOGGING["handlers"]["stderr"]["filters"] == ["request_context"]


def test_settings_with_unknown_log_level_give_one_line():
    result = run_manage("check", DEBUG="1", LOG_LEVEL="loud")

    assert (result.returncode, result.stderr.strip()) == (
        1,
        "Configuration error: LOG_LEVEL is malformed ('LOUD'): "
        "use DEBUG, INFO, WARNING, ERROR or CRITICAL",
    )
