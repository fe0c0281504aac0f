"""One ASGI middleware at the edge of every app: request id, body limit, access log, and the
500 problem for anything unhandled (so no stack trace ever reaches a client)."""

import logging
import re
import time

import sqlalchemy.exc
from redis.exceptions import ConnectionError as RedisConnectionError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import internal_error_response, problem
from shared.request_context import REQUEST_ID_HEADER, accept_request_id, request_id_var

log = logging.getLogger("hub.access")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body exceeds the limit of {limit} bytes.")


def _is_unavailable(exc: BaseException) -> bool:
    """A database or Redis that cannot be reached: the request may succeed later (503)."""
    return isinstance(exc, (OSError, TimeoutError, RedisConnectionError, sqlalchemy.exc.InterfaceError)) or (
        isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated
    )


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, larger_bodies: dict[str, int] | None = None) -> None:
        """`larger_bodies`: path pattern (a whole-path regular expression) -> limit, for the few
        endpoints that take files."""
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

        limit = next((n for p, n in self.larger_bodies if p.fullmatch(scope["path"])), self.max_body_bytes)
        try:
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            await self.app(scope, self._limited(receive, limit), send_with_id)
        except BodyTooLarge as exc:
            if not status["sent"]:
                await problem(413, "Payload too large", exc.detail, slug="payload-too-large", instance=scope["path"])(
                    scope, receive, send_with_id
                )
        except Exception as exc:
            if _is_unavailable(exc):
                log.error("dependency unavailable: %s", type(exc).__name__, extra={"path": scope["path"]})
                if not status["sent"]:
                    await problem(
                        503,
                        "Service unavailable",
                        "A backing service is unavailable; retry shortly.",
                        slug="unavailable",
                        instance=scope["path"],
                        headers={"Retry-After": "5"},
                    )(scope, receive, send_with_id)
                return
            log.exception("unhandled error", extra={"path": scope["path"]})
            if not status["sent"]:
                await internal_error_response()(scope, receive, send_with_id)
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

    def _limited(self, receive: Receive, limit: int) -> Receive:
        seen = 0

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return receive_limited
