"""RFC 9457 problem+json: domain errors carry their status; one set of handlers renders them."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import asyncpg
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from shared.request_context import request_id_var

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://coalition-hub.org/problems/"
log = logging.getLogger("hub.errors")
# What FastAPI says of a body it cannot decode (fastapi.routing), answered as invalid input.
BODY_PARSE_ERROR = "There was an error parsing the body"


class DomainError(Exception):
    status = 400
    title = "Bad request"
    slug = "bad-request"
    headers: dict[str, str] | None = None

    def __init__(
        self, detail: str, *, errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        if headers is not None:
            self.headers = headers


class Unauthorized(DomainError):
    status, title, slug = 401, "Authentication required", "unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="coalition-hub"'}


class Forbidden(DomainError):
    status, title, slug = 403, "Forbidden", "forbidden"


class TooManyRequests(DomainError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class NotFound(DomainError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(DomainError):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(DomainError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class PreconditionRequired(DomainError):
    status, title, slug = 428, "Precondition required", "precondition-required"


class InvalidInput(DomainError):
    status, title, slug = 422, "Invalid input", "invalid-input"


class PayloadTooLarge(DomainError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UpstreamUnavailable(DomainError):
    status, title, slug = 502, "Upstream service unavailable", "upstream-unavailable"


class PeerUnavailable(UpstreamUnavailable):
    """A peer that is down (unreachable) or says it is (503): the caller should retry, so a 503
    with Retry-After, not the 502 of a peer that answered wrongly."""

    status, title, slug = 503, "Service unavailable", "unavailable"
    headers = {"Retry-After": "5"}


class UpstreamTimeout(DomainError):
    status, title, slug = 504, "Upstream service timed out", "upstream-timeout"


# A peer service that is down, too slow or answered 5xx: the same work may succeed later.
PEER_OUTAGES = (UpstreamUnavailable, UpstreamTimeout)


class NotReady(DomainError):
    status, title, slug = 503, "Not ready", "not-ready"


def is_unavailable(exc: BaseException) -> bool:
    """A database or Redis that cannot be reached: the same work may succeed later (a 503 for a
    request, a retry with backoff for a job)."""
    return isinstance(
        exc,
        (
            OSError,
            TimeoutError,
            RedisConnectionError,
            RedisTimeoutError,
            sqlalchemy.exc.InterfaceError,
            sqlalchemy.exc.TimeoutError,  # no pooled connection came free in time
            # Raised by statements sent on the asyncpg connection itself (hot reads, COPY).
            asyncpg.exceptions.InterfaceError,
            asyncpg.exceptions.PostgresConnectionError,
            asyncpg.exceptions.CannotConnectNowError,
        ),
    ) or (
        isinstance(exc, sqlalchemy.exc.DBAPIError)
        # A dropped connection, or PostgreSQL starting or stopping (class 08: connection
        # exception; 57P: shutting down, cannot connect now).
        and (exc.connection_invalidated or str(getattr(exc.orig, "sqlstate", "")).startswith(("08", "57P")))
    )


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if request_id := request_id_var.get():
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def internal_error_response() -> JSONResponse:
    return problem(
        500,
        "Internal server error",
        "The server could not complete the request; it has been logged under the request id.",
        slug="internal-error",
    )


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "country") -> "country"; keep the source for query/path/header parameters.
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[1:]
        if parts and isinstance(parts[0], int):  # a JSON decode error's position, not a field
            return "body"
    return ".".join(map(str, parts)) or "body"


async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        slug=exc.slug,
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
    )


def invalid_input(errors: list[dict[str, Any]], *, instance: str, fields: Iterable[str]) -> JSONResponse:
    """The 422 answer to fields that are not valid; `fields` names them in the detail."""
    return problem(
        422,
        "Invalid input",
        f"The request is not valid: check {', '.join(fields)}.",
        slug="invalid-input",
        instance=instance,
        errors=errors,
    )


# What pydantic puts before the message of a ValueError or an assert a validator raised.
VALIDATOR_PREFIXES = ("Value error, ", "Assertion failed, ")
UNKNOWN_FIELD = "unknown field: not one this takes (check its spelling against the schema at /docs)"


def validation_reason(error: Mapping[str, Any]) -> str:
    """A pydantic error's message as a reason: a validator's own words, without the prefix
    pydantic adds to them ("Value error, a period is a year ..." reads "a period is a year ...")."""
    if error.get("type") == "extra_forbidden":
        # pydantic's "Extra inputs are not permitted" reads as a rule on extras, not as a name the
        # caller most likely misspelt.
        return UNKNOWN_FIELD
    message = str(error["msg"])
    for prefix in VALIDATOR_PREFIXES:
        if message.startswith(prefix):
            return message.removeprefix(prefix)
    return message


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not _json(kind) and any(tuple(e["loc"]) == ("body",) and e["type"] != "missing" for e in exc.errors()):
        # A JSON body sent as something else (curl -d without a Content-Type sends a form):
        # FastAPI does not read it as JSON and would say "Input should be a valid dictionary".
        reason = f"the body is read as JSON: send it with Content-Type: application/json (not {kind or 'none'})"
        return invalid_input(
            [{"field": "content-type", "reason": reason}], instance=request.url.path, fields=["content-type"]
        )
    # Each once: a parameter both a route and a dependency declare (the lookup of an access
    # rule on an object, `shared.auth`) is checked twice.
    unique = {(_field(e["loc"]), _reason(e)): None for e in exc.errors()}
    errors = [{"field": field, "reason": reason} for field, reason in unique]
    return invalid_input(errors, instance=request.url.path, fields=sorted({e["field"] for e in errors}))


def _reason(error: Mapping[str, Any]) -> str:
    """A request's error in words; a body that is not JSON says why and where, as the decoder
    does ("JSON decode error" alone leaves the caller to find it)."""
    if error["type"] == "json_invalid":
        cause = (error.get("ctx") or {}).get("error") or "it cannot be read"
        where = error["loc"][1] if len(error["loc"]) > 1 and isinstance(error["loc"][1], int) else None
        return f"not valid JSON: {cause}" + ("" if where is None else f" (at character {where})")
    return validation_reason(error)


def _json(kind: str) -> bool:
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def _allowed_methods(request: Request) -> str:
    """Every method some route answers at the request's path (Starlette's 405 names only those
    of the first route that matched it), HEAD wherever GET."""
    methods = {
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in request.app.router.routes
        )
    }
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
        errors = [{"field": "body", "reason": "not valid JSON text (UTF-8)"}]
        return invalid_input(errors, instance=request.url.path, fields=["body"])
    titles = {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}
    detail = exc.detail if isinstance(exc.detail, str) else "The request could not be handled."
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}."
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        headers = {**(headers or {}), "Allow": allowed}
        detail = f"{request.method} is not a method of {request.url.path}, which answers {allowed or 'none'}."
    return problem(
        exc.status_code,
        titles.get(exc.status_code, "HTTP error"),
        detail,
        slug={404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}.get(exc.status_code, "http-error"),
        instance=request.url.path,
        headers=headers,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Unhandled exceptions are turned into a 500 problem by RequestContextMiddleware."""
    app.add_exception_handler(DomainError, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
