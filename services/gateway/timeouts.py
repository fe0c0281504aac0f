"""How long the gateway waits for a service, per route: most answers come in well under a
second, while exports, report files and uploads may take most of a minute.

The timeouts are ordered from the inside out, so that the layer nearest a hung replica gives up
first and the caller gets a clear answer rather than a cut connection (docs/operations.md):

    balancer in front of service replicas (per try)  <  gateway (this)  <  ingress / front nginx

With replicas behind a balancer that retries (deploy/nginx/coalition-hub.conf), its per-try
timeout times its tries must stay below the gateway's, so the balancer marks a frozen replica
down and retries on another before the gateway gives up."""

import re

import aiohttp

from services.gateway.config import GatewaySettings

# Public paths that may answer slowly: whole exports, rendered reports, uploads.
LONG_ROUTES = re.compile(
    r"^/v1/directory/(organisations\.(csv|json)|hsds\.json|imports)$"
    r"|^/v1/metrics/exports/"
    r"|^/v1/metrics/organisations/[^/]+/observations/batches$"
    r"|^/v1/reports/reports/[^/]+/report\.[a-z]+$"
)
CONNECT_SECONDS = 2.0  # a replica that does not take the connection at once is down


def upstream_session() -> aiohttp.ClientSession:
    """The connections the gateway forwards requests on. Kept alive for less time than a
    service keeps an idle connection open (uvicorn's 5 s), so none is reused as it closes. No
    header is added and no body decoded: requests and answers pass as they are. No cookie is
    kept: a service's `Set-Cookie` goes to the client that caused it, never onto the requests of
    others (and no jar is searched per request)."""
    connector = aiohttp.TCPConnector(limit=300, limit_per_host=100, keepalive_timeout=4)
    return aiohttp.ClientSession(
        connector=connector,
        auto_decompress=False,
        skip_auto_headers={"User-Agent", "Accept-Encoding"},
        cookie_jar=aiohttp.DummyCookieJar(),
    )


class UpstreamTimeouts:
    def __init__(self, settings: GatewaySettings) -> None:
        # Per read, as the limit is meant: a long answer that keeps coming is not cut.
        # sock_connect, not connect: aiohttp's `connect` also counts the wait for a free pooled
        # connection, which under a burst is queueing, not a replica that is down.
        self.default = aiohttp.ClientTimeout(sock_read=settings.upstream_timeout_seconds, sock_connect=CONNECT_SECONDS)
        self.long = aiohttp.ClientTimeout(
            sock_read=settings.upstream_long_timeout_seconds, sock_connect=CONNECT_SECONDS
        )

    def for_path(self, path: str) -> aiohttp.ClientTimeout:
        return self.long if LONG_ROUTES.match(path) else self.default
