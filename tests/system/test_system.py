"""The whole system as real processes (`hub run`): gateway, services and worker, on the test
database and Redis."""

import os
import re
import signal
import socket
import subprocess
import time
import uuid

import httpx
import pytest

from tests.conftest import ROOT, TEST_SECRET
from tests.system.conftest import System

# One worker runs the whole module, so its `hub run` (a module fixture) starts once.
pytestmark = [pytest.mark.process, pytest.mark.xdist_group("system")]


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
    submitted = httpx.post(f"{system.gateway}/v1/reports/reports/{run['id']}/submit", headers=system.auth)
    assert submitted.status_code == 200, submitted.text
    # No member has endorsed it: it stays a draft, readable by its coalition in every form.
    refused = httpx.post(f"{system.gateway}/v1/reports/reports/{run['id']}/publish", headers=system.auth)
    assert refused.status_code == 409 and "signed off" in refused.json()["detail"], refused.text
    page = httpx.get(f"{system.gateway}{run['artifacts']['html']}", headers=system.auth)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'lang="fr"' in page.text
    time.sleep(0.5)  # let the last log lines reach the file
    services = {r["service"] for r in system.log_records() if r.get("request_id") == request_id}
    # gateway -> reports -> directory (validation), then the worker -> directory and metrics
    assert services >= {"gateway", "reports", "directory", "metrics", "worker"}


def _nepal_coalitions(system: System) -> int:
    found = httpx.get(f"{system.gateway}/v1/directory/coalitions", params={"q": "Nepal Freedom Coalition"})
    return sum(c["name"] == "Nepal Freedom Coalition" for c in found.json()["items"])


def test_the_readme_takes_a_report_to_its_published_page(system: System) -> None:
    """The README's steps for a shadow report, run as written (with this system's address for
    localhost:8000): a newcomer's way from a coalition to a public page and its PDF. Run twice,
    as a newcomer may, they answer the same and make one coalition (their Idempotency-Keys); run
    again with L=fr, they make the same coalition's report in French."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = re.search(r"```sh\n(.*?)```", readme[readme.index("A shadow report, from a coalition") :], re.S)
    assert steps is not None
    script = steps.group(1).replace("localhost:8000", system.gateway.removeprefix("http://"))
    coalitions_before = _nepal_coalitions(system)

    runs = [
        subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            env={**os.environ, "KEY": system.admin_key, **({"L": language} if language else {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        for language in (None, None, "fr")
    ]

    for done in runs:
        assert done.returncode == 0, done.stdout + done.stderr
    *steps_said, public_url = runs[0].stdout.splitlines()
    *french_steps, french_url = runs[2].stdout.splitlines()
    assert steps_said == french_steps == ["pending", "active", "1", "in_review", "true"]
    assert runs[1].stdout == runs[0].stdout  # the same answers, the same report
    assert _nepal_coalitions(system) == coalitions_before + 1
    page = httpx.get(f"{system.gateway}{public_url}")
    assert page.status_code == 200 and "Debt bondage persists in brick kilns." in page.text
    pdf = httpx.get(f"{system.gateway}{public_url}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    french = httpx.get(f"{system.gateway}{french_url}")
    assert french_url != public_url and french.status_code == 200 and 'lang="fr"' in french.text
    assert "La servitude pour dettes persiste dans les briqueteries." in french.text  # its words in French


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
