"""One ASGI middleware at the edge of every app: request id, body limit, text PostgreSQL can
store, access log, and the 500 problem for anything unhandled (so no stack trace ever reaches a
client)."""

import asyncio
import hashlib
import json
import logging
import re
import time
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.db import unique_violation
from shared.errors import internal_error_response, invalid_input, is_unavailable, problem
from shared.fields import NUL_REASON, SURROGATE_REASON, nul_fields, surrogate_fields
from shared.request_context import REQUEST_ID_HEADER, accept_request_id, request_id_var

log = logging.getLogger("hub.access")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
CONTROL_REASON = "a path must not contain control characters"
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body exceeds the limit of {limit} bytes.")


class BodyTooSlow(HTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"The request body stopped arriving: nothing came for {seconds:g} seconds.")


# How long a request's body may pause: a client that announced a body and stopped sending it
# would hold its request (and the connection) open for ever.
BODY_PAUSE_SECONDS = 30.0


def _text_errors(scope: Scope, body: bytes | None) -> list[dict[str, str]]:
    """PostgreSQL cannot store the NUL character in text, nor a lone surrogate (a JSON
    `"\\ud800"`, which has no UTF-8 form), so a request carrying either is refused here, field by
    field, before any service code sees it. A path holds no control character at all (`%05`,
    `%0d%0a`): no URL can carry one onwards."""
    if CONTROL_CHARACTERS.search(scope["path"].replace("\x00", "")):
        return [{"field": "path", "reason": CONTROL_REASON}]
    nul = ["path"] if "\x00" in scope["path"] else []
    if b"%00" in scope["query_string"]:
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        nul += sorted({f"query.{name}" for name, value in query if "\x00" in name + value})
    surrogates: list[str] = []
    if body and (b"\\u0000" in body or SURROGATE_ESCAPE.search(body)):
        try:
            decoded = json.loads(body)
            nul, surrogates = nul + nul_fields(decoded), surrogate_fields(decoded)
        except (ValueError, RecursionError):
            pass  # not JSON after all (or nested beyond reason): the route's own parsing answers
    return [{"field": field, "reason": NUL_REASON} for field in nul] + [
        {"field": field, "reason": SURROGATE_REASON} for field in surrogates
    ]


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        larger_bodies: dict[str, int] | None = None,
        body_pause_seconds: float = BODY_PAUSE_SECONDS,
    ) -> None:
        """`larger_bodies`: path pattern (a whole-path regular expression) -> limit, for the few
        endpoints that take files."""
        self.body_pause_seconds = body_pause_seconds
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.larger_bodies = [(re.compile(pattern), limit) for pattern, limit in (larger_bodies or {}).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = accept_request_id(headers.get(REQUEST_ID_HEADER.lower()))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        upload_limit = next((n for p, n in self.larger_bodies if p.fullmatch(scope["path"])), None)
        limit = upload_limit or self.max_body_bytes
        try:
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            receive = self._limited(receive, limit, self.body_pause_seconds)
            # A JSON body is small enough to hold and look through; files stream to the endpoints
            # that take them, which check their own content.
            holds = upload_limit is None and _is_json(headers.get("content-type", ""))
            body = await _read_body(receive) if holds else None
            if errors := _text_errors(scope, body):
                path = CONTROL_CHARACTERS.sub("\ufffd", scope["path"])
                answer = invalid_input(errors, instance=path, fields=(e["field"] for e in errors))
                await answer(scope, receive, send_with_id)
                return
            await self.app(scope, receive if body is None else _replay(body, receive), send_with_id)
        except Exception as exc:
            failure = _failure_answer(exc, scope["path"])
            if not status["sent"]:
                await failure(scope, receive, send_with_id)
        finally:
            if scope["path"] not in ("/healthz", "/metrics"):
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],  # never the query string: it may carry secrets
                        "status": status["code"],
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)

    @staticmethod
    def _limited(receive: Receive, limit: int, pause: float) -> Receive:
        """`receive` bounded: the body to `limit` bytes and to `pause` seconds between its parts
        (once it has all come, waiting for a disconnect is not bounded)."""
        seen, whole = 0, False

        async def receive_limited() -> Message:
            nonlocal seen, whole
            if whole:
                return await receive()
            try:
                async with asyncio.timeout(pause):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow(pause) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
                whole = not message.get("more_body", False)
            return message

        return receive_limited


def _failure_answer(exc: Exception, path: str) -> ASGIApp:
    """The answer to an exception no endpoint handled, logged: 413, 503 for an outage, 409 for a
    write race, else 500."""
    if isinstance(exc, BodyTooLarge):
        return problem(413, "Payload too large", exc.detail, slug="payload-too-large", instance=path)
    if isinstance(exc, BodyTooSlow):
        return problem(408, "Request timeout", exc.detail, slug="request-timeout", instance=path)
    if is_unavailable(exc):
        log.error("dependency unavailable: %s", type(exc).__name__, extra={"path": path})
        return problem(
            503,
            "Service unavailable",
            "A backing service is unavailable; retry shortly.",
            slug="unavailable",
            instance=path,
            headers={"Retry-After": "5"},
        )
    if unique_violation(exc):
        # A write race no service foresaw: the caller's write met a concurrent one. Never a 500:
        # a 409 the caller may retry (it then sees the other write).
        log.warning("concurrent write refused", extra={"path": path})
        return problem(
            409,
            "Conflict",
            "A concurrent request wrote the same resource; read it and retry.",
            slug="conflict",
            instance=path,
        )
    log.exception("unhandled error", extra={"path": path})
    return internal_error_response()


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


async def _read_body(receive: Receive) -> bytes:
    """The whole body of a JSON request (already bounded by the body limit)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hands the app the body read above, then whatever the client sends next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class HeadAsGetMiddleware:
    """HEAD wherever GET (RFC 9110 §9.3.2): a HEAD request is routed as the GET it stands for
    and answered with that GET's status and headers (Content-Length, ETag included), without
    the body. Placed inside the identity check, which verifies the method as signed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _tags(header: str) -> set[str]:
    # Weak comparison (RFC 9110 §8.8.3.2): W/"x" and "x" match each other.
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class ConditionalGetMiddleware:
    """ETags and `304 Not Modified` for GET (RFC 9110 §13.1.2). An answer that carries an ETag
    (a resource's version) keeps it; any other JSON answer sent in one piece gets a weak ETag, a
    digest of its body. A GET whose `If-None-Match` holds the current ETag gets 304 and no body.
    Streamed answers (exports) pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if_none_match = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"if-none-match"), None)
        start: Message | None = None

        async def conditional(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 200:
                start = message  # held until the body shows whether it comes in one piece
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            headers = MutableHeaders(scope=held)
            if "etag" not in headers and not message.get("more_body") and "json" in headers.get("content-type", ""):
                headers["ETag"] = f'W/"{hashlib.sha256(message.get("body", b"")).hexdigest()[:20]}"'
            etag = headers.get("etag")
            if if_none_match and etag and ("*" in _tags(if_none_match) or _tags(etag) & _tags(if_none_match)):
                kept = {
                    k: headers[k] for k in ("etag", "cache-control", "vary", REQUEST_ID_HEADER.lower()) if k in headers
                }
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(k.encode(), v.encode()) for k, v in kept.items()],
                    }
                )
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(held)
            await send(message)

        await self.app(scope, receive, conditional)
