"""The logging filter that writes the request context into every record."""

import logging

from core.observability.context import OUTSIDE, current, current_request_id, current_user_id


class RequestContextFilter(logging.Filter):
    """Gives each record `request_id`, `user_id` and `path` (OUTSIDE outside a request), for the
    format of the LOGGING handlers. It drops nothing."""

    def filter(self, record):
        context = current.get()
        record.request_id = current_request_id()
        record.user_id = current_user_id()
        record.path = context.path if context else OUTSIDE
        return True
