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
        query["db"] = str(_database(int(query.get("db", 0)), number, url))
        return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
    path = parts.path.strip("/")
    return urlunsplit(parts._replace(path=f"/{_database(int(path) if path else 0, number, url)}"))


def _database(base: int, number: int, url: str) -> int:
    """Worker `number`'s database: the `number`th of TEST_REDIS_DATABASES when it lists them (a
    shared server whose free databases are not in a row: "6,7,14,15"), `base + number` otherwise."""
    listed = [int(d) for d in os.environ.get("TEST_REDIS_DATABASES", "").split(",") if d.strip()]
    if listed and number >= len(listed):
        raise pytest.UsageError(f"TEST_REDIS_DATABASES lists {len(listed)} databases: too few for worker {number}")
    database = listed[number] if listed else base + number
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


def keep_xdist_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` keeps the tests marked xdist_group("name") on one worker by the suffix
    `@name` it adds to their node ids on the workers. pytest 9.2 keeps a node's id in a
    structured field which pytest-xdist 3.8 does not set: the suffix is lost, and the tests of
    a group spread over the workers, each setting up the group's costly module fixture again
    (pytest-dev/pytest-xdist#1386). This sets it there; it does nothing where xdist's took."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if names and "@" not in item.nodeid and hasattr(item, "_id"):
            from _pytest.nodeid import NodeId  # pytest >= 9.2, as item._id

            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")
