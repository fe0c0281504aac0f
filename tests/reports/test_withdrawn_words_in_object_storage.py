"""Withdrawn consent with report forms in object storage (REPORTS_ARTIFACT_STORE=s3): once a
survivor withdraws consent, no object in the bucket holds their words, neither the published
edition's forms nor the draft's forms that publication kept beside them."""

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI

from services.reports.config import ReportsSettings
from services.reports.runs import regeneration
from services.reports.runs import service as runs
from services.reports.runs.artifacts import Artifacts
from shared.db import session_scope
from tests import factories
from tests.conftest import Env, World
from tests.reports.object_storage import s3_bucket
from tests.support.apps import asgi_client

COUNTRY = "MLT"  # no other test writes reports for Malta
BUCKET = "hub-withdrawn"
QUOTE = "They took our passports at the border."


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with s3_bucket(monkeypatch, BUCKET) as url:
        yield url


@pytest.fixture
async def s3_reports(env: Env, reports_app: FastAPI, s3_endpoint: str) -> AsyncIterator[Artifacts]:
    """The reports service as it starts with object storage: its forms and its retractions."""
    settings = ReportsSettings(**env.settings(), artifact_store="s3", s3_bucket=BUCKET, s3_endpoint_url=s3_endpoint)
    state = reports_app.state
    before = state.artifacts, state.retract_testimony
    state.artifacts = Artifacts(settings)
    state.retract_testimony = regeneration.retraction(state.jobs, state.artifacts)
    yield state.artifacts
    state.artifacts, state.retract_testimony = before


async def test_withdrawn_words_leave_every_object_of_a_published_edition(
    world: World, directory_app: FastAPI, reports_app: FastAPI, gateway_app: FastAPI, s3_reports: Artifacts
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(
            s, COUNTRY, active=[world.org_a], admins=[world.people["coalition_admin"].account_id]
        )
    admin, member = world.people["coalition_admin"].headers, world.people["member_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        testimony = await gateway.post(
            f"/v1/reports/organisations/{world.org_a}/testimonies",
            json={"quote": QUOTE, "country": COUNTRY, "consent": "public"},
            headers=member,
        )
        assert testimony.status_code == 201, testimony.text
        words = await gateway.put(
            f"/v1/reports/coalitions/{coalition}/contents/{COUNTRY}/2024/en",
            json={"headline_findings": ["Passports are withheld."]},
            headers=admin,
        )
        assert words.status_code == 201, words.text
        requested = await gateway.post(
            "/v1/reports/reports", json={"country": COUNTRY, "period": "2024", "coalition_id": str(coalition)},
            headers=admin,
        )  # fmt: skip
        assert requested.status_code == 202, requested.text
        run_id = uuid.UUID(requested.json()["id"])
        status = await runs.generate(
            reports_app.state.sessionmaker, reports_app.state.clients, reports_app.state.jobs, s3_reports, run_id,
            min_contributors=3, min_sensitive_count=5, heartbeat_seconds=30,
        )  # fmt: skip
        assert status == "done"
        path = f"/v1/reports/reports/{run_id}"
        assert (await gateway.post(f"{path}/submit", headers=admin)).status_code == 200
        signed = await gateway.put(
            f"{path}/signoffs/{world.org_a}", json={"endorsed": True}, headers=world.people["admin_a"].headers
        )
        assert signed.status_code == 200, signed.text
        published = await gateway.post(f"{path}/publish", headers=admin)
        assert published.status_code == 200, published.text

        withdrawn = await gateway.put(
            f"/v1/reports/organisations/{world.org_a}/testimonies/{testimony.json()['id']}/consent",
            json={"consent": "withdrawn"},
            headers=member,
        )
        assert withdrawn.status_code == 200, withdrawn.text

    s3 = s3_reports.s3
    assert s3 is not None
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"reports/{run_id}/").get("Contents", [])
    keeping = [o["Key"] for o in listed if QUOTE.encode() in s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()]
    assert keeping == [], f"objects still quoting a withdrawn testimony: {keeping}"
