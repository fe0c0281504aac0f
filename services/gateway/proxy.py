"""Forward `/v1/<service>/…` to the service, streaming bodies both ways."""

from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse

from shared.errors import NotFound, PeerUnavailable, UpstreamUnavailable
from shared.http import IdentitySigner, upstream_errors
from shared.identity import IDENTITY_HEADER, SIGNATURE_HEADER
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


async def forward(
    request: Request, client: httpx.AsyncClient, service: str, path: str, signer: IdentitySigner
) -> StreamingResponse:
    """`path` comes from `public_path`. `signer` asserts the caller's identity to the service,
    over the request exactly as sent (method, path, query); whatever identity or key the client
    sent is not passed on."""
    # As raw bytes: a header value outside ASCII passes through as sent (for the service to judge).
    headers: list[tuple[str | bytes, str | bytes]] = [
        (k, v) for k, v in request.headers.raw if k.decode("latin-1").lower() not in NOT_FORWARDED
    ]
    headers += [(REQUEST_ID_HEADER, request_id_var.get() or "")]
    if request.client:
        prior = request.headers.get("x-forwarded-for")
        headers.append(("X-Forwarded-For", f"{prior}, {request.client.host}" if prior else request.client.host))

    has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
    body = _BodyStream(request) if has_body else None
    url = quote(path, safe=PATH_SAFE) + (f"?{request.url.query}" if request.url.query else "")
    timeout = request.app.state.upstream_timeouts.for_path(path)
    upstream_request = client.build_request(request.method, url, headers=headers, content=body, timeout=timeout)
    await signer(upstream_request)
    try:
        with upstream_errors(f"The {service} service"):
            upstream = await client.send(upstream_request, stream=True)
    except Exception:
        if body is not None and body.too_large is not None:
            raise body.too_large from None
        raise

    if upstream.status_code >= 500 and upstream.status_code not in (503, 504):
        # A service never answers 500 on purpose: it answered wrongly (a 502), whatever it said.
        await upstream.aclose()
        raise UpstreamUnavailable(f"The {service} service answered {upstream.status_code}.")
    response = StreamingResponse(
        upstream.aiter_raw(), status_code=upstream.status_code, background=BackgroundTask(upstream.aclose)
    )
    # Raw pairs, so repeated headers (Set-Cookie, Link) pass through unmerged.
    response.raw_headers = [
        (k.encode("latin-1"), v.encode("latin-1"))
        for k, v in upstream.headers.multi_items()
        if k.lower() not in NOT_FROM_UPSTREAM
    ]
    if upstream.status_code == 503 and "retry-after" not in upstream.headers:
        response.raw_headers.append((b"retry-after", PeerUnavailable.headers["Retry-After"].encode()))
    return response
