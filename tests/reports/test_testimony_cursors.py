"""Testimony lists refuse a cursor they did not give out: any testimony's id was taken as a
cursor, so a 200 rather than a 422 told anyone that another organisation's internal testimony
existed, and the page that followed placed it in time (found by an audit of every answer but
the figures). Each test fails while that leak exists."""

import csv
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from shared.db import session_scope
from tests import factories
from tests.conftest import ROOT, World
from tests.support.apps import asgi_client

SEED = ROOT / "services" / "directory" / "seed" / "countries.csv"
# Reports data is committed for the whole session: each test works in a country of its own, from
# the end of the list (tests/reports take the first half and the second from its start).
_codes = [row["iso3"] for row in csv.DictReader(SEED.open())]
COUNTRIES = iter(reversed([c for c in _codes if c not in {"NPL", "FJI", "ISL"}]))


@dataclass
class Place:
    country: str
    coalition: uuid.UUID  # national coalition there: A active, B pending
    client: httpx.AsyncClient
    world: World

    async def call(self, method: str, path: str, who: str, **kwargs: Any) -> httpx.Response:
        headers = {} if who == "anonymous" else self.world.people[who].headers
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def testimony(self, consent: str, quote: str, country: str | None = None) -> dict[str, Any]:
        body = {
            "quote": quote,
            "context": "A brick kiln worker, 2023",
            "country": country or self.country,
            "consent": consent,
            **({"coalition_id": str(self.coalition)} if consent == "coalition" else {}),
        }
        path = f"/v1/reports/organisations/{self.world.org_a}/testimonies"
        response = await self.call("POST", path, "member_a", json=body)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
async def place(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Place]:
    country = next(COUNTRIES)
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(s, country, active=[world.org_a], pending=[world.org_b])
    async with asgi_client(gateway_app, "http://gateway") as client:
        yield Place(country, coalition, client, world)


async def test_a_testimony_cursor_does_not_reveal_another_organisations_private_testimony(place: Place) -> None:
    """Who learns what: anyone (no key needed) learns that a testimony they may not read exists,
    and when it was contributed relative to the public ones.

    `GET /v1/reports/countries/{iso3}/testimonies?cursor=<id>` loads the cursor's testimony by id
    whatever its consent, organisation or country (services/reports/testimonies/service.py,
    `_after`), answers 200 for it and 422 "Unknown cursor" for an id that is not a testimony, and
    then pages from its (created_at, id). So an id of an internal (organisation-only) testimony,
    or of one whose consent was narrowed after it was quoted in a published report (its id stays
    in the report's JSON that readers downloaded), is confirmed to exist, and the page after it
    places it between the public testimonies: an existence and timing oracle on survivors' words
    that only the contributing organisation may see. A cursor the caller was not given should be
    the same 422 as an unknown one."""
    before = await place.testimony("public", "Public words, before.")
    hidden = await place.testimony("internal", "Words for organisation A only.")
    after = await place.testimony("public", "Public words, after.")
    path = f"/v1/reports/countries/{place.country}/testimonies"

    listed = await place.call("GET", path, "anonymous")
    assert hidden["id"] not in {t["id"] for t in listed.json()["items"]}  # the listing itself hides it
    unknown = await place.call("GET", f"{path}?cursor={uuid.uuid4()}", "anonymous")
    assert unknown.status_code == 422

    probed = await place.call("GET", f"{path}?cursor={hidden['id']}", "anonymous")
    # The leak: 200 (it exists) and a page that starts right after it (when it was contributed).
    assert probed.status_code == 422, (
        f"an anonymous caller's cursor confirmed the internal testimony {hidden['id']} exists: "
        f"{probed.status_code}, page after it = {[t['id'] for t in probed.json().get('items', [])]} "
        f"(before: {before['id']}, after: {after['id']})"
    )


async def test_an_organisation_testimonies_cursor_does_not_reveal_another_organisations_testimony(
    place: Place,
) -> None:
    """Who learns what: a member of organisation B learns that a testimony of organisation A
    (internal consent, or withdrawn) exists, through B's own testimony listing.

    `GET /v1/reports/organisations/{org_b}/testimonies?cursor=<id>` (B's members only) takes as
    cursor any testimony of any organisation (the same `_after` lookup), answering 200 for an
    id of A's and 422 for an id that is none. B was never given that cursor: it should be 422."""
    hidden = await place.testimony("internal", "Words for organisation A only.")
    path = f"/v1/reports/organisations/{place.world.org_b}/testimonies"

    unknown = await place.call("GET", f"{path}?cursor={uuid.uuid4()}", "member_b")
    probed = await place.call("GET", f"{path}?cursor={hidden['id']}", "member_b")

    assert unknown.status_code == 422
    assert probed.status_code == 422, f"B's listing accepted A's testimony {hidden['id']} as a cursor"
