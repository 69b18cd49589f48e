"""The request being served, as log lines and error reports describe it. Held in a context
variable, so each thread or task of the server sees its own request."""

import contextvars
from dataclasses import dataclass

from django.http import HttpRequest

OUTSIDE = "-"  # the value of each field on a line written outside a request, or by a visitor


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    path: str  # printable: a control character in the address is escaped
    request: HttpRequest


current = contextvars.ContextVar("current_request", default=None)
_resolving_user = contextvars.ContextVar("resolving_user", default=False)


def printable(text):
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def current_request_id():
    context = current.get()
    return context.request_id if context else OUTSIDE


def current_user_id():
    """The id of the signed-in user of the current request, OUTSIDE for a visitor or outside a
    request, "?" when the user cannot be looked up (the session store or database is down:
    the line is written all the same)."""
    context = current.get()
    user = getattr(context.request, "user", None) if context else None
    # Looking the user up may itself log (a database error): that line gets no user id.
    if user is None or _resolving_user.get():
        return OUTSIDE
    token = _resolving_user.set(True)
    try:
        return str(user.pk) if user.is_authenticated else OUTSIDE
    except Exception:  # whatever the session or auth backend raises
        return "?"
    finally:
        _resolving_user.reset(token)
