"""`hub migrate --wait`, the init container of every pod: it succeeds once every schema is at
the code's revision, and fails (applying nothing) while any is behind."""

import os
import subprocess
import sys

import pytest

from hub.migrate import pending_services
from tests.conftest import ROOT, Env

pytestmark = pytest.mark.process


def wait_for_migrations(database_url: str, seconds: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "development"}
    command = [sys.executable, "-m", "hub", "migrate", "--wait", seconds]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_migrated_database_lets_pods_start(env: Env) -> None:
    result = wait_for_migrations(env.database_url, "5")

    assert result.returncode == 0, result.stderr
    assert "every schema is at the code's revision" in result.stdout


async def test_an_unmigrated_database_holds_pods_back_and_is_left_alone(empty_database: str) -> None:
    result = wait_for_migrations(empty_database, "0")

    assert result.returncode == 1
    assert "not migrated after 0 s: directory, metrics, reports" in result.stderr
    assert await pending_services(empty_database) == ["directory", "metrics", "reports"]
