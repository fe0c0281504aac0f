"""Forward `/v1/<service>/…` to the service, streaming bodies both ways."""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from urllib.parse import quote

import aiohttp
from fastapi import Request
from multidict import CIMultiDict
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse
from yarl import URL

from shared.errors import NotFound, PeerUnavailable, UpstreamTimeout, UpstreamUnavailable
from shared.identity import IDENTITY_HEADER, SIGNATURE_HEADER, Identity, sign
from shared.middleware import BodyTooLarge
from shared.request_context import REQUEST_ID_HEADER, request_id_var

# Hop-by-hop headers (RFC 9110 §7.6.1) and those the gateway's own server sets again.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
}
NOT_FROM_UPSTREAM = HOP_BY_HOP | {"date", "server"}
# Replaced by the gateway: the services see the verified identity, never the key itself.
NOT_FORWARDED = HOP_BY_HOP | {
    "authorization",
    "x-api-key",
    "x-forwarded-for",
    REQUEST_ID_HEADER.lower(),
    IDENTITY_HEADER.lower(),
    SIGNATURE_HEADER.lower(),
}


# What a path segment may hold unencoded (RFC 3986 pchar); everything else is percent-encoded.
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _remove_dot_segments(path: str) -> str:
    """`/a/./b/../c` -> `/a/c` (RFC 3986 §5.2.4), keeping empty segments and a trailing slash."""
    segments = path.split("/")[1:]
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments and segments[-1] in (".", ".."):
        kept.append("")
    return "/" + "/".join(kept)


def public_path(path: str, service: str) -> str:
    """The path to forward, decoded and normalised: only under `/v1/<service>/`, so no encoding
    (`%2e%2e%2f`) reaches a service's own `/metrics`, `/readyz` or `/internal/…`. Control
    characters were refused at the edge (shared/middleware.py)."""
    normalised = _remove_dot_segments(path)
    if not normalised.startswith(f"/v1/{service}/"):
        raise NotFound(f"No resource at {path}.")
    return normalised


class _BodyStream:
    """The client's body as it arrives; remembers if the size limit stopped it, because the
    transport may wrap that error in its own."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.too_large: BodyTooLarge | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.request.stream():
                if chunk:
                    yield chunk
        except BodyTooLarge as exc:
            self.too_large = exc
            raise


# An answer up to this size is read whole and sent in one piece: streaming it costs a task, a
# disconnect listener and a message per chunk through every middleware, more CPU than the
# copy of a page of JSON.
BUFFERED_UP_TO = 256 * 1024


@contextmanager
def _transport_errors(service: str) -> Iterator[None]:
    """aiohttp's failures as the answers shared.http.upstream_errors gives for httpx: a service
    that cannot be reached is a 503 with Retry-After, one too slow to answer a 504."""
    peer = f"The {service} service"
    try:
        yield
    except aiohttp.ConnectionTimeoutError as exc:  # no connection taken: the replica is down
        raise PeerUnavailable(f"{peer} is unreachable; retry shortly.") from exc
    except TimeoutError as exc:  # aiohttp's read timeouts are TimeoutErrors too
        raise UpstreamTimeout(f"{peer} did not answer in time.") from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise PeerUnavailable(f"{peer} is unreachable; retry shortly.") from exc


async def _answer(upstream: aiohttp.ClientResponse, method: str, service: str) -> Response:
    length = upstream.headers.get("content-length", "")
    if method != "HEAD" and length.isdigit() and int(length) <= BUFFERED_UP_TO:
        try:
            with _transport_errors(service):
                body = await upstream.read()
        finally:
            upstream.release()
        response = Response(status_code=upstream.status)
        response.body = body  # as received (still encoded, if the service compressed it)
        return response
    return StreamingResponse(
        _relay(upstream, service), status_code=upstream.status, background=BackgroundTask(upstream.release)
    )


async def _relay(upstream: aiohttp.ClientResponse, service: str) -> AsyncIterator[bytes]:
    with _transport_errors(service):
        async for chunk in upstream.content.iter_any():
            yield chunk


async def forward(request: Request, upstream_url: str, service: str, path: str, identity: Identity) -> Response:
    """`path` comes from `public_path`. The caller's identity is signed for the service over the
    request exactly as sent (method, path, query); whatever identity or key the client sent is
    not passed on. aiohttp rather than httpx: a third of the CPU per forwarded request."""
    state = request.app.state
    # Header values outside ASCII pass through as sent (for the service to judge).
    headers = CIMultiDict(
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in request.headers.raw
        if k.decode("latin-1").lower() not in NOT_FORWARDED
    )
    headers[REQUEST_ID_HEADER] = request_id_var.get() or ""
    if request.client:
        prior = request.headers.get("x-forwarded-for")
        headers["X-Forwarded-For"] = f"{prior}, {request.client.host}" if prior else request.client.host
    query = request.url.query
    headers.update(sign(identity, secret=state.secret, method=request.method, path=path, query=query))

    has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
    body = _BodyStream(request) if has_body else None
    url = URL(upstream_url + quote(path, safe=PATH_SAFE) + (f"?{query}" if query else ""), encoded=True)
    try:
        with _transport_errors(service):
            upstream = await state.upstream_session.request(
                request.method,
                url,
                headers=headers,
                data=body.__aiter__() if body is not None else None,
                timeout=state.upstream_timeouts.for_path(path),
                allow_redirects=False,
            )
    except Exception:
        if body is not None and body.too_large is not None:
            raise body.too_large from None
        raise

    if upstream.status >= 500 and upstream.status not in (503, 504):
        # A service never answers 500 on purpose: it answered wrongly (a 502), whatever it said.
        upstream.release()
        raise UpstreamUnavailable(f"The {service} service answered {upstream.status}.")
    response = await _answer(upstream, request.method, service)
    # Raw pairs, so repeated headers (Set-Cookie, Link) pass through unmerged.
    response.raw_headers = [
        (k, v) for k, v in upstream.raw_headers if k.decode("latin-1").lower() not in NOT_FROM_UPSTREAM
    ]
    if upstream.status == 503 and "retry-after" not in upstream.headers:
        response.raw_headers.append((b"retry-after", PeerUnavailable.headers["Retry-After"].encode()))
    return response
