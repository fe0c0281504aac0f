"""Fixtures shared by the deploy tests."""

from collections.abc import AsyncIterator

import pytest

from shared.testing import create_database, drop_database
from tests.conftest import Env


@pytest.fixture
async def empty_database(env: Env) -> AsyncIterator[str]:
    """A throwaway database of its own, created empty (no schema) and dropped after the test."""
    url = await create_database(env.database_url)
    try:
        yield url
    finally:
        await drop_database(env.database_url, url)
