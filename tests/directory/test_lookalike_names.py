"""An attacker registers, or renames, an organisation under a name that reads as a listed one's,
through the gateway: letters of other scripts that look the same, invisible characters inside a
word, bidirectional controls that reorder what is shown, marks stacked on letters, other spaces.
The expected answers are worked out from the listed name as anyone reads it, by hand."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from shared.db import session_scope
from tests import factories
from tests.conftest import Env, World, gateway
from tests.support.apps import asgi_client

REGISTRATIONS = "/v1/directory/registrations"
LISTED = "Open Hope Alliance"


@pytest.fixture
async def hub(env: Env, upstreams: dict[str, FastAPI]) -> AsyncIterator[httpx.AsyncClient]:
    async with gateway(env, upstreams) as app, asgi_client(app, "http://gateway") as client:
        yield client


@pytest.fixture
async def listed(directory_app: FastAPI, world: World) -> str:
    """A listed organisation's name, read as the public reads it."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        await factories.organisation(s, LISTED)
    return LISTED


def registration(name: str) -> dict[str, Any]:
    return {
        "organisation": {"name": name, "kind": "ngo", "hq_country": "TUV", "countries": ["TUV"]},
        "admin": {"name": "Data officer", "email": f"{uuid.uuid4().hex[:8]}@example.org"},
    }


# Each reads as "Open Hope Alliance" on a page.
LOOKALIKES = {
    "Cyrillic a, o, O and A": "\u041epen H\u043epe \u0410lli\u0430nce",
    "Greek O, H and o": "\u039fpen \u0397\u03bfpe Alliance",
    "a whole word in Cyrillic": "Open \u041d\u043e\u0440\u0435 Alliance",
    "capital I for l": "Open Hope AIIiance",
    "digits for letters": "0pen Hope A11iance",
    "zero-width space": "Open Ho\u200bpe Alliance",
    "zero-width joiner": "Open Ho\u200dpe Alliance",
    "word joiner": "Open Ho\u2060pe Alliance",
    "byte order mark": "Open Ho\ufeffpe Alliance",
    "soft hyphen": "Open Ho\u00adpe Alliance",
    "combining grapheme joiner": "Open Ho\u034fpe Alliance",
    "variation selector": "Open Ho\ufe0fpe Alliance",
    "right-to-left override, text reversed": "\u202eecnaillA epoH nepO",
    "directional isolates": "Open \u2066Hope\u2069 Alliance",
    "Hangul filler for a space": "Open Hope\u3164Alliance",
    "marks stacked on letters": "Ope\u0335n Ho\u0336\u0336pe Alliance",
    "no-break and ideographic spaces": "Open\u00a0Hope\u3000Alliance",
    "capitals": "OPEN HOPE ALLIANCE",
    "small letters": "open hope alliance",
    "capitals, one O a zero": "OPEN H0PE ALLIANCE",
}


@pytest.mark.parametrize("trick", list(LOOKALIKES))
async def test_no_registration_takes_a_listed_name_in_lookalike_letters(
    hub: httpx.AsyncClient, listed: str, trick: str
) -> None:
    answer = await hub.post(REGISTRATIONS, json=registration(LOOKALIKES[trick]))

    assert answer.status_code in (409, 422), answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["organisation.name"]
    found = await hub.get("/v1/directory/organisations", params={"q": "Alliance", "country": "TUV"})
    assert found.json()["total"] == 0  # nothing was registered


async def test_no_organisation_renames_itself_into_a_listed_name_in_lookalike_letters(
    hub: httpx.AsyncClient, listed: str, world: World
) -> None:
    path = f"/v1/directory/organisations/{world.org_a}"
    headers = {"Authorization": f"Bearer {world.people['admin_a'].key}", "If-Match": "*"}
    before = (await hub.get(path)).json()["name"]
    answers = [await hub.patch(path, json={"name": name}, headers=headers) for name in LOOKALIKES.values()]

    assert [a.status_code for a in answers if a.status_code not in (409, 422)] == []
    assert all(a.json()["errors"][0]["field"] == "name" for a in answers)
    assert (await hub.get(path)).json()["name"] == before


async def test_names_in_other_scripts_and_marks_still_register(hub: httpx.AsyncClient, listed: str) -> None:
    """Names written wholly in another script, with their accents, or with the joiners their
    script needs, are names of their own."""
    names = [
        "\u0421\u0432\u043e\u0431\u043e\u0434\u0430 \u0422\u0440\u0443\u0434\u0430",  # Svoboda Truda, Cyrillic
        "\u0395\u03bb\u03b5\u03cd\u03b8\u03b5\u03c1\u03b7 \u0395\u03c1\u03b3\u03b1\u03c3\u03af\u03b1",  # Greek
        "Vi\u1ec7t Nam H\u1ed3ng Ph\u00fac",  # stacked Vietnamese marks
        "\u0622\u0632\u0627\u062f\u06cc\u200c\u0647\u0627",  # Persian with a zero-width non-joiner
        "Open Hope Alliance of Tuvalu",
    ]
    answers = [await hub.post(REGISTRATIONS, json=registration(name)) for name in names]

    assert [a.status_code for a in answers] == [201] * len(names), [a.text for a in answers]
    assert [a.json()["organisation"]["name"] for a in answers] == names


async def test_coalition_account_and_acronym_names_hold_nothing_hidden(hub: httpx.AsyncClient, world: World) -> None:
    """Other names shown beside an organisation's: a coalition's, an account's, an acronym."""
    admin = {"Authorization": f"Bearer {world.people['admin_a'].key}"}
    coalition = {"scope": "national", "country": "TUV"}
    answers = {
        "name": await hub.post(
            "/v1/directory/coalitions", json={"name": "Tuvalu \u202eeerF\u202c Coalition", **coalition}, headers=admin
        ),
        "name ": await hub.post(
            f"/v1/directory/organisations/{world.org_a}/accounts",
            json={"name": "Data\u200b officer", "org_role": "member"},
            headers=admin,
        ),
        "acronym": await hub.patch(
            f"/v1/directory/organisations/{world.org_a}",
            json={"acronym": "\u041eHA"},
            headers={**admin, "If-Match": "*"},
        ),
    }

    for field, answer in answers.items():
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == [field.strip()], answer.text
    coalitions = await hub.get("/v1/directory/coalitions", params={"country": "TUV"})
    assert coalitions.json()["items"] == []


async def test_a_name_listed_in_capitals_is_not_registered_again_in_small_letters(
    hub: httpx.AsyncClient, directory_app: FastAPI, world: World
) -> None:
    """A capital I is drawn as a small l, and every capital I is a small i: "ILO" and "Ilo" and
    "ilo" are one name, whichever of them is listed."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        await factories.organisation(s, "ILO WATCH TUVALU")
    answers = [await hub.post(REGISTRATIONS, json=registration(n)) for n in ("Ilo Watch Tuvalu", "ilo watch tuvalu")]

    assert [a.status_code for a in answers] == [409, 409], [a.text for a in answers]
    assert [a.json()["errors"][0]["field"] for a in answers] == ["organisation.name"] * 2
