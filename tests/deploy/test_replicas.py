"""Two replicas of a real service (`hub serve directory`) behind a balancer that retries as
deploy/nginx/coalition-hub.conf configures nginx to (tests/balancer.py): the same signed request
sent again to the other replica is answered, not refused as a replay, and a write is applied
once; with one replica killed, and then with one frozen (SIGSTOP), every request is answered and
the frozen replica costs one slow try before it is routed around. How long each took is printed."""

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.directory.models.organisations import Organisation
from shared.db import session_scope
from shared.identity import Identity, sign
from tests.balancer import Balancer
from tests.conftest import TEST_SECRET, Env
from tests.processes import Process, served, start, until, wait_for
from tests.support.ports import free_port

pytestmark = pytest.mark.process

PATH = "/v1/directory/organisations"
ADMIN = Identity(kind="account", platform_admin=True)


def signed(method: str, path: str = PATH, query: str = "") -> dict[str, str]:
    return sign(ADMIN, secret=TEST_SECRET, method=method, path=path, query=query)


def replica(env: Env, port: int, log: Path) -> Process:
    process = start(["-m", "hub", "serve", "directory"], env, log, DIRECTORY_PORT=str(port))
    wait_for(lambda: _answers(port), "the replica to answer")
    return process


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def replicas(env: Env, tmp_path: Path) -> Iterator[tuple[list[int], list[Process]]]:
    ports = [free_port(), free_port()]
    processes = [replica(env, port, tmp_path / f"replica-{i}.log") for i, port in enumerate(ports)]
    yield ports, processes
    for process in processes:
        if process.popen.poll() is None:
            os.kill(process.popen.pid, signal.SIGCONT)
        process.stop()


async def created(app: FastAPI, names: list[str]) -> dict[str, int]:
    async with session_scope(app.state.sessionmaker) as session:
        rows = await session.execute(
            select(Organisation.name, func.count()).where(Organisation.name.in_(names)).group_by(Organisation.name)
        )
    return {name: count for name, count in rows.all()}


async def test_the_same_request_on_another_replica_is_answered_once(
    directory_app: FastAPI, replicas: tuple[list[int], list[Process]]
) -> None:
    ports, _ = replicas
    name = f"Retried on a replica {uuid.uuid4().hex[:6]}"
    headers = signed("POST")
    async with httpx.AsyncClient(timeout=30) as client:
        first = await client.post(f"http://127.0.0.1:{ports[0]}{PATH}", json={"name": name}, headers=headers)
        retried = await client.post(f"http://127.0.0.1:{ports[1]}{PATH}", json={"name": name}, headers=headers)
        read = signed("GET", f"{PATH}/{first.json()['id']}")
        reads = [await client.get(f"http://127.0.0.1:{p}{PATH}/{first.json()['id']}", headers=read) for p in ports]

    assert first.status_code == 201, first.text
    assert (retried.status_code, retried.json()) == (201, first.json())
    assert retried.headers["idempotent-replayed"] == "true"
    assert [r.status_code for r in reads] == [200, 200]
    assert await created(directory_app, [name]) == {name: 1}


async def test_a_killed_and_a_frozen_replica_are_routed_around(
    env: Env, directory_app: FastAPI, replicas: tuple[list[int], list[Process]], tmp_path: Path
) -> None:
    ports, processes = replicas
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    balancer = Balancer(urls, try_seconds=2.0, down_seconds=60)
    names: list[str] = []

    async def write(client: httpx.AsyncClient) -> httpx.Response:
        names.append(f"Balanced {uuid.uuid4().hex[:8]}")
        return await client.post(PATH, json={"name": names[-1]}, headers=signed("POST"))

    async def read(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get(PATH, params={"q": "Balanced"}, headers=signed("GET", PATH, "q=Balanced"))

    async with served(balancer) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        processes[0].stop()  # SIGKILL
        started = time.monotonic()
        killed = [await (write if i % 2 else read)(client) for i in range(10)]
        with_one_killed = time.monotonic() - started

        processes[0] = replica(env, ports[0], tmp_path / "replica-0-again.log")
        balancer.down_until[urls[0]] = 0.0  # back, as nginx finds after fail_timeout
        os.kill(processes[1].popen.pid, signal.SIGSTOP)
        started = time.monotonic()
        frozen = [await write(client) for _ in range(2)] + [await (write if i % 2 else read)(client) for i in range(8)]
        with_one_frozen = time.monotonic() - started
        os.kill(processes[1].popen.pid, signal.SIGCONT)
        # The frozen replica then handles what it was sent meanwhile (a write the other replica
        # has applied): it must not apply it again.
        await until(lambda: _answers(ports[1]), "the frozen replica to answer again")
    await balancer.aclose()

    print(f"10 requests with one replica killed: {with_one_killed:.1f} s; with one frozen: {with_one_frozen:.1f} s")
    assert [r.status_code for r in killed] == [200, 201] * 5, [r.text for r in killed if r.status_code >= 300]
    assert [r.status_code for r in frozen] == [201, 201] + [200, 201] * 4, [r.text for r in frozen]
    assert balancer.refused == 1  # the killed replica, then marked down
    assert balancer.timeouts == 1  # the frozen one: one slow try, then routed around
    assert await created(directory_app, names) == dict.fromkeys(names, 1)
