"""PostgreSQL stopped for 10 s (a private server, `pgserver`, never the machine's), just after an
import was accepted: meanwhile the directory answers 503 with Retry-After and stays up; once
PostgreSQL is back it answers again, and the import is done, with no process restarted. How
long each recovery took is printed."""

import asyncio
import logging
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pgserver
import pytest
from pgserver._commands import pg_ctl

from hub.migrate import migrate_all
from shared.identity import Identity, sign
from tests.conftest import TEST_SECRET, Env
from tests.processes import Process, start, until
from tests.support.ports import free_port

pytestmark = pytest.mark.process

OUTAGE_SECONDS = 10
ADMIN = Identity(kind="account", platform_admin=True)


class PrivatePostgres:
    def __init__(self, folder: Path) -> None:
        # pgserver logs every pg_ctl call, the last one at exit after pytest closed the stream.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        self.server = pgserver.get_server(folder, cleanup_mode="stop")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user)

    def start(self) -> None:
        self.server.ensure_postgres_running()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    # Not under tmp_path: run as root, pgserver runs PostgreSQL as a user of its own and opens
    # the folders above to it, and any pytest starting meanwhile (another run's) closes
    # /tmp/pytest-of-root again, which pg_ctl then cannot enter to stop the server.
    with tempfile.TemporaryDirectory(prefix="hub-test-postgres-", ignore_cleanup_errors=True) as folder:
        postgres = PrivatePostgres(Path(folder) / "postgres")
        migrate_all(postgres.url)
        yield postgres
        postgres.server.cleanup()


async def call(client: httpx.AsyncClient, method: str, path: str, **kwargs: object) -> httpx.Response:
    headers = sign(ADMIN, secret=TEST_SECRET, method=method, path=path)
    return await client.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)  # type: ignore[arg-type]


async def test_an_import_accepted_before_postgres_stops_is_done_after(
    env: Env, private_postgres: PrivatePostgres, tmp_path: Path
) -> None:
    own = Env(private_postgres.url, env.redis_url, f"hub:test:pg-outage:{uuid.uuid4().hex[:8]}")
    port = free_port()
    sweeps = {"DIRECTORY_SWEEP_QUEUED_AFTER_SECONDS": "2", "DIRECTORY_SWEEP_RUNNING_AFTER_SECONDS": "4"}
    directory = start(["-m", "hub", "serve", "directory"], own, tmp_path / "directory.log", DIRECTORY_PORT=str(port))
    worker = start(["-m", "hub", "worker"], own, tmp_path / "worker.log", WORKER_METRICS_PORT="0", **sweeps)
    processes: list[Process] = [directory, worker]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await until(lambda: _answers(client), "the directory to answer", seconds=120, process=directory)
            csv = f"external_id,name,countries\noutage-{uuid.uuid4().hex[:6]},Accepted Before,NPL\n"
            accepted = await call(
                client, "POST", "/v1/directory/imports", content=csv, headers={"content-type": "text/csv"}
            )
            private_postgres.stop()
            stopped = time.monotonic()
            during = await call(client, "GET", "/v1/directory/countries")
            alive = await client.get("/healthz")
            await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))

            private_postgres.start()
            back = time.monotonic()
            await until(lambda: _answers(client), "the directory to answer again", process=directory)
            reads_again = time.monotonic() - back
            path = f"/v1/directory/imports/{accepted.json()['id']}"
            await until(lambda: _done(client, path), "the import to be done", seconds=180, process=worker)
            done_after = time.monotonic() - back
            finished = await call(client, "GET", path)
    finally:
        restarted = [p.popen.poll() is not None for p in processes]
        for process in processes:
            process.stop()

    print(
        f"PostgreSQL down {OUTAGE_SECONDS} s: reads answered again {reads_again:.1f} s after it came back, "
        f"the accepted import done {done_after:.1f} s after"
    )
    assert accepted.status_code == 202, accepted.text
    assert during.status_code == 503 and during.headers["retry-after"] == "5"
    assert during.headers["content-type"] == "application/problem+json"
    assert alive.status_code == 200
    assert finished.json()["status"] == "done" and finished.json()["counts"]["created"] == 1, finished.text
    assert restarted == [False, False]  # neither process exited: each resumed by itself


async def _answers(client: httpx.AsyncClient) -> bool:
    try:
        return (await call(client, "GET", "/v1/directory/countries")).status_code == 200
    except httpx.HTTPError:
        return False


async def _done(client: httpx.AsyncClient, path: str) -> bool:
    try:  # a loaded machine may answer slowly while the pool reconnects: ask again
        response = await call(client, "GET", path)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json()["status"] in ("done", "failed")
