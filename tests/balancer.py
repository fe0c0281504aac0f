"""A balancer in front of service replicas that behaves as deploy/nginx/coalition-hub.conf asks
nginx to (nginx is not on the test machines): round robin; a replica that refuses the connection
or does not answer within `try_seconds` is marked down for `down_seconds` and the request,
writes included, goes to the next one with the same headers and body."""

import time
from typing import Any

import httpx
from starlette.types import Receive, Scope, Send

from shared.middleware import _read_body

NOT_FORWARDED = {b"host", b"connection", b"content-length", b"transfer-encoding"}


class Balancer:
    def __init__(self, replicas: list[str], *, try_seconds: float, down_seconds: float, tries: int = 2) -> None:
        self.replicas = replicas
        self.tries, self.down_seconds = tries, down_seconds
        self.down_until = dict.fromkeys(replicas, 0.0)
        self.turn = 0
        self.timeouts = 0  # tries that ran out of time
        self.refused = 0  # tries whose connection failed
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(try_seconds, connect=1.0))

    def _order(self) -> list[str]:
        self.turn += 1
        now = time.monotonic()
        ring = self.replicas[self.turn % len(self.replicas) :] + self.replicas[: self.turn % len(self.replicas)]
        up = [r for r in ring if self.down_until[r] <= now]
        return (up or ring)[: self.tries]  # all down: try them anyway, as nginx does

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = await _read_body(receive)
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in NOT_FORWARDED]
        query = scope["query_string"].decode("latin-1")
        for replica in self._order():
            url = f"{replica}{scope['path']}" + (f"?{query}" if query else "")
            try:
                answer = await self.client.request(scope["method"], url, headers=headers, content=body)
            except httpx.TimeoutException as exc:
                self._mark_down(replica, refused=isinstance(exc, httpx.ConnectTimeout))
                continue
            except httpx.TransportError:
                self._mark_down(replica, refused=True)
                continue
            await self._relay(send, answer)
            return
        await self._relay(send, httpx.Response(502, text="no replica answered"))

    def _mark_down(self, replica: str, *, refused: bool) -> None:
        if refused:
            self.refused += 1
        else:
            self.timeouts += 1
        self.down_until[replica] = time.monotonic() + self.down_seconds

    @staticmethod
    async def _relay(send: Send, answer: httpx.Response) -> None:
        headers: list[Any] = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.headers.multi_items()
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding")
        ]
        headers.append((b"content-length", str(len(answer.content)).encode()))
        await send({"type": "http.response.start", "status": answer.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": answer.content})

    async def aclose(self) -> None:
        await self.client.aclose()
