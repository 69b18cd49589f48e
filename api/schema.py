"""The OpenAPI description of every operation, with the answers that are not a 200: a 400
naming the parameter where an operation takes query parameters, a 404 where it takes a key in
its path. Generic, so an endpoint added later is described the same way."""

from drf_spectacular.openapi import AutoSchema

ERRORS = {"type": "array", "items": {"type": "string"}}
BAD_REQUEST = {
    "description": "A parameter has a value the list does not accept: its name, and why.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": ERRORS},
        }
    },
}
NOT_FOUND = {
    "description": "No published record has this key.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
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
        return operation
