"""Token buckets in Redis: one atomic script, one round trip per request.

Written here because no maintained async library offers a token bucket (with the burst/refill
semantics and the RateLimit headers we want) in a single Redis call."""

import logging
import math
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.observability import RATE_LIMITED

log = logging.getLogger("hub.gateway.ratelimit")

# KEYS[1]: the bucket. ARGV: capacity, tokens per second, tokens to take (0 only asks whether
# one is left). Uses the server's clock, so gateways on several machines share one notion of
# time. Returns {allowed, tokens left as a string}.
TOKEN_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return {allowed, tostring(tokens)}
"""


@dataclass(frozen=True)
class Policy:
    name: str
    burst: int
    per_second: float


@dataclass(frozen=True)
class Decision:
    allowed: bool
    policy: Policy
    tokens: float

    def headers(self) -> dict[str, str]:
        p = self.policy
        headers = {
            "RateLimit-Limit": str(p.burst),
            "RateLimit-Remaining": str(max(0, math.floor(self.tokens))),
            "RateLimit-Reset": str(math.ceil((p.burst - self.tokens) / p.per_second)),
            "RateLimit-Policy": f"{p.burst};w={math.ceil(p.burst / p.per_second)}",
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, math.ceil((1 - self.tokens) / p.per_second)))
        return headers


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str = "hub:ratelimit") -> None:
        self.script = redis.register_script(TOKEN_BUCKET)
        self.prefix = prefix

    async def hit(self, bucket: str, policy: Policy, *, cost: int = 1) -> Decision | None:
        """Take `cost` tokens (0: only look whether one is left). None when Redis cannot answer:
        limits then fail open (logged), so an outage of the limiter does not become an outage of
        the API."""
        try:
            allowed, tokens = await self.script(
                keys=[f"{self.prefix}:{policy.name}:{bucket}"], args=[policy.burst, policy.per_second, cost]
            )
        except (RedisError, OSError) as exc:
            log.warning("rate limiter unavailable, request let through: %s", type(exc).__name__)
            return None
        if not allowed:
            RATE_LIMITED.labels(policy.name).inc()
        return Decision(bool(allowed), policy, float(tokens))
