"""`hub run`'s supervisor as a real process: a child that dies is started again with backoff
(and the log says so) while the others keep running; SIGTERM stops every child in order and
exits 0."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.processes import MARK, kill_tree, wait_for

pytestmark = pytest.mark.process

SUPERVISOR = """
import sys
from hub.supervisor import Child, Supervisor
python = sys.executable
children = [
    Child("flaky", [python, "-c", "import sys, time; print('up', flush=True); time.sleep(0.2); sys.exit(3)"]),
    Child("steady", [python, "-c", "import time; print('up', flush=True); time.sleep(120)"]),
]
sys.exit(Supervisor(children, {}, stop_order=[["flaky"], ["steady"]], grace_seconds=5, max_backoff_seconds=2).run())
"""


def test_a_dead_child_is_restarted_with_backoff_and_sigterm_stops_all(tmp_path: Path) -> None:
    log = tmp_path / "supervisor.log"
    token = uuid.uuid4().hex
    with log.open("wb") as out:
        supervisor = subprocess.Popen(
            [sys.executable, "-c", SUPERVISOR],
            cwd=ROOT,
            env={**os.environ, MARK: token},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        restarts = re.compile(r"hub\s+\| flaky exited with status 3 after [\d.]+ s; restarting in (\S+) s")
        wait_for(lambda: len(restarts.findall(log.read_text())) >= 3, "three restarts of the flaky child", 20)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(20) == 0
    finally:
        if supervisor.poll() is None:  # it failed to stop: its children too
            kill_tree(supervisor, token)
    output = log.read_text()

    assert restarts.findall(output)[:3] == ["1", "2", "2"]  # 1, 2, 4 … up to max_backoff_seconds
    assert output.count("steady    | up") == 1  # never restarted: one child's crash is its own
    assert "stopping on SIGTERM" in output and "stopped steady" in output
    steady_pid = int(re.search(r"steady started \(pid (\d+)\)", output)[1])  # type: ignore[index]
    time.sleep(0.1)
    assert not Path(f"/proc/{steady_pid}").exists() or "zombie" in Path(f"/proc/{steady_pid}/status").read_text()
