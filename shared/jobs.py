"""Jobs over arq: a registry per service, names `<service>.<noun>.<verb>`, ids-only arguments,
and the request id carried from the enqueuing request into the job's logs.

Job state that matters lives in PostgreSQL; Redis only carries the queue, so every service
that enqueues also registers a sweeper that re-enqueues what Redis may have lost.
"""

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from arq import cron
from arq.connections import ArqRedis, RedisSettings
from arq.constants import in_progress_key_prefix, result_key_prefix
from arq.cron import CronJob
from arq.worker import Function, Retry, func
from redis.asyncio import ConnectionPool
from sqlalchemy import and_, or_, select, update

from shared.db import session_scope, utcnow
from shared.errors import PEER_OUTAGES, is_unavailable
from shared.observability import stop_task, timed_job
from shared.request_context import new_request_id, request_id_var

# How long past a job's own limit arq waits before cancelling it: the job's overrun is caught first
# (`JobOverran`) and its `on_failure` has this long to end its run.
OVERRUN_GRACE_SECONDS = 30
JOB_NAME = re.compile(r"^(?P<service>[a-z]+)\.[a-z_]+\.[a-z_]+$")
JobArg = str | int
Ctx = dict[str, Any]
Hook = Callable[[Ctx], Awaitable[None]]
FailureHook = Callable[..., Awaitable[None]]  # (ctx, *job args, reason=...)
GiveUp = Callable[[Any], Awaitable[None]]  # (run id): ends a run `failed`, saying why
# A run's statuses while its job is owed: the sweeper's to hand back.
UNFINISHED = ("queued", "running")

log = logging.getLogger("hub.jobs")


def redis_settings(url: str) -> RedisSettings:
    settings = RedisSettings.from_dsn(url)
    settings.conn_timeout = 2
    settings.conn_retries = 2
    return settings


def job_id(name: str, *args: JobArg) -> str:
    """A deterministic id: arq refuses a second job with the same id while the first lives."""
    return ":".join([name, *map(str, args)])


@dataclass
class TaskRegistry:
    """What one service contributes to the worker: its jobs, crons and startup hooks."""

    service: str
    functions: list[Function] = field(default_factory=list)
    cron_jobs: list[CronJob] = field(default_factory=list)
    startup_hooks: list[Hook] = field(default_factory=list)
    shutdown_hooks: list[Hook] = field(default_factory=list)

    def _check_name(self, name: str) -> None:
        match = JOB_NAME.fullmatch(name)
        if not match or match["service"] != self.service:
            raise ValueError(f"job name {name!r} must look like '{self.service}.<noun>.<verb>'")
        if any(f.name == name for f in self.functions):
            raise ValueError(f"job {name!r} is registered twice")

    def task(
        self, name: str, *, max_tries: int = 5, timeout_seconds: int = 300, on_failure: FailureHook | None = None
    ) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
        """`on_failure(ctx, *args, reason=...)` ends the job's run `failed` when the job raised
        anything but an outage: without it, a file that crashes the job would leave its run
        `running` for good (the sweeper would hand it back, and it would crash again)."""
        self._check_name(name)

        def register(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
            async def run(ctx: Ctx, *args: JobArg, request_id: str | None = None) -> Any:
                token = request_id_var.set(request_id or new_request_id())
                try:
                    log.info("job started", extra={"job": name, "job_id": ctx.get("job_id")})
                    return await _within(timeout_seconds, timed_job(name, lambda: fn(ctx, *args)))
                except Retry:
                    raise
                except Exception as exc:
                    await _after_failure(ctx, name, args, exc, max_tries, on_failure)
                    raise
                finally:
                    request_id_var.reset(token)

            run.__qualname__ = run.__name__ = name
            # arq's own limit comes later, so the job's overrun is caught here and `on_failure` runs.
            timeout = timeout_seconds + OVERRUN_GRACE_SECONDS
            self.functions.append(func(run, name=name, max_tries=max_tries, timeout=timeout))
            return fn

        return register

    def cron(self, name: str, *, every_seconds: int) -> Callable[[Hook], Hook]:
        if 60 % every_seconds:
            raise ValueError("every_seconds must divide a minute")
        self._check_name(name)

        def register(fn: Hook) -> Hook:
            async def run(ctx: Ctx) -> None:
                token = request_id_var.set(new_request_id())
                try:
                    await timed_job(name, lambda: fn(ctx))
                finally:
                    request_id_var.reset(token)

            seconds = set(range(0, 60, every_seconds))
            self.cron_jobs.append(cron(run, name=name, second=seconds, microsecond=0, run_at_startup=True, unique=True))
            return fn

        return register

    def on_startup(self, hook: Hook) -> Hook:
        self.startup_hooks.append(hook)
        return hook

    def on_shutdown(self, hook: Hook) -> Hook:
        self.shutdown_hooks.append(hook)
        return hook


class JobOverran(Exception):
    """A job ran past its time limit. The job's own failure (a file too large for it, a loop),
    not an outage: run again, it would overrun again, so its run ends `failed`. Left to arq's
    limit, the job would be cancelled with its run still `running`, and the sweeper would hand it
    back without end."""

    def __init__(self, limit_seconds: int) -> None:
        super().__init__(f"ran past its limit of {limit_seconds} s")
        self.limit_seconds = limit_seconds


async def _within(limit_seconds: int, job: Awaitable[Any]) -> Any:
    try:
        async with asyncio.timeout(limit_seconds) as deadline:
            return await job
    except TimeoutError as exc:
        if deadline.expired():
            raise JobOverran(limit_seconds) from exc
        raise  # a timeout of the job's own (a statement, a call): an outage


def _backoff_seconds(tries: int) -> int:
    return min(60, 2**tries)


def retry_later(ctx: Ctx, max_tries: int, exc: Exception) -> str:
    """For a job whose run waits for a peer (its run queued again, `requeue_for_peer`): the job
    is tried again with the registry's backoff, or, on its last try, returns "waiting" and the
    sweeper hands the run back."""
    tries = ctx.get("job_try") or 1
    if tries >= max_tries:
        return "waiting"
    raise Retry(defer=_backoff_seconds(tries)) from exc


async def _after_failure(
    ctx: Ctx, name: str, args: tuple[JobArg, ...], exc: Exception, max_tries: int, on_failure: FailureHook | None
) -> None:
    """An outage (the database, Redis, or a peer service down, slow or answering 5xx) is retried
    with backoff (2, 4, 8 … s, at most a minute); once the tries are spent the run stays as it is
    and the sweeper hands it back. Anything else is the job's own failure (its input, or a bug):
    `on_failure` ends the run with a reason the user reads."""
    tries = ctx.get("job_try") or 1
    if is_unavailable(exc) or isinstance(exc, PEER_OUTAGES):
        if tries < max_tries:
            delay = _backoff_seconds(tries)
            log.warning("job hit an outage; retrying", extra={"job": name, "try": tries, "defer_seconds": delay})
            raise Retry(defer=delay) from exc
        log.error("job hit an outage on its last try; the sweeper hands it back", extra={"job": name})
        return
    log.exception("job failed", extra={"job": name, "job_id": ctx.get("job_id")})
    if on_failure is not None:
        what = (
            f"was stopped after running for its limit of {_duration(exc.limit_seconds)}"
            if isinstance(exc, JobOverran)
            else "stopped on an unexpected error"
        )
        reason = f"The job {what}; nothing was applied. It is logged under request id {request_id_var.get()}."
        await on_failure(ctx, *args, reason=reason)


def _duration(seconds: int) -> str:
    return f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} second{'' if seconds == 1 else 's'}"


class JobQueue:
    """The enqueuing side, shared by web processes and jobs."""

    def __init__(self, pool: ArqRedis, queue_name: str) -> None:
        self.pool = pool
        self.queue_name = queue_name

    @classmethod
    def connect(cls, redis_url: str, queue_name: str) -> "JobQueue":
        # Lazy: a service starts while Redis is down and says so on /readyz; requests that
        # only store work still succeed, and the sweeper enqueues it once Redis is back.
        connections = ConnectionPool.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
        return cls(ArqRedis(connections, default_queue_name=queue_name), queue_name)

    async def enqueue(self, name: str, *args: JobArg, unique: bool = True) -> bool:
        """Enqueue `name(*args)`; with `unique`, a job already queued or running is not doubled.
        Returns whether a new job was queued."""
        if not JOB_NAME.fullmatch(name):
            raise ValueError(f"not a job name: {name!r}")
        job = await self.pool.enqueue_job(
            name,
            *args,
            request_id=request_id_var.get(),
            _job_id=job_id(name, *args) if unique else None,
            _queue_name=self.queue_name,
        )
        return job is not None

    async def release(self, name: str, *args: JobArg) -> bool:
        """Forget that a worker holds the job: arq marks a started job as in progress until its
        timeout has passed, so the job of a killed worker would wait that long. Only for a job
        whose worker is known to be dead; the job itself stays queued and is picked up again.
        Returns whether a worker held it (arq drops the mark when a job ends, fails or is handed
        back at an orderly shutdown: a mark left behind is a worker that died holding the job)."""
        return bool(await self.pool.delete(in_progress_key_prefix + job_id(name, *args)))

    async def forget_result(self, name: str, *args: JobArg) -> None:
        """Drop arq's result of an earlier attempt: arq refuses a job id whose result it keeps
        (`keep_result`, an hour, and across restarts in Redis's dump), so a run handed back after
        its attempt ended without finishing it could not be enqueued again. Whether a run is done
        is PostgreSQL's to say, never this key's."""
        await self.pool.delete(result_key_prefix + job_id(name, *args))

    async def ping(self) -> None:
        await self.pool.ping()

    async def close(self) -> None:
        await self.pool.aclose()


async def update_run(sessionmaker: Any, model: Any, run_id: Any, **changes: Any) -> None:
    """Change a run's row (a `model` with `id`) in a short transaction of its own, so its status
    resource shows the change at once; a run that no longer exists is left alone."""
    async with session_scope(sessionmaker) as session:
        run = await session.get(model, run_id, with_for_update=True)
        if run is not None:
            for name, value in changes.items():
                setattr(run, name, value)


@contextlib.asynccontextmanager
async def keep_alive(sessionmaker: Any, model: Any, run_id: Any, every_seconds: float) -> AsyncIterator[None]:
    """Touch the run's `updated_at` every `every_seconds` while the block runs, so the sweeper
    tells a long but live job from one whose worker died (its run stops being touched)."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(every_seconds)
            await update_run(sessionmaker, model, run_id, updated_at=utcnow())

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        await stop_task(task)


async def requeue_for_peer(
    sessionmaker: Any, model: Any, run_id: Any, stage: str, *, since: str, patience_seconds: int
) -> bool:
    """A peer service the run's job needs is down: the run (a row of `model` with `id`, `status`,
    `stage`, `percent`) goes back to `queued`, its stage saying what it waits for, so the sweeper
    hands it back if its job does not return. False, changing nothing, once the run's `since`
    (when it was asked for) is more than `patience_seconds` ago (it should fail instead), or
    when it is gone or finished."""
    async with session_scope(sessionmaker) as session:
        run = await session.get(model, run_id, with_for_update=True)
        if run is None or run.status not in UNFINISHED:
            return False
        if utcnow() - getattr(run, since) > timedelta(seconds=patience_seconds):
            return False
        run.status, run.stage, run.percent = "queued", stage[:200], 0
    return True


async def requeue_stale_runs(
    sessionmaker: Any,
    jobs: JobQueue,
    model: Any,
    job_name: str,
    *,
    queued_after_seconds: int,
    running_after_seconds: int,
    orphaned_limit: int,
    give_up: GiveUp,
    limit: int = 1000,
) -> int:
    """Re-enqueue the runs (rows of `model` with `id`, `status`, `updated_at`, `orphaned`) whose
    job Redis may have lost or whose worker died: queued for longer than the grace period, or
    running but untouched. `running_after_seconds` must exceed the longest a live job goes without
    touching its run (see `keep_alive`); past it, the worker is presumed dead and its hold on the
    job is released. Enqueueing uses the run's deterministic job id, so a job that still exists
    is not doubled.

    A run whose worker died holding its job (arq's in-progress mark still set: killed, out of
    memory) counts one more orphaning; the `orphaned_limit`-th is not handed back but given to
    `give_up(run_id)`, which ends the run `failed`: a job that kills its worker every time would
    otherwise be handed back without end. A job Redis lost, one handed back at a worker's orderly
    shutdown, or one whose attempt ended in an outage left no mark, and is handed back uncounted.
    Returns how many runs were handed back."""
    handed_back = 0
    for run_id, status in await _claim_stale(sessionmaker, model, queued_after_seconds, running_after_seconds, limit):
        if status == "running" and await jobs.release(job_name, str(run_id)):
            orphaned = await _count_orphaned(sessionmaker, model, run_id)
            if orphaned >= orphaned_limit:
                log.error(
                    "a run's job stopped its worker too often; the run is failed",
                    extra={"job": job_name, "run_id": str(run_id), "orphaned": orphaned},
                )
                await give_up(run_id)
                continue
        # The run is unfinished in PostgreSQL, so any result arq keeps for its job id is an
        # attempt that ended without finishing it (failed in an outage, say): forget it, or the
        # job id could not be enqueued again. A job still queued is not doubled (its id holds).
        await jobs.forget_result(job_name, str(run_id))
        if await jobs.enqueue(job_name, str(run_id)) or status == "running":
            handed_back += 1
    if handed_back:
        log.warning("handed back runs whose jobs were lost or orphaned", extra={"job": job_name, "count": handed_back})
    return handed_back


async def _claim_stale(
    sessionmaker: Any, model: Any, queued_after_seconds: int, running_after_seconds: int, limit: int
) -> list[tuple[Any, str]]:
    """The stale runs' ids and statuses, claimed: touching them makes a sweeper running beside
    this one skip them (locked, then no longer stale), so each is handed back once per grace
    period."""
    now = utcnow()
    stale = (
        select(model.id)
        .where(
            or_(
                and_(model.status == "queued", model.updated_at < now - timedelta(seconds=queued_after_seconds)),
                and_(model.status == "running", model.updated_at < now - timedelta(seconds=running_after_seconds)),
            )
        )
        .order_by(model.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = update(model).where(model.id.in_(stale)).values(updated_at=now).returning(model.id, model.status)
    async with session_scope(sessionmaker) as session:
        return [(run_id, status) for run_id, status in (await session.execute(claim)).all()]


async def _count_orphaned(sessionmaker: Any, model: Any, run_id: Any) -> int:
    """One more orphaning of the run, if it is still running; how many it has had (0: none
    counted, the run having finished meanwhile)."""
    count = (
        update(model)
        .where(model.id == run_id, model.status == "running")
        .values(orphaned=model.orphaned + 1)
        .returning(model.orphaned)
    )
    async with session_scope(sessionmaker) as session:
        return int(await session.scalar(count) or 0)
