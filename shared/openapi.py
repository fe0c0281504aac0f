"""A service's OpenAPI document, made to say what the service answers: every error as the
RFC 9457 problem it is (`application/problem+json`), with the statuses each route's access rule,
method and parameters can lead to; operation ids named after the route functions; and the
examples the schemas carry shown on the operations.

The gateway adds what only it answers (bad keys, rate limits, outages) and the security schemes
when it merges the services' documents (`services/gateway/openapi.py`)."""

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from shared.errors import PROBLEM_BASE, PROBLEM_JSON, DomainError

REF_PREFIX = "#/components/schemas/"
PROBLEM_REF = {"$ref": f"{REF_PREFIX}Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Identifies the kind of problem"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, for a person to read"},
        "instance": {"type": "string", "description": "The path the problem is about"},
        "request_id": {"type": "string", "description": "Quote it when reporting the problem"},
        "errors": {
            "type": "array",
            "description": "Each field that is not valid, and why",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
    "examples": [
        {
            "type": "https://coalition-hub.org/problems/invalid-input",
            "title": "Invalid input",
            "status": 422,
            "detail": "The request is not valid: check country.",
            "instance": "/v1/directory/organisations",
            "errors": [{"field": "country", "reason": "'XXX' is not an ISO 3166-1 alpha-3 code"}],
        }
    ],
}
DESCRIPTIONS = {
    400: "Bad request",
    401: "No valid API key (send one as `Authorization: Bearer <key>` or `X-API-Key`)",
    403: "The key may not do this",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state",
    412: "`If-Match` does not match the current ETag",
    413: "The request body is too large",
    415: "The body's media type is not accepted",
    422: "A field is not valid (the problem names each one and why)",
    428: "`If-Match` is required",
    429: "Rate limit reached; retry after `Retry-After`",
    502: "An upstream service answered wrongly",
    503: "Temporarily unavailable; retry after `Retry-After`",
    504: "An upstream service timed out",
}
# FastAPI's own validation error schemas, which the problem replaces.
FASTAPI_ERRORS = ("HTTPValidationError", "ValidationError")
WRITES = {"post", "put", "patch", "delete"}


def _subclasses(cls: type[DomainError]) -> list[type[DomainError]]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


# Each status's domain error, for examples (the first one declared, for statuses two share).
_ERRORS: dict[int, type[DomainError]] = {}
for _error in reversed(_subclasses(DomainError)):
    _ERRORS[_error.status] = _error


def operation_id(route: APIRoute) -> str:
    """`search_organisations`, not `search_organisations_v1_directory_organisations_get`."""
    return route.name


RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before sending the request again",
    "required": True,
    "schema": {"type": "string"},
}
LOCATION_HEADER = {
    "description": "The path of what was created (of the run or job, for a 202)",
    "required": True,
    "schema": {"type": "string"},
}
NO_LOCATION = "x-no-location"


def without_location(route_options: dict[str, Any]) -> dict[str, Any]:
    """Route keywords (`access(...)`'s) for a POST whose 201 creates nothing with a path of its
    own (a comment): its document declares no Location."""
    extra = {**route_options.get("openapi_extra", {}), NO_LOCATION: True}
    return {**route_options, "openapi_extra": extra}


def problem_response(status: int) -> dict[str, Any]:
    description = DESCRIPTIONS.get(status, "Problem")
    example = PROBLEM_SCHEMA["examples"][0]
    if status != 422:
        error = _ERRORS.get(status, DomainError)
        example = {"type": f"{PROBLEM_BASE}{error.slug}", "title": error.title, "status": status, "detail": description}
    response = {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF, "example": example}}}
    if status in (429, 503):
        response["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
    return response


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Route keyword `responses=` for statuses a route answers beyond what its rule, method and
    parameters imply (see `_statuses`)."""
    return {status: problem_response(status) for status in statuses}


def documents(
    *media_types: str, description: str = "The document", json_schema: dict[str, Any] | None = None
) -> dict[int | str, Any]:
    """Route keyword `responses=` for a 200 that is a file rather than a JSON answer (CSV, HTML,
    PDF…), in any of `media_types`; a JSON file is described by `json_schema`."""

    def schema(media_type: str) -> dict[str, Any]:
        if media_type.endswith("json"):
            return json_schema or {"type": "object"}
        if media_type.startswith("text/") or "csv" in media_type or "xml" in media_type:
            return {"type": "string"}
        return {"type": "string", "format": "binary"}

    return {200: {"description": description, "content": {m: {"schema": schema(m)} for m in media_types}}}


def also(model: type, **descriptions: str) -> dict[int | str, Any]:
    """Route keyword `responses=` for the other success statuses a route answers with the same
    model: `also(ObservationRead, **{"201": "A new value"})`."""
    return {int(status): {"model": model, "description": text} for status, text in descriptions.items()}


def open_to_anonymous(operation: dict[str, Any]) -> bool:
    """Whether the operation's declared rule (`x-access`) admits callers without a key: those
    rules, and only they, have names starting with "public" (shared.auth.access checks it)."""
    return str(operation.get("x-access", "")).startswith("public")


def _statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """The problems a service can answer for an operation, from what it declares."""
    statuses: set[int] = set()
    parameters = operation.get("parameters", [])
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "x-access" in operation and not open_to_anonymous(operation):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if method in WRITES:
        statuses.add(409)
    if method in ("patch", "delete"):
        statuses |= {412, 428}
    if method == "put" and any(p.get("name") == "If-Match" for p in parameters):
        statuses.add(412)  # optional on a PUT (shared/preconditions.py, check_put): no 428
    return statuses


def _example_of(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    ref = schema.get("$ref", "")
    if ref.startswith(REF_PREFIX):
        examples = components.get(ref[len(REF_PREFIX) :], {}).get("examples")
        return examples[0] if examples else None
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        item = _example_of(schema["items"], components)
        return None if item is None else [item]
    return None


def _show_examples(operation: dict[str, Any], components: dict[str, Any]) -> None:
    """A schema's first example becomes the example of each body and answer that uses it."""
    contents = [r.get("content", {}) for r in operation.get("responses", {}).values()]
    contents.append(operation.get("requestBody", {}).get("content", {}))
    for content in contents:
        for media in content.values():
            if "example" not in media and (example := _example_of(media.get("schema", {}), components)) is not None:
                media["example"] = example


ETAG_HEADER = {
    "description": "The answer's version, for If-None-Match (and If-Match where it is a resource's)",
    "schema": {"type": "string"},
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag you hold: 304 with no body while it is current",
    "schema": {"type": "string"},
}


def _conditional(operation: dict[str, Any]) -> None:
    """A GET answers 304 to a current If-None-Match (shared/middleware.py, ConditionalGetMiddleware)."""
    operation.setdefault("parameters", []).append(IF_NONE_MATCH)
    operation["responses"]["304"] = {"description": "Not modified: the ETag sent in If-None-Match is current"}
    if ok := operation["responses"].get("200"):
        ok.setdefault("headers", {})["ETag"] = ETAG_HEADER


def _only_declared_documents(responses: dict[str, Any]) -> None:
    """A route that declares its documents' media types answers in those only, not also in the
    generic type of its response class."""
    content = responses.get("200", {}).get("content", {})
    if len(content) > 1:
        for generic in ("text/plain", "application/json"):
            if generic in content and content[generic].get("schema", {}) in ({}, {"type": "string"}):
                content.pop(generic)


def describe(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document (FastAPI's, completed as the module docstring says)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes, tags=app.openapi_tags
    )
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_ERRORS:
        components.pop(name, None)
    components["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    for item in doc.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation) | {int(s) for s in responses if s[0] in "45"}:
                responses[str(status)] = problem_response(status)
            if method == "get":
                _conditional(operation)
            if method == "post" and not operation.pop(NO_LOCATION, False):
                for created in ("201", "202"):
                    if created in responses:
                        responses[created].setdefault("headers", {})["Location"] = LOCATION_HEADER
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "If-Match" and method != "put":  # 428 without it (shared/preconditions.py)
                    parameter["required"], parameter["schema"] = True, {"type": "string"}
            _only_declared_documents(responses)
            _show_examples(operation, components)
    app.openapi_schema = doc
    return doc
