"""Who is calling: API keys verified by the directory, remembered briefly."""

import asyncio
from datetime import UTC, datetime

import httpx
from cachetools import TTLCache
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.datastructures import Headers

from shared.errors import Unauthorized, UpstreamUnavailable
from shared.http import call
from shared.identity import ACCESS_EPOCH_KEY, Identity, fingerprint, key_prefix

REFUSED = "Unknown, expired or revoked API key."


def presented_key(headers: Headers) -> str | None:
    """`Authorization: Bearer <key>` or `X-API-Key: <key>`, without surrounding whitespace; None when
    neither is sent."""
    if authorization := headers.get("authorization"):
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Unauthorized("Send the API key as 'Authorization: Bearer <key>'.")
        return key.strip()
    return headers.get("x-api-key", "").strip() or None  # surrounding whitespace as for Bearer


# What the directory said of a key: who it stands for (None: refused) and when it expires.
Verified = tuple[Identity | None, datetime | None]


class KeyVerifier:
    """Results are cached by the key's SHA-256 for `ttl_seconds` (refusals too), so a revoked
    key stops working within that time; an expiring key stops at its `expires_at`, cached or
    not."""

    def __init__(
        self, clients: dict[str, httpx.AsyncClient], ttl_seconds: float, redis: Redis, max_keys: int = 10_000
    ) -> None:
        self.clients = clients  # the gateway's peer clients; keys are checked by the directory
        self.cache: TTLCache[str, Verified] = TTLCache(max_keys, ttl_seconds) if ttl_seconds else None  # type: ignore[assignment]
        self.redis = redis
        self.epoch: bytes | None = None
        # Verifications under way, by fingerprint: when a remembered key lapses under load, its
        # concurrent requests wait for one answer from the directory instead of each asking.
        self.verifying: dict[str, asyncio.Future[Verified]] = {}

    def _forget(self) -> None:
        self.cache.clear()
        self.verifying.clear()  # those began before the change: later requests ask again

    async def _forget_if_access_changed(self) -> None:
        """One read of ACCESS_EPOCH_KEY per keyed request: a role change or revocation holds
        from the next request. Without Redis, what is remembered lasts its `ttl_seconds`."""
        try:
            epoch = await self.redis.get(ACCESS_EPOCH_KEY)
        except (RedisError, OSError):
            return
        if epoch != self.epoch:
            self._forget()
            self.epoch = epoch

    def remembered(self, headers: Headers) -> Identity | None:
        """The identity of a well-formed key remembered as valid and not expired, without asking
        anyone; None for anything else (which `identify` then decides). Good only once
        `epoch_seen` confirms nothing changed since."""
        if self.cache is None:
            return None
        try:
            key = presented_key(headers)
        except Unauthorized:
            return None
        if key is None or key_prefix(key) is None:
            return None
        identity, expires_at = self.cache.get(fingerprint(key), (None, None))
        if identity is None or (expires_at is not None and expires_at <= datetime.now(UTC)):
            return None
        return identity

    def epoch_seen(self, epoch: bytes | None) -> bool:
        """Whether ACCESS_EPOCH_KEY, read as `epoch`, is as last seen; if not, what is
        remembered is forgotten (as `identify` does when it reads the epoch itself)."""
        if epoch == self.epoch:
            return True
        self._forget()
        self.epoch = epoch
        return False

    async def identify(self, headers: Headers) -> Identity:
        key = presented_key(headers)
        if key is None:
            return Identity.anonymous()
        prefix = key_prefix(key)
        if prefix is None:
            raise Unauthorized("The API key is malformed.")
        digest = fingerprint(key)
        if self.cache is not None:
            await self._forget_if_access_changed()
        if self.cache is not None and digest in self.cache:
            identity, expires_at = self.cache[digest]
        else:
            identity, expires_at = await self._verify_once(prefix, digest)
        if identity is None or (expires_at is not None and expires_at <= datetime.now(UTC)):
            raise Unauthorized(REFUSED)
        return identity

    async def _verify_once(self, prefix: str, digest: str) -> Verified:
        """One verification at a time per key; a caller that gives up does not cut it short
        for the others."""
        pending = self.verifying.get(digest)
        if pending is None:
            pending = self.verifying[digest] = asyncio.ensure_future(self._verify(prefix, digest))

            def finished(done: asyncio.Future[Verified]) -> None:
                if self.verifying.get(digest) is done:
                    del self.verifying[digest]

            pending.add_done_callback(finished)
        return await asyncio.shield(pending)

    async def _verify(self, prefix: str, digest: str) -> Verified:
        """Asks the directory, and remembers the answer before the shared verification ends: a
        request arriving between its end and its waiters' resuming finds it remembered, rather
        than asking again."""
        verified = await self._ask(prefix, digest)
        if self.cache is not None:
            self.cache[digest] = verified
        return verified

    async def _ask(self, prefix: str, digest: str) -> Verified:
        response = await call(
            self.clients["directory"], "POST", "/internal/keys/verify", json={"prefix": prefix, "fingerprint": digest}
        )
        if response.status_code == 200:
            data = response.json()
            expires_at = data.pop("expires_at", None)
            return Identity.model_validate(data), datetime.fromisoformat(expires_at) if expires_at else None
        if response.status_code == 401:
            return None, None
        raise UpstreamUnavailable(f"Key verification answered {response.status_code}.")
