"""The OpenAPI description of every operation, with the answers that are not a 200: a 400
naming the parameter where an operation takes query parameters, a 404 where it takes a key in
its path, and on every operation the 401 and 429 of the rate limits (api/throttling.py).
Generic, so an endpoint added later is described the same way."""

from drf_spectacular.openapi import AutoSchema

from api.models import KEY_HEADER

DETAIL = {
    "application/json": {
        "schema": {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        }
    }
}
ERRORS = {"type": "array", "items": {"type": "string"}}
BAD_REQUEST = {
    "description": "A parameter has a value the list does not accept: its name, and why.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": ERRORS},
        }
    },
}
NOT_FOUND = {"description": "No published record has this key.", "content": DETAIL}
UNKNOWN_KEY = {"description": f"The {KEY_HEADER} is unknown or revoked.", "content": DETAIL}
OVER_THE_RATE = {
    "description": "Over the rate limit.",
    "headers": {
        "Retry-After": {
            "description": "Seconds until the rate allows a request again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": DETAIL,
}


class CatalogAutoSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        if "query" in places:
            operation["responses"].setdefault("400", BAD_REQUEST)
        if "path" in places:
            operation["responses"].setdefault("404", NOT_FOUND)
        operation["responses"].setdefault("401", UNKNOWN_KEY)
        operation["responses"].setdefault("429", OVER_THE_RATE)
        return operation
