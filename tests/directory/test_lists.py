"""Coalitions and their members are listed, filtered and paged like every collection."""

import httpx
from fastapi import FastAPI

from services.directory.coalitions import service as coalitions
from services.directory.coalitions.schemas import CoalitionCreate
from shared.db import session_scope
from tests.conftest import World
from tests.support.apps import asgi_client


async def test_coalitions_are_searched_by_name_country_and_scope(
    directory: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        for name, scope, country in (
            ("Zebra Freedom Alliance", "national", "PER"),
            ("Zebra Freedom Network", "regional", None),
            ("Zebra Coalition Against Bonded Labour", "national", "NPL"),
        ):
            await coalitions.create_coalition(s, CoalitionCreate(name=name, scope=scope, country=country))

    every = (await directory.get("/v1/directory/coalitions", params={"q": "zebra"})).json()
    freedom = (await directory.get("/v1/directory/coalitions", params={"q": "Zebra Freedom"})).json()
    peru = (await directory.get("/v1/directory/coalitions", params={"q": "zebra", "country": "per"})).json()
    regional = (await directory.get("/v1/directory/coalitions", params={"q": "zebra", "scope": "regional"})).json()
    percent = (await directory.get("/v1/directory/coalitions", params={"q": "%"})).json()

    names = [c["name"] for c in every["items"]]
    assert names == sorted(names) and len(names) == 3
    assert {c["name"] for c in freedom["items"]} == {"Zebra Freedom Alliance", "Zebra Freedom Network"}
    assert [c["name"] for c in peru["items"]] == ["Zebra Freedom Alliance"]
    assert [c["name"] for c in regional["items"]] == ["Zebra Freedom Network"]
    assert percent["items"] == []  # a LIKE wildcard is a character like any other


async def test_coalitions_are_paged_with_a_cursor(directory: httpx.AsyncClient, directory_app: FastAPI) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        for n in range(5):
            await coalitions.create_coalition(s, CoalitionCreate(name=f"Quokka coalition {n}", scope="global"))

    seen, cursor, pages = [], None, 0
    while True:
        params = {"q": "quokka", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (await directory.get("/v1/directory/coalitions", params=params)).json()
        seen += [c["name"] for c in page["items"]]
        pages, cursor = pages + 1, page["next_cursor"]
        if cursor is None:
            break
    forged = await directory.get("/v1/directory/coalitions", params={"cursor": "WyJhIiwgIm5vdC1hLXV1aWQiXQ"})

    assert seen == [f"Quokka coalition {n}" for n in range(5)] and pages == 3
    assert forged.status_code == 422 and forged.json()["errors"] == [{"field": "cursor", "reason": "malformed"}]


async def test_members_are_listed_with_their_names_and_paged(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/coalitions/{world.coalition}/members"
    async with asgi_client(gateway_app, "http://gateway") as client:
        public = (await client.get(path)).json()
        admin = world.people["coalition_admin"].headers
        every = (await client.get(path, params={"status": ["active", "pending"], "limit": "1"}, headers=admin)).json()
        rest = (
            await client.get(
                path, params={"status": ["active", "pending"], "cursor": every["next_cursor"]}, headers=admin
            )
        ).json()
        org_a = (await client.get(f"/v1/directory/organisations/{world.org_a}")).json()
        org_b = (await client.get(f"/v1/directory/organisations/{world.org_b}")).json()

    assert [(m["member_id"], m["member_name"]) for m in public["items"]] == [(org_a["id"], org_a["name"])]
    assert len(every["items"]) == 1 and every["next_cursor"] and rest["next_cursor"] is None
    names = {m["member_name"] for m in every["items"] + rest["items"]}
    assert names == {org_a["name"], org_b["name"]}
