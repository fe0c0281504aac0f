"""A shared cache (RFC 9111) of the answers the services mark `public`: the same for every
caller (shared/caching.py), so a burst of readers of one page costs the service one request a
moment. It sits after the key check, the rate limits and the pending-review rule, so a hit is
admitted exactly as a forward would be.

Only a GET without conditions is answered from it; only a 200 sent in one piece, marked
`public` with a max-age, without cookies and varying on nothing but the request headers in
the key, is stored. Whoever writes to a service reads that service past the cache for the next
max-age, so a writer sees its own write at once; every other reader sees it within the max-age
(the service's promise in shared/caching.py), on every replica alike.

Written here rather than taken from a library: the caching clients for aiohttp and httpx are
private caches that key on the request they send, and every forwarded request carries a fresh
identity signature; this one keys on the client's request before it is signed."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import NamedTuple

from cachetools import TLRUCache, TTLCache
from starlette.requests import Request
from starlette.responses import Response

from shared.auth import SAFE_METHODS
from shared.request_context import REQUEST_ID_HEADER

# Request headers an answer may vary on; they are part of every key.
KEYED_HEADERS = ("accept", "accept-encoding", "accept-language")
CONDITIONS = {"if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range"}
NOT_STORED = {REQUEST_ID_HEADER.lower().encode(), b"age"}
ENTRY_OVERHEAD_BYTES = 512  # the key, the headers and the bookkeeping, roughly

Key = tuple[str, str, str, tuple[str, ...]]


@dataclass(slots=True)
class Stored:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    stored_at: float
    expires_at: float


def _directives(cache_control: str) -> dict[str, str]:
    directives = {}
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        directives[name.strip().lower()] = value.strip().strip('"')
    return directives


def _lifetime(headers: list[tuple[bytes, bytes]]) -> float:
    """How long a shared cache may keep an answer with these headers: 0 when it may not."""
    cache_control = ""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"set-cookie":
            return 0.0
        if lowered == b"vary" and not {v.strip().lower() for v in value.decode("latin-1").split(",")} <= set(
            KEYED_HEADERS
        ):
            return 0.0
        if lowered == b"cache-control":
            cache_control += "," + value.decode("latin-1")
    directives = _directives(cache_control)
    if "public" not in directives or {"private", "no-store", "no-cache"} & directives.keys():
        return 0.0
    age = directives.get("s-maxage", directives.get("max-age", ""))
    return float(age) if age.isdigit() else 0.0


class Lookup(NamedTuple):
    key: Key | None  # None: the cache takes no part in this request
    stored: Response | None  # the stored answer, ready to send
    fresh: bool  # the client asked for a fresh answer


Forward = Callable[[], Awaitable[Response]]
PASS = Lookup(None, None, False)


class SharedCache:
    def __init__(self, max_bytes: int, max_seconds: float) -> None:
        self.max_seconds = max_seconds
        self._entries: TLRUCache[Key, Stored] = TLRUCache(
            maxsize=max(1, max_bytes),
            ttu=lambda _key, stored, _now: stored.expires_at,
            timer=time.monotonic,
            getsizeof=lambda stored: len(stored.body) + ENTRY_OVERHEAD_BYTES,
        )
        moment = max(max_seconds, 0.001)
        # (service, caller) of recent writes: those callers read that service past the cache.
        self._writers: TTLCache[tuple[str, str], bool] = TTLCache(maxsize=100_000, ttl=moment)
        # Forwards under way, by key: concurrent misses of one page wait for the first one's answer
        # (one request to the service when a popular page expires, not one per reader) ...
        self._fetching: dict[Key, asyncio.Future[Stored | None]] = {}
        # ... unless its last answer could not be kept: then nobody waits for it.
        self._passes: TTLCache[Key, bool] = TTLCache(maxsize=100_000, ttl=moment)

    def lookup(self, request: Request, service: str, path: str, caller: str, audience: str = "anyone") -> Lookup:
        """The request for `path` (normalised) by `caller` (its key or address): its key, and
        the stored answer unless the client asked for a fresh one (`Cache-Control: no-cache`,
        RFC 9111 §5.2.1.4), whose answer is then stored for the next readers. `audience` is the
        kind of caller, part of the key: an answer stored for callers without an organisation
        (the public figures, without `own`) is not what a caller with one is owed."""
        if not self.max_seconds or request.method != "GET" or (service, caller) in self._writers:
            return PASS
        keyed = dict.fromkeys(KEYED_HEADERS, "")
        fresh = False
        for raw_name, raw_value in request.scope["headers"]:  # one pass: this runs on every read
            name = raw_name.decode("latin-1").lower()
            if name in CONDITIONS:
                return PASS
            if name in keyed:
                keyed[name] = raw_value.decode("latin-1")
            elif name in ("cache-control", "pragma"):
                value = raw_value.decode("latin-1").lower()
                fresh = fresh or "no-cache" in value or "max-age=0" in value
        key = (service, f"{path}?{request.url.query}", audience, tuple(keyed.values()))
        stored = None if fresh else self._entries.get(key)
        return Lookup(key, self._response(stored) if stored else None, fresh)

    async def through(self, lookup: Lookup, forward: Forward) -> Response:
        """`forward()`'s answer, kept if it may be; or, while another request forwards the same
        page, that one's answer once it is kept (if it cannot be, this one forwards too)."""
        key = lookup.key
        if key is None or key in self._passes:
            return await forward()
        pending = None if lookup.fresh else self._fetching.get(key)
        if pending is not None:
            stored = await asyncio.shield(pending)
            return self._response(stored) if stored else await forward()
        fetching = self._fetching[key] = asyncio.get_running_loop().create_future()
        stored = None
        try:
            response = await forward()
            stored = self._keep(key, response)
            return response
        finally:
            if self._fetching.get(key) is fetching:
                del self._fetching[key]
            fetching.set_result(stored)  # None (failed, or not to keep): the waiting forward themselves

    def forwarded(self, request: Request, service: str, caller: str) -> None:
        """After a request was forwarded, however it ended: a write sends its caller past the
        cache for the next max-age."""
        if self.max_seconds and request.method not in SAFE_METHODS:
            self._writers[(service, caller)] = True

    def _response(self, stored: Stored) -> Response:
        response = Response(status_code=stored.status)
        response.body = stored.body
        age = str(int(time.monotonic() - stored.stored_at)).encode()
        response.raw_headers = [*stored.headers, (b"age", age)]
        return response

    def _keep(self, key: Key, response: Response) -> Stored | None:
        """Stores `response` (a forward's, before the gateway adds its own headers) if it may."""
        lifetime = 0.0
        if response.status_code == 200 and hasattr(response, "body"):  # streamed answers are not kept
            lifetime = min(self.max_seconds, _lifetime(response.raw_headers))
        if lifetime <= 0:
            self._passes[key] = True
            return None
        now = time.monotonic()
        headers = [(k, v) for k, v in response.raw_headers if k.lower() not in NOT_STORED]
        stored = Stored(response.status_code, headers, bytes(response.body), now, now + lifetime)
        try:
            self._entries[key] = stored
        except ValueError:  # larger than the whole cache
            self._passes[key] = True
            return None
        return stored
