"""`hub run`'s supervisor: every child a process of its own, each line of its output prefixed with
its name; a child that dies is started again with backoff (and the log says so), so one child's
crash never stops the others; Ctrl-C or SIGTERM stops the children in order, callers before the
services they call."""

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

POLL_SECONDS = 0.1


@dataclass
class Child:
    name: str
    args: list[str]
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0  # deaths in a row, each without a stable run between them
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    """`stop_order`: groups of child names, stopped one group after the other (each given
    `grace_seconds` after SIGTERM before SIGKILL)."""

    children: list[Child]
    env: dict[str, str]
    stop_order: Sequence[Sequence[str]]
    grace_seconds: float = 25.0
    max_backoff_seconds: float = 30.0
    stable_seconds: float = 60.0  # a child that ran this long starts its backoff afresh
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop_signal: int | None = None

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self.out.write(f"{time.strftime('%H:%M:%S')} {name:<9} | {line}\n")
            self.out.flush()

    def run(self) -> int:
        """Until SIGINT or SIGTERM; returns the exit status (0: stopped on request)."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            for child in self.children:
                self._start(child)
            while self._stop_signal is None:
                now = time.monotonic()
                for child in self.children:
                    self._watch(child, now)
                time.sleep(POLL_SECONDS)
            self.say("hub", f"stopping on {signal.Signals(self._stop_signal).name}")
            self.stop()
            return 0
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, _frame: object) -> None:
        self._stop_signal = signum

    def _start(self, child: Child) -> None:
        # A session of its own: a terminal's Ctrl-C reaches only the supervisor, which then
        # stops the children in order.
        child.popen = subprocess.Popen(
            child.args,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        child.started_at, child.restart_at = time.monotonic(), None
        self.say("hub", f"{child.name} started (pid {child.popen.pid})")
        threading.Thread(target=self._relay, args=(child.name, child.popen), daemon=True).start()

    def _relay(self, name: str, popen: subprocess.Popen[bytes]) -> None:
        assert popen.stdout is not None
        for raw in popen.stdout:
            self.say(name, raw.decode(errors="replace").rstrip("\n"))

    def _watch(self, child: Child, now: float) -> None:
        if child.restart_at is not None:
            if now >= child.restart_at:
                child.restarts += 1
                self._start(child)
            return
        assert child.popen is not None
        code = child.popen.poll()
        if code is None:
            return
        ran = now - child.started_at
        child.failures = 1 if ran >= self.stable_seconds else child.failures + 1
        delay = min(self.max_backoff_seconds, 2.0 ** (child.failures - 1))
        child.restart_at = now + delay
        self.say("hub", f"{child.name} exited with status {code} after {ran:.1f} s; restarting in {delay:g} s")

    def stop(self) -> None:
        """SIGTERM each group in turn and wait for it (SIGKILL after the grace period)."""
        for group in self.stop_order:
            members = [c for c in self.children if c.name in group and c.popen and c.popen.poll() is None]
            for child in members:
                assert child.popen is not None
                child.popen.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + self.grace_seconds
            for child in members:
                assert child.popen is not None
                try:
                    child.popen.wait(max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    self.say("hub", f"{child.name} did not stop within {self.grace_seconds:g} s; killing it")
                    child.popen.kill()
                    child.popen.wait()
            if members:
                self.say("hub", f"stopped {', '.join(c.name for c in members)}")


def child(name: str, *args: str) -> Child:
    """A `python -m hub …` child, with this interpreter."""
    return Child(name, [sys.executable, "-m", "hub", *args])
