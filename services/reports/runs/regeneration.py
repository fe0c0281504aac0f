"""Consent withdrawn or narrowed: every run that quotes the testimony, draft or published, loses
it at once. Its stored document keeps only that a testimony was there (so the next edition can
say one is no longer quoted), and no digest of what it held (its content hash would confirm a
guessed quote); every rendered form is erased, since each of them quotes it; the run is marked
for regeneration and answers 409 with the reason until the coalition requests the report again.
Published editions are announced as withdrawn."""

import uuid
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from sqlalchemy import any_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from services.reports.models.runs import ReportRun
from services.reports.runs import erasures, events
from services.reports.runs.artifacts import FORMS, Artifacts, every_variant
from services.reports.webhooks import service as webhooks
from shared.db import UnitOfWork
from shared.jobs import JobQueue


def retract(run: ReportRun, gone: Collection[uuid.UUID], reason: str) -> list[str]:
    """Takes the testimonies out of the run, in the caller's transaction. Returns the object
    keys of its erased forms, to delete after commit (`Artifacts.forget`): those of every
    variant, since a published edition's draft forms, kept beside it, quote the same words."""
    keys = [k for key in (run.artifact_keys or {}).values() for k in every_variant(key)]
    wanted = {str(i) for i in gone}
    if run.document is not None:
        document: dict[str, Any] = dict(run.document)
        document["testimonies"] = [
            {**t, "quote": "", "context": ""} if t["id"] in wanted else t for t in document.get("testimonies", [])
        ]
        # A digest of the words taken out would confirm a guess at them: it goes with them.
        document["meta"] = {**document.get("meta", {}), "content_hash": ""}
        run.document = document
    for attribute in FORMS:
        setattr(run, attribute, None)
    run.artifact_keys = None
    run.content_hash = None
    run.testimony_ids = [i for i in run.testimony_ids if i not in set(gone)]
    run.needs_regeneration, run.regeneration_reason = True, reason
    return keys


async def retract_everywhere(
    session: AsyncSession, testimony_id: uuid.UUID, reason: str
) -> tuple[list[uuid.UUID], list[str]]:
    """Retracts the testimony from every run quoting it. Returns the webhook deliveries (for
    `webhooks.enqueue()`) and the object keys (for `Artifacts.forget()`), both after commit.
    The caller holds the testimony's row lock, which a finishing run takes too (see
    `service.generate`), so no run can store forms quoting it after this."""
    runs = await session.scalars(
        select(ReportRun).where(testimony_id == any_(col(ReportRun.testimony_ids))).with_for_update()
    )
    deliveries: list[uuid.UUID] = []
    keys: list[str] = []
    for run in runs.all():
        keys += retract(run, {testimony_id}, reason)
        if run.workflow == "published":
            # The edition was public, so every subscriber may learn that it is withdrawn (not why in detail).
            deliveries += await webhooks.emit(session, "report.regeneration_needed", events.payload(run), None)
    return deliveries, keys


def retraction(
    sessionmaker: async_sessionmaker[AsyncSession], jobs: JobQueue, artifacts: Artifacts
) -> Callable[[UnitOfWork, uuid.UUID, str], Awaitable[None]]:
    """The retraction the testimonies feature calls when a public testimony is narrowed or
    withdrawn: `retract_everywhere` in its transaction, which also schedules the erased forms'
    objects for deletion (`erasures`); then the webhooks sent and the objects deleted once it
    commits, or by the sweeper if that fails."""

    async def retract(uow: UnitOfWork, testimony_id: uuid.UUID, reason: str) -> None:
        deliveries, keys = await retract_everywhere(uow.session, testimony_id, reason)
        await erasures.schedule(uow.session, keys)
        uow.on_commit(lambda: webhooks.enqueue(jobs, deliveries))
        uow.on_commit(lambda: erasures.erase(sessionmaker, artifacts, keys))

    return retract
