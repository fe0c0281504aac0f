"""Bulk ingest: a file of observations is applied completely or not at all. Up to
`SYNC_ROWS` rows are applied within the request; larger files are stored and applied by the
`metrics.batch.apply` job, whose status resource shows stage and counts. The same file from the
same organisation is the same batch: sending it again returns the batch as it is."""

import hashlib
import logging
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.metrics.batches import files, repository
from services.metrics.clients import DirectoryClient
from services.metrics.jobs import BATCH_APPLY, ROLLUPS_REFRESH
from services.metrics.models.batches import Batch
from services.metrics.vocabularies import BatchStatus
from shared.db import UnitOfWork, raw_connection, session_scope, utcnow
from shared.errors import InvalidInput, NotFound
from shared.identity import Identity
from shared.jobs import JobQueue, keep_alive, requeue_for_peer
from shared.request_context import request_id_var
from shared.uploads import UnreadableFile

log = logging.getLogger("hub.metrics.batches")
SYNC_ROWS = 10_000
MAX_REPORTED_ERRORS = 1000
TERMINAL = {BatchStatus.APPLIED, BatchStatus.REJECTED, BatchStatus.FAILED}
ATOMIC = "A batch is applied completely or not at all."
WAITING_FOR_DIRECTORY = "waiting for the directory service, which checking the rows needs"


class Rejected(Exception):
    def __init__(self, total: int, errors: list[dict[str, Any]]) -> None:
        self.total, self.errors = total, errors


async def _apply(
    session: AsyncSession,
    directory: DirectoryClient,
    batch: Batch,
    content: bytes,
) -> None:
    """Stage, check and apply `content` in the session's transaction; raise Rejected (after which
    the caller must roll back) when any row is wrong."""
    connection = await raw_connection(session)
    try:
        await repository.stage(connection, batch.format, content)
    except UnreadableFile as exc:
        raise Rejected(len(exc.errors), exc.errors[:MAX_REPORTED_ERRORS]) from exc
    # The directory is asked for memberships only when a row names a coalition (as a single
    # report), so a batch of public rows is applied while the directory is down.
    names_coalitions = await repository.clean(connection)
    coalitions = await directory.active_coalitions(batch.organisation_id) if names_coalitions else set()
    total, errors = await repository.check(
        connection, await directory.country_alpha2(), coalitions, MAX_REPORTED_ERRORS
    )
    if total:
        raise Rejected(total, errors)
    rows, created, updated = await repository.apply(
        connection, batch.organisation_id, batch.submitted_by, batch.request_id
    )
    batch.rows, batch.created, batch.updated, batch.unchanged = rows, created, updated, rows - created - updated
    batch.status, batch.stage, batch.percent, batch.finished_at = BatchStatus.APPLIED, "applied", 100, utcnow()
    batch.content = None


async def submit(
    uow: UnitOfWork,
    directory: DirectoryClient,
    jobs: JobQueue,
    caller: Identity,
    organisation_id: uuid.UUID,
    fmt: str,
    content: bytes,
) -> tuple[Batch, str]:
    """Returns the batch and 'applied' (done now), 'queued' (a job will) or 'existing'."""
    await directory.require_organisation(organisation_id, caller)
    if not content.strip():
        raise InvalidInput("The file is empty.", errors=[{"field": "body", "reason": "empty"}])
    digest = hashlib.sha256(content).hexdigest()
    session = uow.session
    found = await repository.by_content(session, organisation_id, digest)
    if found is not None and found.status not in (BatchStatus.REJECTED, BatchStatus.FAILED):
        return found, "existing"
    try:
        rows = files.count_rows(fmt, content)
    except UnreadableFile as exc:
        raise _problem(len(exc.errors), exc.errors) from exc
    batch = found or Batch(organisation_id=organisation_id, content_sha256=digest, format=fmt)
    batch.submitted_by, batch.request_id, batch.rows = caller.account_id, request_id_var.get(), rows
    # A new attempt: the worker deaths of the last one are forgotten, its patience counted anew.
    batch.orphaned, batch.submitted_at = 0, utcnow()
    batch.status, batch.stage, batch.percent, batch.errors, batch.error_count = BatchStatus.QUEUED, "queued", 0, [], 0
    session.add(batch)
    if rows > SYNC_ROWS:
        batch.content = content
        await session.flush()
        batch_id = str(batch.id)
        uow.on_commit(lambda: jobs.enqueue(BATCH_APPLY, batch_id))
        return batch, "queued"
    try:
        async with session.begin_nested():
            await _apply(session, directory, batch, content)
    except Rejected as exc:
        raise _problem(exc.total, exc.errors) from exc
    await session.flush()
    uow.on_commit(lambda: jobs.enqueue(ROLLUPS_REFRESH))
    return batch, "applied"


async def apply_file(
    session: AsyncSession, directory: DirectoryClient, organisation_id: uuid.UUID, fmt: str, content: bytes
) -> Batch:
    """Apply a file of an organisation at once, whatever its size, in the session's transaction,
    without keeping it as a batch (for loaders such as `hub seed demo`): the same staging, checks
    and apply statement as `submit`, so revisions and roll-up marks are written alike. Raises
    InvalidInput, having applied nothing, when any row is wrong; returns the batch (not stored)
    with its counts."""
    batch = Batch(
        organisation_id=organisation_id,
        content_sha256=hashlib.sha256(content).hexdigest(),
        format=fmt,
        request_id=request_id_var.get(),
    )
    try:
        async with session.begin_nested():
            await _apply(session, directory, batch, content)
    except Rejected as exc:
        raise _problem(exc.total, exc.errors) from exc
    return batch


def _problem(total: int, errors: list[dict[str, Any]]) -> InvalidInput:
    shown = "" if total <= len(errors) else f" (the first {len(errors)} are listed)"
    problems = "1 problem" if total == 1 else f"{total} problems"
    return InvalidInput(f"{ATOMIC} Nothing was applied: {problems}{shown}.", errors=errors)


async def run(
    sessionmaker: async_sessionmaker[AsyncSession],
    directory: DirectoryClient,
    batch_id: uuid.UUID,
    *,
    heartbeat_seconds: float,
) -> str:
    """The job: apply a stored batch. Safe to run again: a finished batch is left alone, and the
    whole batch commits in one transaction or not at all. While it works it touches its row
    every `heartbeat_seconds`, so the sweeper tells it from a batch whose worker died."""
    async with session_scope(sessionmaker) as session:
        batch = await repository.get(session, batch_id, for_update=True)
        if batch is None:
            return "missing"
        if batch.status in TERMINAL:
            return batch.status
        batch.status, batch.stage, batch.percent, batch.attempts = (
            BatchStatus.RUNNING,
            "checking rows",
            10,
            batch.attempts + 1,
        )
    async with keep_alive(sessionmaker, Batch, batch_id, heartbeat_seconds):
        return await _apply_stored(sessionmaker, directory, batch_id)


async def _apply_stored(
    sessionmaker: async_sessionmaker[AsyncSession], directory: DirectoryClient, batch_id: uuid.UUID
) -> str:
    async with session_scope(sessionmaker) as session:
        await repository.lock_for_apply(session, batch_id)
        batch = await repository.get(session, batch_id, fresh=True)
        if batch is None or batch.status in TERMINAL:  # deleted, or another attempt got there first
            return batch.status if batch else "missing"
        assert batch.content is not None
        try:
            async with session.begin_nested():
                await _apply(session, directory, batch, batch.content)
        except Rejected as exc:
            batch.status, batch.stage, batch.finished_at = (
                BatchStatus.REJECTED,
                "rejected: nothing was applied",
                utcnow(),
            )
            batch.error_count, batch.errors, batch.percent = exc.total, exc.errors, 100
            batch.content = None
    log.info("batch finished", extra={"batch_id": str(batch_id), "status": batch.status, "rows": batch.rows})
    return batch.status


async def fail(sessionmaker: async_sessionmaker[AsyncSession], batch_id: uuid.UUID, reason: str) -> None:
    """End an unfinished batch `failed` (the job stopped on an error of its own): nothing was
    applied, and sending the same file again makes a new attempt."""
    async with session_scope(sessionmaker) as session:
        batch = await repository.get(session, batch_id, for_update=True)
        if batch is not None and batch.status not in TERMINAL:
            batch.status, batch.stage, batch.finished_at = BatchStatus.FAILED, "failed: nothing was applied", utcnow()
            batch.error_count, batch.errors, batch.content = 1, [{"row": 0, "field": "body", "reason": reason}], None


async def wait_for_directory(
    sessionmaker: async_sessionmaker[AsyncSession], batch_id: uuid.UUID, patience_seconds: int
) -> bool:
    """The batch's job found the directory down: the batch goes back to `queued`, its stage
    saying so. False once the file was sent more than `patience_seconds` ago (it should fail
    instead), or when the batch is gone or finished."""
    return await requeue_for_peer(
        sessionmaker, Batch, batch_id, WAITING_FOR_DIRECTORY, since="submitted_at", patience_seconds=patience_seconds
    )


def directory_gone_reason(patience_seconds: int) -> str:
    return (
        f"Gave up after waiting {patience_seconds // 60} minutes for the directory service, which checking "
        "the rows needs and which was unavailable. Nothing was applied; send the file again."
    )


def orphaned_reason(times: int) -> str:
    return (
        f"The batch's job stopped its worker {times} times (the process ended while applying it, out of "
        "memory for instance), so it is not tried again. Nothing was applied; send the file again, "
        "split into smaller files if it fails the same way."
    )


async def get(session: AsyncSession, organisation_id: uuid.UUID, batch_id: uuid.UUID) -> Batch:
    batch = await repository.get(session, batch_id)
    if batch is None or batch.organisation_id != organisation_id:
        raise NotFound(f"No batch {batch_id} of organisation {organisation_id}.")
    return batch
