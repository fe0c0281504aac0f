"""The whole system as real processes (`hub run`): gateway, services and worker, on the test
database and Redis."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, TEST_SECRET, Env
from tests.processes import free_port

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


@pytest.fixture(scope="module")
def system(env: Env, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    ports = {name: free_port() for name in SERVICES}
    log = tmp_path_factory.mktemp("system") / "hub-run.log"
    process_env = {
        **os.environ,
        "DATABASE_URL": env.database_url,
        "REDIS_URL": env.redis_url,
        "JOB_QUEUE": f"{env.queue_name}:system",  # its worker sees only its own jobs
        "ENVIRONMENT": "test",
        "SECRET_KEY": TEST_SECRET,
        "PORT": str(ports["gateway"]),
        **{f"{name.upper()}_PORT": str(ports[name]) for name in SERVICES if name != "gateway"},
    }
    # The bootstrap a fresh install goes through: the first platform admin and its key.
    created = subprocess.run(
        [sys.executable, "-m", "hub", "admin", "create", "--name", "System test admin"],
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
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{system.gateway}/readyz", timeout=2).json().get("status") == "ready":
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"hub run did not become ready:\n{log.read_text()[-4000:]}")
        time.sleep(0.3)
    yield system
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def test_pathfinder_countries_through_the_gateway(system: System) -> None:
    response = httpx.get(f"{system.gateway}/v1/directory/countries", params={"pathfinder": "true"})

    assert response.status_code == 200
    assert len(response.json()["items"]) == 15


def test_report_end_to_end_with_one_request_id(system: System) -> None:
    """A coalition, a report run through the real worker, its review and its public page."""
    coalition = httpx.post(
        f"{system.gateway}/v1/directory/coalitions",
        json={"name": f"Madagascar coalition {uuid.uuid4().hex[:6]}", "scope": "national", "country": "MDG"},
        headers=system.auth,
    )
    assert coalition.status_code == 201, coalition.text
    request_id = f"e2e-{uuid.uuid4().hex}"
    accepted = httpx.post(
        f"{system.gateway}/v1/reports/reports",
        json={"country": "MDG", "period": "2024", "coalition_id": coalition.json()["id"], "language": "fr"},
        headers={"X-Request-ID": request_id, **system.auth},
    )
    assert accepted.status_code == 202, accepted.text
    seen_statuses = {accepted.json()["status"]}

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = httpx.get(f"{system.gateway}{accepted.headers['location']}", headers=system.auth).json()
        seen_statuses.add(run["status"])
        if run["status"] in ("done", "failed"):
            break
        time.sleep(0.2)

    assert run["status"] == "done", run
    assert "queued" in seen_statuses
    document = httpx.get(f"{system.gateway}{run['artifacts']['json']}", headers=system.auth).json()
    assert document["meta"]["country"]["name"] == "Madagascar"
    for action in ("submit", "publish"):
        moved = httpx.post(f"{system.gateway}/v1/reports/reports/{run['id']}/{action}", headers=system.auth)
        assert moved.status_code == 200, moved.text
    page = httpx.get(f"{system.gateway}{moved.json()['public_url']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'lang="fr"' in page.text
    time.sleep(0.5)  # let the last log lines reach the file
    services = {r["service"] for r in system.log_records() if r.get("request_id") == request_id}
    # gateway -> reports -> directory (validation), then the worker -> directory and metrics
    assert services >= {"gateway", "reports", "directory", "metrics", "worker"}


def test_requests_without_a_key_may_read_but_not_write(system: System) -> None:
    read = httpx.get(f"{system.gateway}/v1/directory/action-groups")
    write = httpx.post(
        f"{system.gateway}/v1/reports/reports",
        json={"country": "MDG", "period": "2024", "coalition_id": str(uuid.uuid4())},
    )
    me = httpx.get(f"{system.gateway}/v1/directory/me", headers=system.auth).json()

    assert read.status_code == 200
    assert write.status_code == 401 and write.headers["www-authenticate"].startswith("Bearer")
    assert me["platform_admin"] is True and me["kind"] == "account"


def test_a_service_called_directly_refuses_the_request(system: System) -> None:
    response = httpx.get(f"http://127.0.0.1:{system.ports['directory']}/v1/directory/action-groups")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_merged_openapi_through_the_gateway(system: System) -> None:
    doc = httpx.get(f"{system.gateway}/openapi.json").json()

    assert "/v1/reports/reports" in doc["paths"]
    assert "x-unavailable-services" not in doc["info"]


def test_ctrl_c_stops_every_process(system: System) -> None:
    os.killpg(system.process.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends

    system.process.wait(timeout=30)
    for name, port in system.ports.items():
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"{name} still listening"
    records = system.log_records()
    errors = [r for r in records if r.get("level") == "ERROR"]
    assert not errors, f"errors logged while running: {errors}"
    text = system.log.read_text(errors="replace")
    secret = system.admin_key.split("_", 2)[2]  # hub_<prefix>_<secret>; the secret may hold "_" itself
    assert system.admin_key not in text and secret not in text
    assert TEST_SECRET not in text
