"""The settings of logging, error reporting and metrics, as functions of the environment's
values (config/settings.py calls them)."""

from email.utils import parseaddr

from core.observability.context import OUTSIDE, current_request_id

LOG_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s "
    "[request=%(request_id)s user=%(user_id)s path=%(path)s] %(message)s"
)


def logging_config(*, level, mail_admins):
    """Every record on stderr, one line each with the request context, tracebacks included
    (django.request logs a 500 with its traceback at ERROR); with `mail_admins`, errors of
    requests are also emailed to ADMINS."""
    request_handlers = ["mail_admins"] if mail_admins else []
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "core.observability.logs.RequestContextFilter"}},
        "formatters": {"line": {"format": LOG_FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "filters": ["request_context"],
                "formatter": "line",
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["request_context"],
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Named so that Django's own handlers (a console one when DEBUG is on, mail_admins
            # when it is off) are replaced: django's records reach stderr once, through root.
            "django": {"handlers": [], "level": level},
            "django.request": {"handlers": request_handlers, "level": level},
        },
    }


def admins(addresses):
    """["Ops <ops@example.org>", "a@example.org"] -> Django's ADMINS pairs (name, address)."""
    return [parseaddr(address) for address in addresses]


def tag_request_id(event, hint):
    """Sentry's before_send: the report names the request id its log lines carry."""
    request_id = current_request_id()
    if request_id != OUTSIDE:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(dsn, *, release):
    """Report errors to Sentry when `dsn` is set; nothing happens without it. Personal data
    (user details, cookies, addresses, request bodies) is not sent. True when it was set up."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        release=release,
        before_send=tag_request_id,
    )
    return True
