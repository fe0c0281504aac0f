"""A cursor is opaque, but a client can forge one: whatever a forged cursor holds (keys of the
wrong type, NUL, lone surrogates, timestamps or offsets beyond what PostgreSQL takes), every
paged list answers a 422 problem naming `cursor` and never reaches the database with it."""

import base64
import json
import uuid
from typing import Any

from fastapi import FastAPI

from tests.conftest import World
from tests.metrics.test_observations import observation
from tests.support.apps import asgi_client

A_UUID = str(uuid.uuid4())


def forged(value: Any) -> str:
    """A cursor as the lists write them (base64url of JSON text, or of raw bytes)."""
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Not a cursor of any kind of list (offset, keyset, search, or a plain id).
FORGED = {
    "key not a uuid": forged(["abc", "not-a-uuid"]),
    "keys of other types": forged([{"a": 1}, [1]]),
    "NUL in a key": forged(["\x00abc", A_UUID]),
    "lone surrogate in a key": forged(b'["\\ud800", "' + A_UUID.encode() + b'"]'),
    "key too short": forged(["abc"]),
    "not a list": forged({"a": 1}),
    "search: key not a uuid": forged({"o": "name", "k": ["abc", "not-a-uuid"]}),
    "search: keys of other types": forged({"o": "name", "k": [{"a": 1}, [1]]}),
    "search: NUL in the name": forged({"o": "name", "k": ["a\x00", A_UUID]}),
    "search: lone surrogate": forged(b'{"o": "name", "k": ["\\udfff", "' + A_UUID.encode() + b'"]}'),
    "search: rank not a number": forged({"o": "relevance", "k": ["abc", "x", "y"]}),
    "search: rank NaN": forged(b'{"o": "relevance", "k": [NaN, "a", "' + A_UUID.encode() + b'"]}'),
    "search: rank infinite": forged(b'{"o": "relevance", "k": [1e999, "a", "' + A_UUID.encode() + b'"]}'),
    "search: rank beyond float": forged({"o": "relevance", "k": [10**400, "a", A_UUID]}),
    "search: rank a boolean": forged({"o": "relevance", "k": [True, "a", A_UUID]}),
    "search: NUL in the name, by relevance": forged({"o": "relevance", "k": [1.0, "\x00", A_UUID]}),
    "offset beyond bigint": forged(b"o:99999999999999999999999999"),
    "offset near bigint's end": forged(b"o:9223372036854775800"),
    "offset negative": forged(b"o:-1"),
    "offset in other digits": forged("o:١٢".encode()),
    "not base64": "!!",
    "not JSON": forged(b"\xff\xfe"),
    "a number beyond bigint": "9223372036854775808",
}
# Timestamps Python reads but PostgreSQL cannot take (or that no list gave out): only lists
# keyed by a time are sure to refuse them, a list by name may hold such a name.
FORGED_TIMES = {
    "time before year 1 in UTC": forged(["0001-01-01T00:00:00+14:00", A_UUID]),
    "time after year 9999 in UTC": forged(["9999-12-31T23:59:59.999999-14:00", A_UUID]),
    "time without a zone": forged(["2024-01-01T00:00:00", A_UUID]),
    "time not a time": forged(["yesterday", A_UUID]),
}
# Every list that takes a cursor (the OpenAPI document must name no other), and whether it is
# ordered by a time.
PAGED = {
    "/v1/directory/countries": False,
    "/v1/directory/action-groups": False,
    "/v1/directory/organisations": False,
    "/v1/directory/organisations/{org_id}/matches": False,
    "/v1/directory/coverage": False,
    "/v1/directory/coverage/pairs": False,
    "/v1/directory/coalitions": False,
    "/v1/directory/registrations": True,
    "/v1/directory/coalitions/{coalition_id}/members": False,
    "/v1/directory/organisations/{org_id}/memberships": False,
    "/v1/directory/organisations/{org_id}/shared-services": False,
    "/v1/directory/shared-services/matches": False,
    "/v1/directory/organisations/{org_id}/accounts": False,
    "/v1/directory/organisations/{org_id}/keys": False,
    "/v1/directory/audit": False,
    "/v1/metrics/indicators": False,
    "/v1/metrics/indicators/{code}/versions": False,
    "/v1/metrics/indicators/{code}/comments": False,
    "/v1/metrics/organisations/{org_id}/observations": False,
    "/v1/metrics/organisations/{org_id}/observations/{observation_id}/history": False,
    "/v1/metrics/targets": False,
    "/v1/metrics/audit": False,
    "/v1/reports/countries/{iso3}/commitments": False,
    "/v1/reports/commitments/{commitment_id}/assessments": False,
    "/v1/reports/organisations/{org_id}/testimonies": False,
    "/v1/reports/countries/{iso3}/testimonies": False,
    "/v1/reports/organisations/{org_id}/webhooks": False,
    "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}/deliveries": False,
    "/v1/reports/reports": True,
    "/v1/reports/public": True,
    "/v1/reports/audit": False,
}
# Queries under which a list reads its cursor another way (search by relevance).
QUERIES = {"/v1/directory/organisations": ["", "q=freedom"], "/v1/directory/coalitions": ["", "q=freedom"]}


def paged_paths(document: dict[str, Any]) -> set[str]:
    return {
        path
        for path, item in document["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict) and any(p["name"] == "cursor" for p in operation.get("parameters", []))
    }


async def test_a_forged_cursor_is_a_422_on_cursor_in_every_list(gateway_app: FastAPI, world: World) -> None:
    admin = world.people["platform_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        document = (await client.get("/openapi.json")).json()
        reported = await client.put(
            f"/v1/metrics/organisations/{world.org_a}/observations",
            json=observation(world),
            headers=world.people["member_a"].headers,
        )
        assert reported.status_code == 201, reported.text
        committed = await client.post(
            "/v1/reports/countries/NPL/commitments",
            json={"milestone": "justice", "text": "Amend the labour act.", "responsible_body": "Ministry of Labour"},
            headers=admin,
        )
        assert committed.status_code == 201, committed.text
        ids = {
            "org_id": str(world.org_a),
            "coalition_id": str(world.coalition),
            "code": world.indicators["adopted"],
            "iso3": "NPL",
            "observation_id": reported.json()["id"],
            "commitment_id": committed.json()["id"],
            "webhook_id": A_UUID,
        }
        assert paged_paths(document) == set(PAGED)

        # Testimonies and observations are their organisation's alone, not even a platform admin's.
        readers = {
            path: world.people["admin_a"].headers
            for path in (
                "/v1/reports/organisations/{org_id}/testimonies",
                "/v1/metrics/organisations/{org_id}/observations",
                "/v1/metrics/organisations/{org_id}/observations/{observation_id}/history",
            )
        }
        wrong: list[str] = []
        for path, by_time in PAGED.items():
            url = path.format(**ids)
            for query in QUERIES.get(path, [""]):
                for name, cursor in (FORGED | FORGED_TIMES if by_time else FORGED).items():
                    response = await client.get(f"{url}?{query}&cursor={cursor}", headers=readers.get(path, admin))
                    problem = response.json() if response.status_code == 422 else {}
                    fields = {e["field"] for e in problem.get("errors", [])}
                    if (
                        response.status_code != 422
                        or response.headers["content-type"] != "application/problem+json"
                        or not fields <= {"cursor", "query.cursor"}
                        or not fields
                    ):
                        wrong.append(f"{url}?{query} {name}: {response.status_code} {response.text[:160]}")

    assert not wrong, "\n".join(wrong)
