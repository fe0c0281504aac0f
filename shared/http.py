"""Long-lived httpx clients on the aiohttp transport (the default transport collapses under
concurrency, see bench/), with timeouts and the current request id on every call."""

import functools
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from httpx_aiohttp import AiohttpTransport

from shared.errors import PeerUnavailable, UpstreamTimeout, UpstreamUnavailable
from shared.identity import IDENTITY_HEADER, Identity, sign
from shared.request_context import REQUEST_ID_HEADER, request_id_var


async def _add_request_id(request: httpx.Request) -> None:
    if (request_id := request_id_var.get()) and REQUEST_ID_HEADER not in request.headers:
        request.headers[REQUEST_ID_HEADER] = request_id


class IdentitySigner:
    """Signs each call with a fixed identity (a service's own), unless the request already
    carries one (the gateway forwarding its caller's identity)."""

    def __init__(self, secret: str, identity: Identity) -> None:
        self.secret = secret
        self.identity = identity

    @classmethod
    def for_service(cls, secret: str, service: str) -> "IdentitySigner":
        return cls(secret, Identity.of_service(service))

    async def __call__(self, request: httpx.Request) -> None:
        if IDENTITY_HEADER not in request.headers:
            url = request.url
            request.headers.update(
                sign(
                    self.identity,
                    secret=self.secret,
                    method=request.method,
                    path=url.path,
                    query=url.query.decode("latin-1"),
                )
            )


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context per process, shared by every client: building one reads the
    certificate bundle, about 16 ms of CPU each time."""
    return httpx.create_ssl_context()


class PeerClient(httpx.AsyncClient):
    """A client of one peer service that knows the peer's name: errors say "the directory
    service", never its internal address, since they reach users."""

    def __init__(self, *, peer: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.peer = peer


def create_client(
    base_url: str = "",
    *,
    peer: str = "",
    timeout: float = 10.0,
    max_connections: int = 100,
    signer: IdentitySigner | None = None,
) -> httpx.AsyncClient:
    """A long-lived client; `peer` names the service at `base_url` in the errors of `call`."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    return PeerClient(
        peer=peer,
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
        transport=AiohttpTransport(verify=_tls(), limits=limits, trust_env=False),
        event_hooks={"request": [_add_request_id, *([signer] if signer else [])]},
        follow_redirects=False,
    )


def in_process_client(
    app: Any, base_url: str, *, peer: str = "", signer: IdentitySigner | None = None
) -> httpx.AsyncClient:
    """A client of an ASGI `app` running in this process (no socket); with `signer`, each request
    carries that signed identity, as a peer service's would."""
    hooks: dict[str, list[Callable[..., Any]]] = {"request": [signer]} if signer else {}
    return PeerClient(peer=peer, transport=httpx.ASGITransport(app=app), base_url=base_url, event_hooks=hooks)


def peer_name(client: httpx.AsyncClient, url: str = "") -> str:
    """How errors name the service behind `client`: by its name when it has one; a client of no
    one service (outbound calls to addresses users gave) by the address called."""
    name = getattr(client, "peer", "")
    return f"The {name} service" if name else str(client.base_url) or url


async def call(client: httpx.AsyncClient, method: str, url: str, **kwargs: object) -> httpx.Response:
    """One outbound call; transport failures and 5xx answers become domain errors: a peer that
    is down or answers 503 a 503 with Retry-After (the caller should retry), one that answers 504
    a 504, any other 5xx a 502 (it answered wrongly). 4xx answers are returned for the caller's
    client to interpret."""
    peer = peer_name(client, url)
    with upstream_errors(peer):
        response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
    if response.status_code == 503:
        retry_after = response.headers.get("retry-after", "")
        headers = {"Retry-After": retry_after if retry_after.isdigit() else "5"}
        raise PeerUnavailable(f"{peer} is unavailable; retry shortly.", headers=headers)
    if response.status_code == 504:
        raise UpstreamTimeout(f"{peer} answered 504: a service behind it did not answer in time.")
    if response.status_code >= 500:
        raise UpstreamUnavailable(f"{peer} answered {response.status_code}.")
    return response


@contextmanager
def upstream_errors(peer: str) -> Iterator[None]:
    """Transport failures of a call to `peer` as domain errors: unreachable (refused, reset) is
    a 503 with Retry-After, too slow a 504."""
    try:
        yield
    except httpx.TimeoutException as exc:
        # httpx-aiohttp reports a refused connection as ConnectTimeout; only a real timeout is a 504.
        if isinstance(exc, httpx.ConnectTimeout) and not isinstance(exc.__cause__, TimeoutError):
            raise PeerUnavailable(f"{peer} is unreachable; retry shortly.") from exc
        raise UpstreamTimeout(f"{peer} did not answer in time.") from exc
    except httpx.TransportError as exc:
        raise PeerUnavailable(f"{peer} is unreachable; retry shortly.") from exc
