import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shared.identity import Identity
from tests.conftest import as_identity
from tests.support.apps import asgi_client

PLATFORM_ADMIN = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=uuid.uuid4(), platform_admin=True)


@pytest.fixture
async def admin(directory: httpx.AsyncClient, directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The directory as a platform admin sees it, in the same rolled-back transaction as `directory`."""
    async with asgi_client(directory_app, "http://directory", signer=as_identity(PLATFORM_ADMIN)) as client:
        yield client


async def create_org(admin: httpx.AsyncClient, **fields: object) -> dict:
    response = await admin.post("/v1/directory/organisations", json={"name": f"Org {uuid.uuid4().hex[:6]}", **fields})
    assert response.status_code == 201, response.text
    return response.json()
