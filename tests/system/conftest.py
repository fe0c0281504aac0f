"""The whole system as real processes (`hub run`): gateway, services and worker, on the test
database and Redis."""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from tests.conftest import ROOT, TEST_SECRET, Env
from tests.processes import MARK, kill_tree
from tests.support.ports import free_port

SERVICES = ("gateway", "directory", "metrics", "reports")


@dataclass
class System:
    process: subprocess.Popen[bytes]
    gateway: str
    ports: dict[str, int]
    log: Path
    admin_key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_key}"}

    def log_records(self) -> list[dict]:
        records = []
        for line in self.log.read_text(errors="replace").splitlines():
            # the supervisor prefixes each line with "HH:MM:SS name | "
            _, sep, payload = line.partition("| ")
            if sep and payload.startswith("{"):
                try:
                    records.append(json.loads(payload))
                except ValueError:
                    pass
        return records


@contextlib.contextmanager
def running_system(env: Env, log_dir: Path, queue: str, **variables: str) -> Iterator[System]:
    """`hub run` with its own ports (its worker's metrics port too) and job queue (its worker sees
    only its own jobs), and the first platform admin's key; `variables` add to its environment."""
    ports = {name: free_port() for name in SERVICES}
    log = log_dir / "hub-run.log"
    token = uuid.uuid4().hex
    process_env = {
        **os.environ,
        MARK: token,
        "DATABASE_URL": env.database_url,
        "REDIS_URL": env.redis_url,
        "JOB_QUEUE": f"{env.queue_name}:{queue}",
        "ENVIRONMENT": "test",
        "SECRET_KEY": TEST_SECRET,
        "PORT": str(ports["gateway"]),
        **{f"{name.upper()}_PORT": str(ports[name]) for name in SERVICES if name != "gateway"},
        # Its own, not the default 8004: another worker's `hub run` may be running meanwhile.
        "WORKER_METRICS_PORT": str(free_port()),
        **variables,
    }
    # Its own rate limits: the buckets an earlier system of this worker left in the same Redis
    # database (other limits, refused keys from the same address) would otherwise still count.
    with redis.Redis.from_url(env.redis_url) as client:
        for key in client.scan_iter("hub:ratelimit:*"):
            client.delete(key)
    # The bootstrap a fresh install goes through: the first platform admin and its key.
    created = subprocess.run(
        [sys.executable, "-m", "hub", "admin", "create", "--name", f"{queue} admin"],
        cwd=ROOT,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    admin_key = created.stdout.strip().splitlines()[-1]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hub", "run"],
            cwd=ROOT,
            env=process_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    system = System(process, f"http://127.0.0.1:{ports['gateway']}", ports, log, admin_key)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{system.gateway}/readyz", timeout=2).json().get("status") == "ready":
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"hub run did not become ready:\n{log.read_text()[-4000:]}")
            time.sleep(0.3)
        yield system
    finally:
        kill_tree(process, token)  # and every child `hub run` started in a session of its own


@pytest.fixture(scope="module")
def system(env: Env, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with running_system(env, tmp_path_factory.mktemp("system"), "system") as system:
        yield system
