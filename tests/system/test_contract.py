"""The merged OpenAPI document is the truth about the API: schemathesis, with all of its checks,
generates requests from it against the real system, as an anonymous caller and with a platform
admin's key, in bounded runs (a few examples per operation; the keyed run within a time budget)."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.migrate import load_starter_indicators
from tests.conftest import ROOT, Env
from tests.reports.test_browser import run_chromium
from tests.support.databases import run_in_thread
from tests.system.conftest import System, running_system

# One worker runs these tests, so its `hub run` (a module fixture) starts once for them; the keyed
# schemathesis run has a worker and a `hub run` of its own, at the same time as the anonymous
# one (it spends its whole time budget).
pytestmark = pytest.mark.process
SHARED = pytest.mark.xdist_group("contract_system")

EXAMPLES_PER_OPERATION = "3"
# A time budget makes schemathesis repeat its fuzzing until the budget is spent. Measured with this
# seed: the anonymous run finds no case in the repeats that its single pass (about 20 s, 6,247
# cases) does not, so it runs once; the keyed run's repeats do find new ones (2,755 cases in one
# pass, 4,843 in 45 s), so it keeps its budget.
KEYED_RUN_SECONDS = 45
HUNG_RUN_SECONDS = 900
# Failures the document cannot rule out: a schema-valid value the data makes invalid (an
# indicator code that does not exist, a vocabulary term nobody defined); a file upload whose
# content its job checks, after accepting it (202); and the answer to a method a path does not
# declare (its status and `Allow`).
TOLERATED = {
    "Schema-valid request rejected",
    "Schema-violating request accepted",
    "Wrong response to undeclared method",
    "Allow header mismatch",
}
FAILURE_LINE = re.compile(r"^\s*❌ (ST\d+) (.+): (\d+)$", re.M)


@pytest.fixture(scope="module")
def contract_system(env: Env, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    # Generous limits: a rate-limited answer is documented, but would test nothing else.
    generous = {
        f"GATEWAY_{name}_BURST": "1000000"
        for name in ("ANONYMOUS", "RATE_LIMIT", "AUTH_FAILURE", "KEY_CREATION", "REGISTRATION")
    }
    with running_system(env, tmp_path_factory.mktemp("contract"), "contract", **generous) as system:
        yield system


def schemathesis(system: System, report: Path, *headers: str, seconds: int | None) -> tuple[dict[str, int], str]:
    """Runs schemathesis over the gateway's document, once through or for `seconds`; the failures it
    found by title, and its output."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{system.gateway}/openapi.json",
        "--checks=all",
        f"--max-examples={EXAMPLES_PER_OPERATION}",
        "--phases=examples,coverage,fuzzing",
        "--seed=87",
        "--workers=2",
        "--no-shrink",
        "--warnings=off",
        f"--report-dir={report}",
        *(f"--header={h}" for h in headers),
        *([f"--max-time={seconds}"] if seconds else []),
    ]
    # Run in `report`, where schemathesis keeps its example database, not in the checkout. The
    # timeout only stops a hung run: the pass without a budget takes 20-40 s alone, and several
    # times that on two cores shared with the rest of the phase.
    done = subprocess.run(command, capture_output=True, text=True, timeout=HUNG_RUN_SECONDS, cwd=report)
    found = {title: int(n) for _, title, n in FAILURE_LINE.findall(done.stdout)}
    assert "Tested:" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    return found, done.stdout


# First, while the admin's key is sure to work: the keyed contract run may revoke it.
@SHARED
def test_hub_import_loads_a_directory_file_through_the_api(contract_system: System, tmp_path: Path) -> None:
    rows = tmp_path / "organisations.csv"
    rows.write_text("external_id,name,countries\ncli-1,Imported From The Command Line,NPL\n")
    command = [sys.executable, "-m", "hub", "import", "directory", str(rows)]
    variables = {"HUB_URL": contract_system.gateway, "HUB_KEY": contract_system.admin_key, "PATH": os.environ["PATH"]}

    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=variables, cwd=ROOT)
    refused = subprocess.run(
        [*command[:-1], str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        env=variables,
        cwd=ROOT,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["created"] == 1
    assert refused.returncode != 0


@SHARED
def test_the_integration_script_runs_as_its_page_shows(contract_system: System, env: Env) -> None:
    """docs/examples/integrate.py, with the generated client: registers, is approved (the admin's
    key reviews it), reports a batch, reads the figures (docs/integration.md)."""
    run_in_thread(load_starter_indicators(env.database_url))  # `hub seed indicators`; existing codes kept
    variables = {
        "HUB_URL": contract_system.gateway,
        "HUB_REVIEWER_KEY": contract_system.admin_key,
        "HUB_ORG_NAME": "Integration Script Project",
        "PYTHONPATH": str(ROOT / "clients" / "python"),
        "PATH": os.environ["PATH"],
    }

    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "examples" / "integrate.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=variables,
        cwd=ROOT,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["registered: pending", "approved"]
    assert lines[2].startswith("batch: 201 applied {'rows': 3, 'created': 3")
    # Other tests' figures may add periods; ours are these.
    ours = {line.split()[0]: line.split("ours: ")[1] for line in lines[3:] if not line.endswith("ours: None")}
    assert ours == {"2022": "31", "2023": "44", "2024": "52"}


@pytest.mark.parametrize(
    "caller",
    [
        pytest.param("anonymous", marks=SHARED),
        pytest.param("platform admin", marks=pytest.mark.xdist_group("contract_keyed")),
    ],
)
def test_the_api_answers_as_its_document_says(contract_system: System, caller: str, tmp_path: Path) -> None:
    if caller == "anonymous":
        found, output = schemathesis(contract_system, tmp_path, seconds=None)
    else:
        key = f"Authorization: Bearer {contract_system.admin_key}"
        found, output = schemathesis(contract_system, tmp_path, key, seconds=KEYED_RUN_SECONDS)

    untolerated = {title: n for title, n in found.items() if title not in TOLERATED}
    assert untolerated == {}, f"{untolerated}\n{output[-20000:]}"
    answered = [r for r in contract_system.log_records() if r["message"] == "request" and r["path"].startswith("/v1/")]
    assert answered, "schemathesis sent no request"
    assert [r for r in answered if r["status"] == 500] == []


@SHARED
def test_swagger_ui_renders_the_document_without_any_other_host(contract_system: System, tmp_path: Path) -> None:
    """Headless Chromium, with every host but the gateway's unreachable, renders the operations."""
    page = run_chromium(
        tmp_path,
        "--virtual-time-budget=15000",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--dump-dom",
        f"{contract_system.gateway}/docs",
    ).stdout

    assert 'class="swagger-ui' in page
    assert "/v1/directory/organisations" in page and "Authorize" in page
