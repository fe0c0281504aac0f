"""`hub worker` with one extra job, for the shutdown tests: `reports.probe.hold` marks that it
started, then holds until the test releases it (a push on `<key>:release`). Run as
`python -m tests.deploy.worker_process`."""

from hub.worker import REGISTRIES, run
from shared.jobs import TaskRegistry

HOLD = "reports.probe.hold"
probe = TaskRegistry("reports")


@probe.task(HOLD, max_tries=3)
async def hold(ctx: dict, key: str) -> int:
    redis = ctx["redis"]
    await redis.set(f"{key}:started", ctx["job_try"], ex=600)
    await redis.blpop([f"{key}:release"], timeout=0)
    await redis.set(f"{key}:finished", ctx["job_try"], ex=600)
    return ctx["job_try"]


if __name__ == "__main__":
    run(functions=[f for r in [*REGISTRIES, probe] for f in r.functions])
