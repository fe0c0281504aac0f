"""A request whose body stops arriving is answered 408, not held open for ever; once the body
has all come, waiting (for a disconnect, say) is not limited."""

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import pytest
from starlette.responses import JSONResponse

from shared.middleware import RequestContextMiddleware

PAUSE = 0.2


async def reads_then_waits(scope: Any, receive: Any, send: Any) -> None:
    """Reads the whole body, then waits for the client's next message before answering."""
    while (await receive()).get("more_body"):
        pass
    await receive()
    await JSONResponse({"ok": True})(scope, receive, send)


async def call(content_type: str, parts: list[dict[str, Any]], then: float | None) -> list[dict[str, Any]]:
    """The messages sent back for a request whose body comes as `parts`, after which the client
    disconnects after `then` seconds (None: never)."""

    async def receive() -> dict[str, Any]:
        if parts:
            return parts.pop(0)
        if then is None:
            await asyncio.Event().wait()
        await asyncio.sleep(then or 0)
        return {"type": "http.disconnect"}

    sent: list[dict[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    headers = [(b"content-type", content_type.encode()), (b"content-length", b"100")]
    scope = {"type": "http", "method": "POST", "path": "/v1/x", "headers": headers, "query_string": b""}
    middleware = RequestContextMiddleware(reads_then_waits, max_body_bytes=1000, body_pause_seconds=PAUSE)
    await asyncio.wait_for(middleware(scope, receive, send), 5)
    return sent


@pytest.mark.parametrize("content_type", ["application/json", "text/csv"])  # held by the middleware, or streamed
async def test_a_body_that_stops_arriving_is_answered_408(content_type: str) -> None:
    sent = await call(content_type, [{"type": "http.request", "body": b'{"a": ', "more_body": True}], then=None)

    assert sent[0]["status"] == 408
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]
    assert "stopped arriving" in json.loads(sent[1]["body"])["detail"]


async def test_waiting_after_the_whole_body_is_not_limited() -> None:
    whole = [{"type": "http.request", "body": b'{"a": 1}', "more_body": False}]
    sent = await call("application/json", whole, then=3 * PAUSE)

    assert sent[0]["status"] == 200
