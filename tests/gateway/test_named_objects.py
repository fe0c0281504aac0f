"""Objects a caller names in a body rather than in the path, through the gateway: the path's rule
has admitted the caller, and the object named must still be one they may act on.

The import test commits for real (the worker applies an import in its own transaction, which a
rolled-back test transaction would hide from it), so it uses names and external ids of its own."""

import uuid

import httpx
from fastapi import FastAPI

from shared.db import session_scope
from tests import factories
from tests.conftest import RunWorker
from tests.support.apps import asgi_client

IMPORT_HEADER = "external_id,name,countries,forms,interventions,description\n"


async def _import(client: httpx.AsyncClient, admin: dict[str, str], run_worker: RunWorker, csv: str) -> dict:
    accepted = await client.post(
        "/v1/directory/imports", content=csv.encode(), headers={**admin, "content-type": "text/csv"}
    )
    assert accepted.status_code == 202, accepted.text
    await run_worker()
    return (await client.get(accepted.headers["location"], headers=admin)).json()


async def test_an_import_naming_a_deleted_organisation_does_not_bring_it_back_with_its_keys(
    gateway_app: FastAPI, directory_app: FastAPI, run_worker: RunWorker
) -> None:
    tag = uuid.uuid4().hex[:8]
    async with session_scope(directory_app.state.sessionmaker) as s:  # committed: the worker must see it
        platform = await factories.principal(s, "importer", await factories.organisation(s), platform_admin=True)
    admin = platform.headers
    row = f"gone-{tag},Kiln Watch {tag},NPL,debt_bondage,prevention,Brick kilns.\n"
    async with asgi_client(gateway_app, "http://gateway") as client:
        first = await _import(client, admin, run_worker, IMPORT_HEADER + row)
        assert first["counts"]["created"] == 1, first
        found = await client.get("/v1/directory/organisations", params={"q": f"Kiln Watch {tag}"}, headers=admin)
        org_id = next(o["id"] for o in found.json()["items"] if o["external_id"] == f"gone-{tag}")
        # The organisation gets an admin and a key, then its admin removes it from the directory.
        account = await client.post(
            f"/v1/directory/organisations/{org_id}/accounts", json={"name": "Its admin", "org_role": "admin"},
            headers=admin,
        )  # fmt: skip
        assert account.status_code == 201, account.text
        key = await client.post(
            f"/v1/directory/organisations/{org_id}/keys", json={"name": "sync", "account_id": account.json()["id"]},
            headers=admin,
        )  # fmt: skip
        assert key.status_code == 201, key.text
        its_key = {"Authorization": f"Bearer {key.json()['key']}"}
        assert (await client.get("/v1/directory/me", headers=its_key)).status_code == 200
        deleted = await client.delete(f"/v1/directory/organisations/{org_id}", headers={**its_key, "If-Match": "*"})
        assert deleted.status_code == 204, deleted.text
        assert (await client.get("/v1/directory/me", headers=its_key)).status_code == 401

        # The partner registry's next file names the same external id again.
        again = await _import(client, admin, run_worker, IMPORT_HEADER + row.replace("Brick kilns.", "Kilns."))

        assert again["status"] == "done"
        assert again["counts"] == {"rows_total": 1, "created": 0, "updated": 0, "unchanged": 0, "failed": 1}
        assert [(e["row"], e["external_id"], e["field"]) for e in again["errors"]] == [
            (1, f"gone-{tag}", "external_id")
        ]
        assert (await client.get(f"/v1/directory/organisations/{org_id}", headers=admin)).status_code == 404
        assert (await client.get("/v1/directory/me", headers=its_key)).status_code == 401
        listed = await client.get("/v1/directory/organisations", params={"q": f"Kiln Watch {tag}"}, headers=admin)
        assert listed.json()["items"] == []
