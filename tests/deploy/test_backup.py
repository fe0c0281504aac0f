"""deploy/backup.py on a populated database of its own: the check round trip (count, dump,
wipe, restore, count) restores every row, and dumps restore into another, empty database."""

import subprocess
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hub.migrate import load_demo, load_starter_indicators, migrate_all
from services.directory.demo.generate import generate
from tests.conftest import ROOT, Env
from tests.support.databases import create_database, drop_database

pytestmark = pytest.mark.process

BACKUP = [sys.executable, str(ROOT / "deploy" / "backup.py")]


def backup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BACKUP, *args], capture_output=True, text=True, timeout=300)


def counts(url: str) -> dict[str, int]:
    out = backup("counts", "--database-url", url)
    assert out.returncode == 0, out.stderr
    return {table: int(n) for table, n in (line.split("\t") for line in out.stdout.splitlines())}


@pytest.fixture
async def populated(env: Env) -> AsyncIterator[str]:
    """A migrated database with demo organisations, coalitions and the starter indicators."""
    url = await create_database(env.database_url)
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(migrate_all, url).result()
        await load_demo(url, generate(120, 6))
        await load_starter_indicators(url)
        yield url
    finally:
        await drop_database(env.database_url, url)


def test_the_check_dumps_wipes_restores_and_finds_every_row(populated: str, tmp_path: Path) -> None:
    before = counts(populated)

    result = backup("check", "--database-url", populated, "--dir", str(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "restored identically" in result.stdout and "MISMATCH" not in result.stdout
    assert before["directory.organisations"] == 120 and before["metrics.indicators"] > 0
    assert counts(populated) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["directory.dump", "metrics.dump", "reports.dump"]


def test_dumps_restore_into_an_empty_database(populated: str, empty_database: str, tmp_path: Path) -> None:
    dumped = backup("dump", "--database-url", populated, "--dir", str(tmp_path))
    restored = backup("restore", "--database-url", empty_database, "--dir", str(tmp_path))

    assert dumped.returncode == 0 and restored.returncode == 0, dumped.stderr + restored.stderr
    assert counts(empty_database) == counts(populated)


def test_restore_refuses_a_folder_without_dumps(empty_database: str, tmp_path: Path) -> None:
    result = backup("restore", "--database-url", empty_database, "--dir", str(tmp_path))

    assert result.returncode != 0 and "no dump of directory" in result.stderr
