"""An organisation's admin starts, or renames, a coalition under the name of an established one,
through the gateway: the public index, the feed and a report's cover would credit its reports to
that name. The expected answers are worked out by hand from the name as anyone reads it."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.coalitions import service as coalitions
from services.directory.coalitions.schemas import CoalitionCreate
from services.directory.models import SCHEMA
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.errors import Conflict
from shared.identity import Identity
from tests import factories, races
from tests.conftest import Env, World
from tests.support.apps import asgi_client

COALITIONS = "/v1/directory/coalitions"
ESTABLISHED = "Nepal Freedom Coalition"


@pytest.fixture
async def hub(gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(gateway_app, "http://gateway") as client:
        yield client


@pytest.fixture
async def established(directory_app: FastAPI, world: World) -> uuid.UUID:
    """A national coalition of Nepal, in the world's rolled-back transaction."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        return await factories.coalition(s, ESTABLISHED)


def as_admin_a(world: World, **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.people['admin_a'].key}", **more}


async def named(hub: httpx.AsyncClient, words: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await hub.get(COALITIONS, params={"q": words, "limit": 100})).json()["items"]
    return items


# Each reads as "Nepal Freedom Coalition" on a page.
WAYS = {
    "exact": ("Nepal Freedom Coalition", "national", "NPL"),
    "small letters": ("nepal freedom coalition", "national", "NPL"),
    "capitals": ("NEPAL FREEDOM COALITION", "national", "NPL"),
    "accents": ("N\u00e9pal Freedom Coal\u00edtion", "national", "NPL"),
    "capital I for l": ("Nepal Freedom CoaIition", "national", "NPL"),
    "digits for letters": ("Nepa1 Freed0m Coalition", "national", "NPL"),
    "fullwidth letters": ("\uff2e\uff45\uff50\uff41\uff4c Freedom Coalition", "national", "NPL"),
    "punctuation and spaces": ("Nepal  Freedom-Coalition.", "national", "NPL"),
    "another country": ("Nepal Freedom Coalition", "national", "IND"),
    "a global one": ("Nepal Freedom Coalition", "global", None),
}


@pytest.mark.parametrize("way", list(WAYS))
async def test_no_coalition_starts_under_an_established_ones_name(
    hub: httpx.AsyncClient, world: World, established: uuid.UUID, way: str
) -> None:
    name, scope, country = WAYS[way]
    answer = await hub.post(
        COALITIONS, json={"name": name, "scope": scope, "country": country}, headers=as_admin_a(world)
    )

    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [{"field": "name", "reason": "taken by another coalition"}]
    assert "country" in answer.json()["detail"]
    assert [c["id"] for c in await named(hub, "Freedom")] == [str(established)]  # nothing was started


async def test_no_coalition_is_renamed_into_an_established_ones_name(
    hub: httpx.AsyncClient, world: World, established: uuid.UUID
) -> None:
    path = f"{COALITIONS}/{world.other_coalition}"
    headers = {"Authorization": f"Bearer {world.people['other_coalition_admin'].key}", "If-Match": "*"}
    before = (await hub.get(path)).json()
    answers = [await hub.patch(path, json={"name": way[0]}, headers=headers) for way in WAYS.values()]

    assert [a.status_code for a in answers] == [409] * len(WAYS), [a.text for a in answers]
    assert all(a.json()["errors"][0]["field"] == "name" for a in answers)
    assert (await hub.get(path)).json() == before


async def test_a_coalition_renames_itself_in_other_letters_and_a_deleted_ones_name_is_free(
    hub: httpx.AsyncClient, world: World
) -> None:
    """Its own name in capitals is still its own; a deleted coalition's name is nobody's."""
    body = {"name": "Kathmandu Freedom Coalition", "scope": "national", "country": "NPL"}
    first = await hub.post(COALITIONS, json=body, headers=as_admin_a(world))
    path = f"{COALITIONS}/{first.json()['id']}"
    recased = await hub.patch(
        path, json={"name": "KATHMANDU FREEDOM COALITION"}, headers=as_admin_a(world, **{"If-Match": '"1"'})
    )
    deleted = await hub.delete(path, headers=as_admin_a(world, **{"If-Match": '"2"'}))
    again = await hub.post(COALITIONS, json=body, headers=as_admin_a(world))

    assert first.status_code == 201, first.text
    assert recased.status_code == 200 and recased.json()["name"] == "KATHMANDU FREEDOM COALITION", recased.text
    assert deleted.status_code == 204, deleted.text
    assert again.status_code == 201, again.text
    assert [c["id"] for c in await named(hub, "Kathmandu")] == [again.json()["id"]]


async def test_two_coalitions_started_at_once_under_one_name_make_one(env: Env) -> None:
    """Committed for real on two connections: the second start waits for the first, then finds
    the name taken."""
    name = f"Race Coalition {uuid.uuid4().hex[:8]}"
    founder = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=uuid.uuid4(), platform_admin=True)
    engine = create_engine(env.database_url, SCHEMA)
    sessionmaker = create_sessionmaker(engine)

    async def start(session: AsyncSession) -> uuid.UUID:
        return (await coalitions.start_coalition(session, CoalitionCreate(name=name, scope="global"), founder)).id

    try:
        first, second = await races.first_writes(sessionmaker, start)
        async with session_scope(sessionmaker) as session:
            found = await session.execute(text("SELECT id FROM directory.coalitions WHERE name = :n"), {"n": name})
            stored = [row[0] for row in found.all()]
            await session.execute(text("DELETE FROM directory.coalitions WHERE name = :n"), {"n": name})
    finally:
        await engine.dispose()

    assert isinstance(second, Conflict), second
    assert stored == [first]
