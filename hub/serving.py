"""What `hub serve` changes in uvicorn (measured in docs/performance.md).

- The collector is settled (hub.heap) once the app's lifespan has started, before the socket
  listens: its pools, mappers and clients are then out of the collector's sight too, and no
  connection waits in the backlog meanwhile (a stop would cut it).
- A response's head and body leave in one write. Uvicorn writes the head on
  `http.response.start` and the body on `http.response.body`: two sends for a small answer, and
  on loopback each send costs the sender the TCP path of both ends, while the reader often
  parses two segments. Here the head is held until the body's first bytes, or until the
  response ends (a HEAD answer has no body).
- A request uvicorn cannot parse gets an RFC 9457 problem (400), not its plain text."""

import asyncio
from typing import Any

from uvicorn.lifespan.on import LifespanOn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol, RequestResponseCycle

from hub import heap
from shared.errors import PROBLEM_JSON, problem

# What most often makes a request unreadable by hand: characters a URL must percent-encode.
UNREADABLE = "A URL's spaces and non-ASCII characters are percent-encoded (é as %C3%A9), and it stays under 64 KiB."


class _HeadHeld:
    """The connection's transport as one response's cycle sees it."""

    __slots__ = ("transport", "head", "holding")

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.head = b""
        self.holding = False

    def write(self, data: bytes) -> None:
        if self.holding:
            self.head += data
            return
        if self.head:
            head, self.head = self.head, b""
            self.transport.writelines((head, data))  # one send, and a large body is not copied
            return
        self.transport.write(data)

    def flush(self) -> None:
        if self.head:
            head, self.head = self.head, b""
            self.transport.write(head)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


class _OneWriteCycle(RequestResponseCycle):
    transport: _HeadHeld  # type: ignore[assignment]

    async def send(self, message: Any) -> None:
        self.transport.holding = message["type"] == "http.response.start" and not self.response_started
        try:
            await super().send(message)
        finally:
            self.transport.holding = False
            if self.response_complete:
                self.transport.flush()


class OneWriteProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol whose responses go out in one write when they can, and whose
    answer to a request it cannot parse is a problem document as every other error is."""

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        cycle.__class__ = _OneWriteCycle  # the same cycle, with the send above
        cycle.transport = _HeadHeld(cycle.transport)  # type: ignore[assignment]
        super()._start_asgi_task(cycle, app)

    def send_400_response(self, msg: str) -> None:
        body = problem(400, "Bad request", f"{msg} {UNREADABLE}", slug="bad-request").body
        head = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [b"content-type: %s\r\ncontent-length: %d\r\n" % (PROBLEM_JSON.encode(), len(body))]
        self.transport.write(b"".join([*head, b"connection: close\r\n\r\n", body]))
        self.transport.close()


class SettledLifespan(LifespanOn):
    async def startup(self) -> None:
        await super().startup()
        if not self.should_exit:
            heap.settle()
