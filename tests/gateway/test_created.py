"""What a client is told of what it created: a 201 (or a 202's run) names its path in
`Location`, as the document declares, so the client can read, change or delete it next."""

import re
from typing import Any

from fastapi import FastAPI

from tests.conftest import World
from tests.metrics.test_catalogue import CONTENT
from tests.support.apps import asgi_client


def template_of(document: dict[str, Any], path: str) -> str | None:
    """The document's path that `path` is an instance of."""
    for template in document["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    return None


async def test_every_creation_names_what_it_created(gateway_app: FastAPI, world: World) -> None:
    people = {name: p.headers for name, p in world.people.items()}
    org, coalition, proposed = world.org_a, world.coalition, world.indicators["proposed_by_a"]
    writes = [
        ("member_a", f"/v1/metrics/indicators/{proposed}/versions", {**CONTENT, "change_note": "Clearer."}),
        ("member_a", f"/v1/directory/organisations/{org}/keys", {"name": "sync job"}),
        ("admin_a", f"/v1/directory/organisations/{org}/accounts", {"name": "Second admin", "org_role": "admin"}),
        (
            "member_a",
            f"/v1/directory/organisations/{org}/shared-services",
            {"direction": "need", "service_type": "accounting"},
        ),
        ("admin_a", f"/v1/directory/organisations/{org}/memberships", {"coalition_id": str(world.other_coalition)}),
        (
            "coalition_admin",
            f"/v1/directory/coalitions/{coalition}/networks",
            {"coalition_id": str(world.other_coalition)},
        ),
        (
            "other_coalition_admin",
            f"/v1/directory/coalitions/{world.other_coalition}/invitations",
            {"organisation_id": str(world.org_b)},
        ),
    ]
    async with asgi_client(gateway_app, "http://gateway") as client:
        document = (await client.get("/openapi.json")).json()
        answers = [(path, await client.post(path, json=body, headers=people[who])) for who, path, body in writes]
        location = answers[0][1].headers.get("location")
        version = await client.get(location) if location else None

    for path, answer in answers:
        assert answer.status_code == 201, (path, answer.text)
        assert "location" in answer.headers, path
        created = template_of(document, answer.headers["location"])
        assert created is not None and set(document["paths"][created]) - {"post"}, (path, answer.headers["location"])
        declared = document["paths"][template_of(document, path)]["post"]["responses"]["201"]
        assert "Location" in declared.get("headers", {}), path
    assert version is not None and version.status_code == 200
    assert version.json()["version"] == answers[0][1].json()["version"] == 2


async def test_the_document_declares_location_and_retry_after(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        document = (await client.get("/openapi.json")).json()
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                headers = response.get("headers", {})
                if status in ("429", "503") and not headers.get("Retry-After", {}).get("required"):
                    missing.append(f"{method} {path} {status}: Retry-After")
                created = method == "post" and status in ("201", "202")
                if created and operation["operationId"] != "add_comment" and "Location" not in headers:
                    missing.append(f"{method} {path} {status}: Location")
    assert missing == []


async def test_a_comment_has_no_path_of_its_own_and_says_none(gateway_app: FastAPI, world: World) -> None:
    code = world.indicators["adopted"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        document = (await client.get("/openapi.json")).json()
        answer = await client.post(
            f"/v1/metrics/indicators/{code}/comments",
            json={"body": "Useful."},
            headers=world.people["member_a"].headers,
        )
    assert answer.status_code == 201 and "location" not in answer.headers
    declared = document["paths"]["/v1/metrics/indicators/{code}/comments"]["post"]["responses"]["201"]
    assert "Location" not in declared.get("headers", {})
