"""`hub run` next to another one: it stops at once, naming the ports in use and the variables
that move them, instead of restarting services that cannot bind while its gateway talks to the
other system's."""

import socket
from pathlib import Path

import pytest

from tests.conftest import Env
from tests.processes import start
from tests.support.ports import free_port

pytestmark = pytest.mark.process


def test_hub_run_stops_when_a_port_is_taken(env: Env, tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("PORT", "DIRECTORY_PORT", "METRICS_PORT", "REPORTS_PORT")}
    with socket.socket() as other:
        other.bind(("127.0.0.1", ports["METRICS_PORT"]))
        other.listen()
        hub = start(["-m", "hub", "run"], env, tmp_path / "hub.log", HUB_STATE_DIR=str(tmp_path),
                    WORKER_METRICS_PORT="0", **{name: str(port) for name, port in ports.items()})  # fmt: skip
        try:
            code = hub.wait()
        finally:
            hub.stop()

    assert code == 1
    assert f"{ports['METRICS_PORT']} (METRICS_PORT)" in hub.output()
    assert "gateway up" not in hub.output()  # nothing was started
