"""Writes that change who may do what tell the gateways, once committed (ACCESS_EPOCH_KEY)."""

import time
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.db import UoW
from shared.identity import ACCESS_EPOCH_KEY


async def move_access_epoch(redis: Redis) -> None:
    """Gateways only compare the epoch with what they last read: any new value will do. A value
    that is not a counter (written by hand, say) is replaced by one, rather than failing every
    announcement after it."""
    try:
        await redis.incr(ACCESS_EPOCH_KEY)
    except ResponseError:
        await redis.set(ACCESS_EPOCH_KEY, time.time_ns())


async def _announce(request: Request, uow: UoW) -> None:
    jobs = request.app.state.jobs
    uow.on_commit(lambda: move_access_epoch(jobs.pool))


# An endpoint parameter (`_: ChangesAccess`) of each write that changes an identity.
ChangesAccess = Annotated[None, Depends(_announce)]
