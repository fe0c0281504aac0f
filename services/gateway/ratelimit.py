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

# take(): one bucket with capacity, tokens per second and tokens to take (0 only asks whether
# one is left), at `now`, the server's clock (gateways on several machines share one notion of
# time). Returns {allowed, tokens left as a string}.
TAKE = """
local function take(key, capacity, rate, cost, now)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil then tokens = capacity; at = now end
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  local allowed = 0
  if tokens >= 1 then tokens = tokens - cost; allowed = 1 end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('EXPIRE', key, math.ceil(capacity / rate) + 1)
  return {allowed, tostring(tokens)}
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
"""
# KEYS[1]: the bucket. ARGV: capacity, tokens per second, tokens to take.
TOKEN_BUCKET = TAKE + "return take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), now)"
# A remembered key's request in one round trip: whether its address may still present keys
# (KEYS[1], only looked at), the access epoch (KEYS[2]), then, only if the address may, a token
# from the key's bucket (KEYS[3]). ARGV: the guard's capacity and rate, the bucket's capacity,
# rate and cost. Returns {guard allowed, guard tokens, epoch[, allowed, tokens]}.
GUARDED_BUCKET = (
    TAKE
    + """
local guard = take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), 0, now)
local epoch = redis.call('GET', KEYS[2])
if guard[1] == 0 then return {guard[1], guard[2], epoch} end
local taken = take(KEYS[3], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), now)
return {guard[1], guard[2], epoch, taken[1], taken[2]}
"""
)


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


@dataclass(frozen=True)
class Guarded:
    """A remembered key's checks: its address's guard, the access epoch read with it, and the
    key's own decision (None when the guard refused: no token was taken)."""

    guard: Decision
    epoch: bytes | None
    decision: Decision | None


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str = "hub:ratelimit") -> None:
        self.script = redis.register_script(TOKEN_BUCKET)
        self.guarded_script = redis.register_script(GUARDED_BUCKET)
        self.prefix = prefix

    async def hit_guarded(
        self, guard_bucket: str, guard: Policy, epoch_key: str, bucket: str, policy: Policy, *, cost: int = 1
    ) -> Guarded | None:
        """`hit(guard_bucket, guard, cost=0)`, a read of `epoch_key`, then `hit(bucket, policy)`
        if the guard allows, in one round trip. None when Redis cannot answer."""
        keys = [f"{self.prefix}:{guard.name}:{guard_bucket}", epoch_key, f"{self.prefix}:{policy.name}:{bucket}"]
        try:
            answer = await self.guarded_script(
                keys=keys, args=[guard.burst, guard.per_second, policy.burst, policy.per_second, cost]
            )
        except (RedisError, OSError) as exc:
            log.warning("rate limiter unavailable, request let through: %s", type(exc).__name__)
            return None
        checked = Decision(bool(answer[0]), guard, float(answer[1]))
        if not checked.allowed:
            RATE_LIMITED.labels(guard.name).inc()
            return Guarded(checked, answer[2], None)
        decision = Decision(bool(answer[3]), policy, float(answer[4]))
        if not decision.allowed:
            RATE_LIMITED.labels(policy.name).inc()
        return Guarded(checked, answer[2], decision)

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
