"""`hub serve`'s HTTP protocol writes a response's head and body at once (hub/serving.py)."""

import asyncio
import json
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from hub.serving import OneWriteProtocol


class Transport:
    """What the protocol writes to a client: each write, as a socket would get it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def writelines(self, parts: tuple[bytes, ...]) -> None:
        self.writes.append(b"".join(parts))  # one send of its parts

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str) -> Any:
        return ("127.0.0.1", 8000) if name in ("sockname", "peername") else None

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...

    def set_write_buffer_limits(self, *args: Any) -> None: ...


async def json_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


async def streaming_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    for part in (b"a,b\n", b"1,2\n"):
        await send({"type": "http.response.body", "body": part, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def echo_app(scope: Any, receive: Any, send: Any) -> None:
    body = (await receive())["body"]
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


def connected(app: Any) -> tuple[OneWriteProtocol, Transport, ServerState]:
    config = uvicorn.Config(app, http=OneWriteProtocol, lifespan="off", log_config=None)
    config.load()
    state = ServerState()
    protocol = OneWriteProtocol(config=config, server_state=state, app_state={})
    transport = Transport()
    protocol.connection_made(transport)  # type: ignore[arg-type]
    return protocol, transport, state


async def exchange(app: Any, request: bytes) -> Transport:
    protocol, transport, state = connected(app)
    protocol.data_received(request)
    while state.tasks:
        await asyncio.gather(*state.tasks)
    return transport


async def test_a_small_answer_leaves_in_one_write() -> None:
    transport = await exchange(json_app, b"GET / HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert len(transport.writes) == 1
    head, _, body = transport.writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"content-length: 2" in head
    assert body == b"{}"
    assert not transport.closed  # kept alive


async def test_a_head_answer_is_written_when_it_ends() -> None:
    transport = await exchange(json_app, b"HEAD / HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert len(transport.writes) == 1
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK") and transport.writes[0].endswith(b"\r\n\r\n")


async def test_a_stream_sends_its_head_with_the_first_part_then_each_part() -> None:
    transport = await exchange(streaming_app, b"GET / HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert len(transport.writes) == 3
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK") and transport.writes[0].endswith(b"4\r\na,b\n\r\n")
    assert transport.writes[1:] == [b"4\r\n1,2\n\r\n", b"0\r\n\r\n"]


async def test_a_closing_connection_gets_its_answer_before_it_closes() -> None:
    transport = await exchange(json_app, b"GET / HTTP/1.0\r\n\r\n")
    assert len(transport.writes) == 1 and transport.writes[0].endswith(b"{}")
    assert transport.closed


async def test_continue_is_sent_at_once_before_the_answer() -> None:
    request = b"POST / HTTP/1.1\r\nHost: hub\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
    protocol, transport, state = connected(echo_app)
    protocol.data_received(request)
    await asyncio.sleep(0.01)
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]  # the client waits for it
    protocol.data_received(b"hi")
    while state.tasks:
        await asyncio.gather(*state.tasks)
    assert len(transport.writes) == 2 and transport.writes[1].endswith(b"\r\n\r\nhi")


async def test_an_app_that_fails_after_its_head_closes_the_connection() -> None:
    async def failing(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        raise RuntimeError("lost")

    transport = await exchange(failing, b"GET / HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert transport.closed


async def test_a_request_that_is_not_http_gets_a_problem_document() -> None:
    transport = await exchange(json_app, "GET /v1/directory/organisations?q=fédéral HTTP/1.1\r\n\r\n".encode())
    head, _, body = transport.writes[-1].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/problem+json" in head
    answer = json.loads(body)
    assert answer["status"] == 400 and answer["type"].endswith("/bad-request")
    assert "%C3%A9" in answer["detail"] and f"content-length: {len(body)}".encode() in head
    assert transport.closed
