"""Country briefs: the first report path, through every part of the system (service, queue,
worker, peer service). Each stage is its own transaction, so the status resource shows it."""

import logging
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reports import repository
from services.reports.clients import CountryView, DirectoryClient
from services.reports.jobs import COUNTRY_BRIEF_GENERATE
from services.reports.models import CountryBriefRun, RunStatus
from shared.db import UnitOfWork, session_scope, utcnow
from shared.errors import InvalidInput, NotFound
from shared.jobs import JobQueue, requeue_stale_runs, update_run

log = logging.getLogger("hub.reports")
TERMINAL = {RunStatus.done, RunStatus.failed}


async def request_country_brief(
    uow: UnitOfWork, directory: DirectoryClient, jobs: JobQueue, country: str
) -> CountryBriefRun:
    if await directory.get_country(country) is None:
        raise InvalidInput(
            f"Unknown country {country!r}.",
            errors=[{"field": "country", "reason": "not an ISO 3166-1 alpha-3 code known to the directory"}],
        )
    run = CountryBriefRun(country=country)
    uow.session.add(run)
    await uow.session.flush()
    run_id = str(run.id)
    uow.on_commit(lambda: jobs.enqueue(COUNTRY_BRIEF_GENERATE, run_id))
    return run


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> CountryBriefRun:
    run = await repository.get_run(session, run_id)
    if run is None:
        raise NotFound(f"No country brief run {run_id}.")
    return run


async def advance(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, **changes: Any) -> None:
    await update_run(sessionmaker, CountryBriefRun, run_id, **changes)


async def generate_country_brief(
    sessionmaker: async_sessionmaker[AsyncSession], directory: DirectoryClient, run_id: uuid.UUID
) -> RunStatus | None:
    """Run (or resume) one brief. Safe to call more than once: a finished run is left alone."""
    async with session_scope(sessionmaker) as session:
        run = await repository.get_run(session, run_id, for_update=True)
        if run is None or run.status in TERMINAL:
            return RunStatus(run.status) if run else None
        run.status, run.stage, run.percent = RunStatus.running, "fetching country from directory", 10
        run.attempts += 1
        country_code = run.country

    country = await directory.get_country(country_code)
    if country is None:
        await advance(
            sessionmaker,
            run_id,
            status=RunStatus.failed,
            stage="failed",
            error=f"Unknown country {country_code}.",
            finished_at=utcnow(),
        )
        return RunStatus.failed

    await advance(sessionmaker, run_id, stage="writing brief", percent=70)
    await advance(
        sessionmaker,
        run_id,
        status=RunStatus.done,
        stage="done",
        percent=100,
        result=brief(country),
        error=None,
        finished_at=utcnow(),
    )
    return RunStatus.done


async def fail_run(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, reason: str) -> None:
    await advance(sessionmaker, run_id, status=RunStatus.failed, stage="failed", error=reason, finished_at=utcnow())


def brief(country: CountryView) -> dict[str, Any]:
    return {
        "country": {
            "iso3": country.iso3,
            "name": country.name,
            "region": country.region,
            "subregion": country.subregion,
        },
        "pathfinder": {
            "is_pathfinder": country.pathfinder,
            "planning_workshop": country.pathfinder_workshop_date.isoformat()
            if country.pathfinder_workshop_date
            else country.pathfinder_workshop_note,
            "roadmap_adopted_on": country.roadmap_adopted_on.isoformat() if country.roadmap_adopted_on else None,
        },
        "sources": [
            {
                "service": "directory",
                "resource": f"/v1/directory/countries/{country.iso3}",
                "as_of": utcnow().isoformat(),
            }
        ],
    }


async def sweep_unfinished_runs(
    sessionmaker: async_sessionmaker[AsyncSession],
    jobs: JobQueue,
    *,
    queued_after_seconds: int,
    running_after_seconds: int,
) -> int:
    """Re-enqueue country briefs whose job Redis may have lost."""
    return await requeue_stale_runs(
        sessionmaker,
        jobs,
        CountryBriefRun,
        COUNTRY_BRIEF_GENERATE,
        queued_after_seconds=queued_after_seconds,
        running_after_seconds=running_after_seconds,
    )
