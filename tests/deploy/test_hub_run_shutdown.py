"""SIGTERM to `hub run` (the supervisor of every process) with 60 requests in flight: none is cut
off. The gateway stops taking connections first and finishes what it has; the services stop
after their callers, the directory last, so no request loses a service it is waiting for."""

import asyncio
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import Env
from tests.processes import start, until
from tests.support.ports import free_port

pytestmark = pytest.mark.process

READS = ["/v1/directory/organisations?limit=50", "/v1/directory/countries", "/v1/metrics/indicators"]
IN_FLIGHT = 60


async def test_sigterm_to_hub_run_cuts_no_request_off(env: Env, tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("PORT", "DIRECTORY_PORT", "METRICS_PORT", "REPORTS_PORT")}
    hub = start(
        ["-m", "hub", "run"],
        env,
        tmp_path / "hub.log",
        HUB_STATE_DIR=str(tmp_path),
        WORKER_METRICS_PORT="0",
        GATEWAY_ANONYMOUS_BURST="10000",
        **{name: str(port) for name, port in ports.items()},
    )
    gateway = f"http://127.0.0.1:{ports['PORT']}"
    try:
        await until(lambda: _ready(gateway), "hub run to be ready", seconds=180, process=hub)
        await until(lambda: f"gateway up on {gateway}" in hub.output(), "hub run to say the gateway is up", process=hub)
        async with httpx.AsyncClient(base_url=gateway, timeout=60, limits=httpx.Limits(max_connections=100)) as client:
            requests = [asyncio.create_task(_get(client, READS[i % len(READS)])) for i in range(IN_FLIGHT)]
            await until(lambda: sum(r.done() for r in requests) >= 3, "the first answers", process=hub)
            in_flight = sum(not r.done() for r in requests)
            hub.terminate()
            stopping = time.monotonic()
            answers = await asyncio.gather(*requests)
        code = await asyncio.to_thread(hub.wait)
        stopped = time.monotonic() - stopping
    finally:
        hub.stop()
    output = hub.output()

    print(f"{in_flight} requests in flight at SIGTERM; hub run stopped {stopped:.1f} s after it")
    assert in_flight > 0
    assert [a for a in answers if a != 200] == [], output[-3000:]
    assert code == 0
    order = [m.group(1) for m in re.finditer(r"hub\s+\| stopped (\w+)", output)]
    assert order[:1] == ["gateway"] and order[-1:] == ["directory"], order


async def _ready(gateway: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(f"{gateway}/readyz")).json().get("status") == "ready"
    except (httpx.HTTPError, ValueError):
        return False


async def _get(client: httpx.AsyncClient, path: str) -> int | str:
    try:
        return (await client.get(path)).status_code
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
