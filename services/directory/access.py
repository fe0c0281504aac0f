"""Writes that change who may do what tell the gateways, once committed (ACCESS_EPOCH_KEY)."""

from typing import Annotated

from fastapi import Depends, Request

from shared.db import UoW
from shared.identity import ACCESS_EPOCH_KEY


async def _announce(request: Request, uow: UoW) -> None:
    jobs = request.app.state.jobs
    uow.on_commit(lambda: jobs.pool.incr(ACCESS_EPOCH_KEY))


# An endpoint parameter (`_: ChangesAccess`) of each write that changes an identity.
ChangesAccess = Annotated[None, Depends(_announce)]
