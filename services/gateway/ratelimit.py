"""Token buckets in Redis: one atomic script per request, and the scripts of requests that
arrive together sent in one round trip.

Written here because no maintained async library offers a token bucket (with the burst/refill
semantics and the RateLimit headers we want) in a single Redis call."""

import asyncio
import logging
import math
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError, RedisError

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


_Call = tuple[AsyncScript, list[str], list[Any], "asyncio.Future[Any]"]  # script, keys, args, its answer


@dataclass
class ScriptBatch:
    """Script calls made while the event loop runs one round of ready tasks go to Redis
    together, as one pipeline: one write and one read for all of them instead of one each
    (auto-pipelining, as ioredis does). Each script still runs atomically on its own; under load
    the round trip, not the script, was most of a cached answer's CPU (docs/performance.md)."""

    redis: Redis
    waiting: list["_Call"] = field(default_factory=list)
    sending: set["asyncio.Task[None]"] = field(default_factory=set)

    async def call(self, script: AsyncScript, keys: list[str], args: list[Any]) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self.waiting.append((script, keys, args, future))
        if len(self.waiting) == 1:
            loop.call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        calls, self.waiting = self.waiting, []
        task = asyncio.ensure_future(self._send(calls))
        self.sending.add(task)  # a reference until it ends
        task.add_done_callback(self.sending.discard)

    async def _send(self, calls: list["_Call"]) -> None:
        try:
            for (script, keys, args, future), result in zip(calls, await self._results(calls), strict=True):
                if isinstance(result, NoScriptError):  # a restarted Redis: the call loads it
                    result = await _outcome(script(keys=keys, args=args))
                if future.done():  # its request was cancelled
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)
        finally:  # interrupted (the loop stopping): no caller is left waiting
            for *_, future in calls:
                if not future.done():
                    future.set_exception(RedisError("the call to Redis was interrupted"))

    async def _results(self, calls: list["_Call"]) -> list[Any]:
        if len(calls) == 1:
            script, keys, args, _ = calls[0]
            return [await _outcome(script(keys=keys, args=args))]
        pipe = self.redis.pipeline(transaction=False)
        for script, keys, args, _ in calls:
            pipe.evalsha(script.sha, len(keys), *keys, *args)
        try:
            return list(await pipe.execute(raise_on_error=False))
        except Exception as exc:  # noqa: BLE001 - each caller decides (the limits fail open)
            return [exc] * len(calls)


async def _outcome(call: Any) -> Any:
    try:
        return await call
    except Exception as exc:  # noqa: BLE001 - handed to the caller
        return exc


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str = "hub:ratelimit") -> None:
        self.script = redis.register_script(TOKEN_BUCKET)
        self.guarded_script = redis.register_script(GUARDED_BUCKET)
        self.batch = ScriptBatch(redis)
        self.prefix = prefix

    async def hit_guarded(
        self, guard_bucket: str, guard: Policy, epoch_key: str, bucket: str, policy: Policy, *, cost: int = 1
    ) -> Guarded | None:
        """`hit(guard_bucket, guard, cost=0)`, a read of `epoch_key`, then `hit(bucket, policy)`
        if the guard allows, in one round trip. None when Redis cannot answer."""
        keys = [f"{self.prefix}:{guard.name}:{guard_bucket}", epoch_key, f"{self.prefix}:{policy.name}:{bucket}"]
        try:
            args = [guard.burst, guard.per_second, policy.burst, policy.per_second, cost]
            answer = await self.batch.call(self.guarded_script, keys, args)
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
            keys = [f"{self.prefix}:{policy.name}:{bucket}"]
            allowed, tokens = await self.batch.call(self.script, keys, [policy.burst, policy.per_second, cost])
        except (RedisError, OSError) as exc:
            log.warning("rate limiter unavailable, request let through: %s", type(exc).__name__)
            return None
        if not allowed:
            RATE_LIMITED.labels(policy.name).inc()
        return Decision(bool(allowed), policy, float(tokens))
