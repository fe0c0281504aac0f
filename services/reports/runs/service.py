"""Report runs: requested by the authoring coalition's admins, produced by a job (gather, hash,
render, store), then taken through draft -> in review -> published by the same admins. Each stage
of the job is its own transaction, so the status resource shows progress; the artifacts are
written with the final status in one transaction, so a run killed midway leaves nothing half
done and its retry writes them once."""

import asyncio
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from services.reports import document as doc
from services.reports import rendering
from services.reports.clients import DirectoryClient
from services.reports.jobs import REPORT_GENERATE
from services.reports.models.runs import ReportRun
from services.reports.runs import changes, erasures, events, gather, regeneration
from services.reports.runs.artifacts import FORMS, PUBLISHED, Artifacts
from services.reports.testimonies import service as testimonies
from services.reports.webhooks import service as webhooks
from shared.db import UnitOfWork, hold_lock, insert_unless_taken, session_scope, utcnow
from shared.errors import Conflict, InvalidInput, NotFound
from shared.idempotency import HEADER
from shared.identity import Identity
from shared.jobs import JobQueue, keep_alive, requeue_for_peer, requeue_stale_runs, update_run

log = logging.getLogger("hub.reports.runs")
UNFINISHED = ("queued", "running")
NEXT = {"submit": ("draft", "in_review"), "return": ("in_review", "draft"), "publish": ("in_review", "published")}


def may_author(caller: Identity, coalition_id: uuid.UUID) -> bool:
    return caller.admin_of_coalition(coalition_id)


async def may_read(caller: Identity, run: ReportRun, directory: DirectoryClient) -> bool:
    """Drafts are for the authoring coalition: its admins and its active member organisations."""
    if run.workflow == "published" or may_author(caller, run.coalition_id):
        return True
    if caller.is_account and caller.organisation_id is not None:
        return await member_reads_drafts(directory, run.coalition_id, caller.organisation_id)
    return False


async def member_reads_drafts(directory: DirectoryClient, coalition_id: uuid.UUID, organisation_id: uuid.UUID) -> bool:
    """Whether the organisation reads the coalition's drafts: it is an active member of it now."""
    return coalition_id in await directory.active_coalitions(organisation_id)


def _announce(session: AsyncSession, event: str, run: ReportRun) -> Awaitable[list[uuid.UUID]]:
    """`report.completed` or `report.failed`: they name a draft, so they go to the requesting
    organisation only if it may read the run when they are delivered, as `may_read` decides for
    its members (an active member of the coalition); each delivery's job asks the directory, and
    waits for it when it is down (`webhooks/audience.py`). One that has left, or never joined,
    would learn that a draft exists."""
    audience = {run.requester_org} if run.requester_org is not None else set()
    return webhooks.emit(session, event, events.payload(run), audience, members_of=run.coalition_id)


async def request(
    uow: UnitOfWork,
    directory: DirectoryClient,
    jobs: JobQueue,
    caller: Identity,
    wanted: gather.Request,
    idempotency_key: str | None,
) -> tuple[ReportRun, bool]:
    """Returns the run and whether it is new. The same Idempotency-Key from the same account, or
    the same request while an earlier one is unfinished, returns the earlier run; the account's
    key sent with another request (through another of its API keys) is refused."""
    session = uow.session
    if idempotency_key and (found := await _by_idempotency_key(session, caller, idempotency_key)):
        if _key_of(found) != _key_of(wanted):
            raise InvalidInput(
                "This Idempotency-Key was used by your account for another report request.",
                errors=[{"field": HEADER, "reason": "already used for a different request"}],
            )
        return found, False
    errors = []
    if await directory.get_country(wanted.country) is None:
        errors.append({"field": "country", "reason": "not an ISO 3166-1 alpha-3 code known to the directory"})
    coalition = await directory.get_coalition(wanted.coalition_id)
    if coalition is None:
        errors.append({"field": "coalition_id", "reason": "no such coalition"})
    if errors:
        raise InvalidInput("The report request is not valid.", errors=errors)
    # One request of a series at a time: two sent at once would each find no unfinished run.
    await hold_lock(session, _key_of(wanted))
    pending = await session.scalar(select(ReportRun).where(*_series(wanted), col(ReportRun.status).in_(UNFINISHED)))
    if pending is not None:
        return pending, False
    # The edition it will be, as its start decides it again (another may be published meanwhile).
    published = await session.scalar(
        select(func.max(ReportRun.edition)).where(*_series(wanted), col(ReportRun.workflow) == "published")
    )
    run = ReportRun(
        edition=(published or 0) + 1,
        country=wanted.country,
        period=wanted.period,
        coalition_id=wanted.coalition_id,
        template=wanted.template,
        language=wanted.language,
        requested_by=caller.account_id,
        requester_org=caller.organisation_id,
        idempotency_key=idempotency_key,
    )
    if not await insert_unless_taken(session, run):
        # The same Idempotency-Key sent twice at once: the first request's run is the answer.
        found = await _by_idempotency_key(session, caller, idempotency_key or "")
        assert found is not None
        return found, False
    run_id = str(run.id)
    uow.on_commit(lambda: jobs.enqueue(REPORT_GENERATE, run_id))
    return run, True


async def _by_idempotency_key(session: AsyncSession, caller: Identity, key: str) -> ReportRun | None:
    return await session.scalar(
        select(ReportRun).where(col(ReportRun.requested_by) == caller.account_id, col(ReportRun.idempotency_key) == key)
    )


def _key_of(r: Any) -> str:
    """A series' name: country, period, coalition, template, language."""
    return f"reports.run:{r.country}/{r.period}/{r.coalition_id}/{r.template}/{r.language}"


def _series(r: Any) -> list[Any]:
    """The runs of the same report: country, period, coalition, template, language."""
    return [
        col(ReportRun.country) == r.country,
        col(ReportRun.period) == r.period,
        col(ReportRun.coalition_id) == r.coalition_id,
        col(ReportRun.template) == r.template,
        col(ReportRun.language) == r.language,
    ]


async def get(session: AsyncSession, run_id: uuid.UUID) -> ReportRun:
    run = await session.get(ReportRun, run_id)
    if run is None:
        raise NotFound(f"No report run {run_id}.")
    return run


async def generate(
    sessionmaker: async_sessionmaker[AsyncSession],
    peers: dict[str, httpx.AsyncClient],
    queue: JobQueue,
    artifacts: Artifacts,
    run_id: uuid.UUID,
    *,
    min_contributors: int,
    min_sensitive_count: int,
    heartbeat_seconds: float,
) -> str:
    """The job. Safe to run again, even while a presumed-dead attempt still runs: the artifacts
    are written with the final status under the run's row lock, by whichever attempt gets there
    first; a finished run is left alone."""
    started = await _start(sessionmaker, run_id)
    if isinstance(started, str):
        return started
    # Touched while it works, so the sweeper can tell this run from one whose worker died.
    async with keep_alive(sessionmaker, ReportRun, run_id, heartbeat_seconds):
        async with session_scope(sessionmaker) as session:
            gathered = await gather.gather(
                session,
                peers["directory"],
                peers["metrics"],
                started.wanted,
                as_of=utcnow(),
                edition=started.edition,
                min_contributors=min_contributors,
                min_sensitive_count=min_sensitive_count,
            )
        document = gathered.document
        digest = gather.content_hash(document)
        await update_run(sessionmaker, ReportRun, run_id, stage="rendering", percent=60, content_hash=digest)
        same_id, reused = await _same_inputs(sessionmaker, started.wanted, digest, run_id)
        if reused is None:
            document.meta.content_hash = digest
            document.changes = changes.changes(started.previous_document, document)
            # Rendering (the PDF above all) is CPU work: off the event loop, so the heartbeat and
            # the worker's other jobs go on meanwhile.
            rendered = await asyncio.to_thread(rendering.render, document)
            kept = await artifacts.keep(run_id, {name: getattr(rendered, name) for name in FORMS})
            reused = {"document": document.model_dump(mode="json"), **kept, "edition": started.edition}
        finished = await _finish(sessionmaker, run_id, reused, same_id, started.previous_id, gathered)
        if finished is None:  # another attempt finished first
            return "done"
    deliveries, forget = finished
    await webhooks.enqueue(queue, deliveries)
    await erasures.erase(sessionmaker, artifacts, forget)
    log.info("report generated", extra={"run_id": str(run_id), "reused": same_id is not None})
    return "done"


@dataclass(frozen=True)
class _Started:
    wanted: gather.Request
    requester: uuid.UUID | None  # the requesting organisation
    previous_id: uuid.UUID | None  # the latest published edition of the same report
    edition: int
    previous_document: doc.ReportDocument | None


async def _start(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> _Started | str:
    """Marks the run running and finds the edition it would be; or the status of a run that is
    missing or already finished."""
    async with session_scope(sessionmaker) as session:
        run = await session.get(ReportRun, run_id, with_for_update=True)
        if run is None:
            return "missing"
        if run.status in ("done", "failed"):
            return run.status
        run.status, run.stage, run.percent, run.attempts = "running", "gathering data", 10, run.attempts + 1
        wanted = gather.Request(run.country, run.period, run.coalition_id, run.template, run.language)
        previous = await session.scalar(
            select(ReportRun)
            .where(*_series(run), col(ReportRun.workflow) == "published", col(ReportRun.id) != run.id)
            .order_by(col(ReportRun.edition).desc())
            .limit(1)
        )
        if previous is None:
            return _Started(wanted, run.requester_org, None, 1, None)
        document = doc.ReportDocument.model_validate(previous.document)
        return _Started(wanted, run.requester_org, previous.id, previous.edition + 1, document)


async def _same_inputs(
    sessionmaker: async_sessionmaker[AsyncSession], wanted: gather.Request, digest: str, run_id: uuid.UUID
) -> tuple[uuid.UUID | None, dict[str, Any] | None]:
    """A finished run of the same report from the same inputs: its id, and what this run takes
    of it (document, forms, edition)."""
    async with session_scope(sessionmaker) as session:
        same = await session.scalar(
            select(ReportRun).where(
                *_series(wanted),
                col(ReportRun.content_hash) == digest,
                col(ReportRun.status) == "done",
                col(ReportRun.needs_regeneration).is_(False),
                col(ReportRun.id) != run_id,
            )
        )
        if same is None:
            return None, None
        return same.id, {k: getattr(same, k) for k in ("document", *FORMS, "artifact_keys", "edition")}


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    reused: dict[str, Any],
    same_id: uuid.UUID | None,
    previous_id: uuid.UUID | None,
    gathered: gather.Gathered,
) -> tuple[list[uuid.UUID], list[str]] | None:
    """Stores the run as done, with the members it was gathered with, under its row lock, and
    announces it (`_announce`). Returns the webhook deliveries to send and
    the object keys to forget, or None when another attempt finished first."""
    async with session_scope(sessionmaker) as session:
        run = await session.get(ReportRun, run_id, with_for_update=True)
        assert run is not None
        if run.status == "done":
            return None
        forget: list[str] = []
        for name, value in reused.items():
            setattr(run, name, value)
        run.same_as, run.previous_id, run.gathered_members = same_id, previous_id, gathered.members
        quoted = [t.id for t in gathered.document.testimonies]
        run.testimony_ids = quoted
        if gone := set(quoted) - await testimonies.still_public(session, quoted):
            # Consent changed while the report was made: the forms just rendered quote it.
            forget = regeneration.retract(run, gone, "consent to a quoted testimony changed while it was made")
            await erasures.schedule(session, forget)
        run.status, run.stage, run.percent, run.finished_at = "done", "done", 100, utcnow()
        deliveries = await _announce(session, "report.completed", run)
    return deliveries, forget


async def fail(
    sessionmaker: async_sessionmaker[AsyncSession],
    queue: JobQueue,
    artifacts: Artifacts,
    run_id: uuid.UUID,
    error: str,
) -> None:
    """Ends the run `failed`, announced (`_announce`). Forms an attempt had already put in object
    storage are nobody's now (no row points at them, and a later withdrawal of consent would not
    find them): their objects are deleted too."""
    async with session_scope(sessionmaker) as session:
        run = await session.get(ReportRun, run_id, with_for_update=True)
        if run is None or run.status == "done":
            return
        run.status, run.stage, run.error, run.finished_at = "failed", "failed", error, utcnow()
        await erasures.schedule(session, artifacts.object_keys(run_id))
        deliveries = await _announce(session, "report.failed", run)
    await webhooks.enqueue(queue, deliveries)
    await erasures.erase(sessionmaker, artifacts, artifacts.object_keys(run_id))


async def wait_for_peer(
    sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, reason: str, patience_seconds: int
) -> bool:
    """A peer the run needs is down: the run goes back to `queued`, its stage saying what it waits
    for, so the sweeper hands it back if its job does not return. False once the run was
    requested more than `patience_seconds` ago (it should fail instead), or is gone or finished."""
    stage = f"waiting for a service it needs: {reason}"
    return await requeue_for_peer(
        sessionmaker, ReportRun, run_id, stage, since="created_at", patience_seconds=patience_seconds
    )


# The sign-off a published edition states (`signoff.service.for_publication`, given by the app:
# sign-offs are on runs, so runs do not import them).
SignoffOf = Callable[[AsyncSession, ReportRun], Awaitable[doc.SignOff]]


async def move(
    uow: UnitOfWork, jobs: JobQueue, artifacts: Artifacts, signoff_of: SignoffOf, run_id: uuid.UUID, action: str
) -> ReportRun:
    """A workflow step, by the authoring coalition's admins (the route's rule)."""
    run = await uow.session.get(ReportRun, run_id, with_for_update=True, populate_existing=True)
    if run is None:
        raise NotFound(f"No report run {run_id}.")
    if run.status != "done":
        raise Conflict(f"The report is {run.status}; only a generated report goes to review.")
    if run.needs_regeneration:
        raise Conflict(f"This report must be regenerated before review: {run.regeneration_reason}. Request it again.")
    if run.same_as is not None and action != "return":
        raise Conflict(
            f"This run found the same inputs as run {run.same_as}, so its report is that run's edition "
            f"{run.edition}; take that run through review instead, or request the report again once something "
            "has changed."
        )
    source, target = NEXT[action]
    if run.workflow != source:
        raise Conflict(f"A report {run.workflow.replace('_', ' ')} cannot be {action}ed; it must be {source}.")
    run.workflow = target
    if target == "published":
        run.published_at = utcnow()
        base = re.sub(r"[^a-z0-9]+", "-", f"{run.country}-{run.period}-{run.template}-{run.language}".lower())
        run.slug = f"{base}-e{run.edition}-{run.id.hex[:8]}"
        await _render_published(run, artifacts, await signoff_of(uow.session, run))
        ids = await webhooks.emit(uow.session, "report.published", events.payload(run), None)
        uow.on_commit(lambda: webhooks.enqueue(jobs, ids))
    return run


async def _render_published(run: ReportRun, artifacts: Artifacts, endorsed: doc.SignOff) -> None:
    """The edition as published: its forms rendered again without the draft mark and the
    suggestions, with the publication date and the sign-off (the inputs, and so the content hash,
    are the draft's), the page linking to the edition's PDF, JSON and SDMX-CSV forms at its public address. The report
    speaks for the coalition: it needs the coalition's own words."""
    if run.document is None or run.published_at is None or run.slug is None:
        raise Conflict("This run holds no report to publish; request the report again.")
    document = doc.ReportDocument.model_validate(run.document)
    if document.authored is None or not (document.authored.headline_findings or document.recommendations):
        raise Conflict(
            "The coalition has written no headline findings or recommendations for this report: write them "
            "(PUT /v1/reports/coalitions/{coalition_id}/contents/...) and request the report again."
        )
    document.meta.draft, document.meta.published_on = False, run.published_at.date()
    document.signoff, document.suggestions = endorsed, []
    forms_href = f"/v1/reports/public/{run.slug}"
    rendered = await asyncio.to_thread(rendering.render, document, forms_href=forms_href)
    kept = await artifacts.keep(run.id, {name: getattr(rendered, name) for name in FORMS}, variant=PUBLISHED)
    run.document = document.model_dump(mode="json")
    for name, value in kept.items():
        setattr(run, name, value)


async def public(session: AsyncSession, slug: str) -> ReportRun:
    run = await session.scalar(
        select(ReportRun).where(col(ReportRun.slug) == slug, col(ReportRun.workflow) == "published")
    )
    if run is None:
        raise NotFound(f"No published report {slug!r}.")
    if run.needs_regeneration:
        raise Conflict(
            "This edition is withdrawn until it is regenerated: "
            + (run.regeneration_reason or "some of its content may no longer be published.")
        )
    return run


def orphaned_reason(times: int) -> str:
    """What a run whose job stopped its worker `times` times says (docs/reports.md)."""
    return (
        f"The report's job stopped its worker {times} times (the process ended while making it, out of "
        "memory for instance), so it is not tried again. Request the report again; if it fails the same "
        "way, tell the platform's operators, who find it in the logs by this run's id."
    )


async def sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    jobs: JobQueue,
    artifacts: Artifacts,
    *,
    orphaned_limit: int,
    **grace: int,
) -> int:
    """Hands back runs whose job was lost or whose worker died; a run whose job stopped its
    worker `orphaned_limit` times fails instead, as any failed run does (`report.failed`, and
    no form kept)."""

    async def give_up(run_id: uuid.UUID) -> None:
        await fail(sessionmaker, jobs, artifacts, run_id, orphaned_reason(orphaned_limit))

    return await requeue_stale_runs(
        sessionmaker, jobs, ReportRun, REPORT_GENERATE, orphaned_limit=orphaned_limit, give_up=give_up, **grace
    )
