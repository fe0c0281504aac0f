"""Every benchmark runs end to end at a small size, so the figures in docs/performance.md can
always be measured again. Their timings are not asserted; that they run and print their
comparison is (briefly, on little data). The reports benchmark is left out: it renders PDFs,
which take a minute."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, Env
from tests.support.programs import program

pytestmark = pytest.mark.process

BENCHES = {
    "ingest": (["--rows", "500"], "x COPY"),
    "aggregates": (["--observations", "20000", "--requests", "5"], "x naive at p95"),
    "disclosure": (["--organisations", "100", "--countries", "5", "--years", "2"], "x adding up"),
    "search": (["--organisations", "200", "--requests", "5"], "p95/bare"),
    "gateway_overhead": (["--seconds", "0.3"], "vs direct"),
    "throughput": (["--seconds", "1", "--warmup", "0", "--settle", "0", "--organisations", "200"], "x floor"),
    "load": (
        ["--readers", "4", "--writers", "1", "--seconds", "1", "--warmup", "1", "--organisations", "100"],
        "clients in a closed loop",
    ),
}

LOADED_BY_WRK = {"throughput", "load"}


@pytest.mark.parametrize("bench", BENCHES)
def test_benchmark_runs_and_prints_its_comparison(bench: str, env: Env, empty_database: str) -> None:
    if bench in LOADED_BY_WRK:
        program("wrk", "the load benchmarks generate their load with Debian's wrk package (.ci/run installs it)")
    args, comparison = BENCHES[bench]
    result = subprocess.run(
        [sys.executable, f"bench/{bench}.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": empty_database, "REDIS_URL": env.redis_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert comparison in result.stdout, result.stdout
