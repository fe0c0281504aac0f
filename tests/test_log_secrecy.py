"""No API key and no secret ever reaches a log line."""

import logging

import pytest
from fastapi import FastAPI

from tests.conftest import TEST_SECRET, World
from tests.support.apps import asgi_client


async def test_keys_and_secrets_stay_out_of_the_logs(
    gateway_app: FastAPI, world: World, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    member = world.people["member_a"]
    with caplog.at_level(logging.DEBUG):
        async with asgi_client(gateway_app, "http://gateway") as client:
            created = (
                await client.post(
                    f"/v1/directory/organisations/{world.org_a}/keys",
                    json={"name": "log check"},
                    headers=member.headers,
                )
            ).json()
            new_key = created["key"]
            await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {new_key}"})
            await client.get("/v1/directory/me?api_key=" + new_key)  # a key misplaced in a URL
            await client.delete(
                f"/v1/directory/organisations/{world.org_a}/keys/{created['id']}",
                headers={**member.headers, "If-Match": "*"},
            )
            await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {new_key}"})  # refused
            await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {world.people['revoked'].key}"})

    logged = caplog.text + capsys.readouterr().out + "".join(str(r.__dict__) for r in caplog.records)
    assert "request" in logged  # the access log did run
    for secret in (new_key, member.key, world.people["revoked"].key, TEST_SECRET):
        assert secret not in logged
    for key in (new_key, member.key, world.people["revoked"].key):
        assert key[len("hub_") + 12 + 1 :] not in logged  # the secret part alone (the prefix is public)
