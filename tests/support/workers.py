"""What a worker of a parallel run (pytest-xdist, `pytest -n N`) needs to stay apart from the
others: its name, its own Redis database, and servers the run's controller started once."""

import contextlib
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from hub.infra import provide

REDIS_DATABASES = 16  # Redis's default `databases`


def worker_name() -> str:
    """`gw0`, `gw1`... in a parallel run; `main` otherwise."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_number() -> int:
    name = worker_name()
    return int(name[2:]) if name.startswith("gw") else 0


def worker_redis_url(url: str, number: int | None = None) -> str:
    """`url` with its database moved `number` (this worker's) places on: worker 0 keeps the
    database named, worker 1 the next, and so on. Unique job ids, rate-limit buckets and the
    access epoch are keys of a whole database, which a queue name of its own does not separate."""
    number = worker_number() if number is None else number
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "unix" or "db" in query:
        base = int(query.get("db", 0))
        query["db"] = str(_checked(base + number, url))
        return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
    path = parts.path.strip("/")
    base = int(path) if path else 0
    return urlunsplit(parts._replace(path=f"/{_checked(base + number, url)}"))


def _checked(database: int, url: str) -> int:
    if database >= REDIS_DATABASES:
        raise pytest.UsageError(f"{url}: too many workers; Redis has databases 0-{REDIS_DATABASES - 1}")
    return database


def provide_for_workers(config: pytest.Config, state_dir: Path) -> None:
    """In the controller of a parallel run without TEST_DATABASE_URL / TEST_REDIS_URL: start the
    embedded servers once, for every worker (they inherit the URLs), and stop them at the end."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL"):
        return
    stack = contextlib.ExitStack()
    infra = stack.enter_context(
        provide(os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL"), state_dir)
    )
    os.environ["TEST_DATABASE_URL"], os.environ["TEST_REDIS_URL"] = infra.database_url, infra.redis_url
    config.add_cleanup(stack.close)
