"""Withdrawn consent with report forms in object storage (REPORTS_ARTIFACT_STORE=s3): once a
survivor withdraws consent, no object in the bucket holds their words, neither the published
edition's forms nor the draft's forms that publication kept beside them; and when object storage
is down at that moment, the withdrawal is still answered and the sweeper deletes the objects once
it is back. Meanwhile reading a form is a 503 to retry."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import boto3
import httpx
import pytest
from botocore.config import Config
from fastapi import FastAPI

from services.reports import tasks as reports_tasks
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
    state.retract_testimony = regeneration.retraction(state.sessionmaker, state.jobs, state.artifacts)
    yield state.artifacts
    state.artifacts, state.retract_testimony = before


async def published_with_testimony(
    world: World, directory_app: FastAPI, reports_app: FastAPI, gateway: httpx.AsyncClient, s3_reports: Artifacts
) -> tuple[uuid.UUID, str, str]:
    """A published edition quoting a public testimony of organisation A: its run, the testimony
    and the edition's public address."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(
            s, COUNTRY, active=[world.org_a], admins=[world.people["coalition_admin"].account_id]
        )
    admin, member = world.people["coalition_admin"].headers, world.people["member_a"].headers
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
    return run_id, testimony.json()["id"], published.json()["public_url"]


async def withdraw(world: World, gateway: httpx.AsyncClient, testimony_id: str) -> httpx.Response:
    return await gateway.put(
        f"/v1/reports/organisations/{world.org_a}/testimonies/{testimony_id}/consent",
        json={"consent": "withdrawn"},
        headers=world.people["member_a"].headers,
    )


def quoting(s3_reports: Artifacts, run_id: uuid.UUID) -> list[str]:
    """The run's objects in the bucket that hold the testimony's words."""
    s3 = s3_reports.s3
    assert s3 is not None
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"reports/{run_id}/").get("Contents", [])
    return [o["Key"] for o in listed if QUOTE.encode() in s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()]


@pytest.mark.parametrize("versioned", [False, True], ids=["bucket", "versioned bucket"])
async def test_withdrawn_words_leave_every_object_of_a_published_edition(
    world: World,
    directory_app: FastAPI,
    reports_app: FastAPI,
    gateway_app: FastAPI,
    s3_reports: Artifacts,
    versioned: bool,
) -> None:
    s3 = s3_reports.s3
    assert s3 is not None
    if versioned:  # as operations.md suggests for backups: a deletion must not leave old versions
        s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        run_id, testimony_id, _ = await published_with_testimony(world, directory_app, reports_app, gateway, s3_reports)
        withdrawn = await withdraw(world, gateway, testimony_id)

    assert withdrawn.status_code == 200, withdrawn.text
    assert quoting(s3_reports, run_id) == [], "objects still quoting a withdrawn testimony"
    kept = s3.list_object_versions(Bucket=BUCKET, Prefix=f"reports/{run_id}/")
    old_versions = [
        v["Key"]
        for v in kept.get("Versions", [])
        if QUOTE.encode() in s3.get_object(Bucket=BUCKET, Key=v["Key"], VersionId=v["VersionId"])["Body"].read()
    ]
    assert old_versions == [], "earlier versions of objects still quote a withdrawn testimony"


async def test_words_withdrawn_while_object_storage_is_down_leave_it_once_it_is_back(
    world: World, directory_app: FastAPI, reports_app: FastAPI, gateway_app: FastAPI, s3_reports: Artifacts
) -> None:
    up = s3_reports.s3
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        run_id, testimony_id, public = await published_with_testimony(
            world, directory_app, reports_app, gateway, s3_reports
        )
        quoted_before = quoting(s3_reports, run_id)
        s3_reports.s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:1", region_name="us-east-1",
                                     config=Config(connect_timeout=1, retries={"max_attempts": 1}))  # fmt: skip
        try:
            unreadable = await gateway.get(f"{public}/report.pdf")
            withdrawn = await withdraw(world, gateway, testimony_id)
        finally:
            s3_reports.s3 = up
        quoted_during = quoting(s3_reports, run_id)
        await reports_tasks.sweep_reports(
            {"reports": _resources(reports_app, s3_reports), "redis": reports_app.state.jobs.pool}
        )
        gone = await gateway.get(f"{public}/report.pdf")

    assert unreadable.status_code == 503 and unreadable.headers["retry-after"] == "5", unreadable.text
    assert unreadable.headers["content-type"] == "application/problem+json"
    assert withdrawn.status_code == 200, withdrawn.text
    assert quoted_before and quoted_during == quoted_before  # the bucket could not be reached
    assert quoting(s3_reports, run_id) == [], "objects still quoting a withdrawn testimony after the sweep"
    assert gone.status_code == 409, gone.text  # withdrawn until the coalition requests it again


def _resources(reports_app: FastAPI, artifacts: Artifacts) -> reports_tasks.Resources:
    """The worker's resources over the app's database, with object storage as the test set it."""
    state = reports_app.state
    return reports_tasks.Resources(
        state.settings,
        state.engine,
        state.sessionmaker,
        state.clients,
        state.clients["directory"],
        artifacts,
        asyncio.Semaphore(state.settings.webhooks_concurrency),
    )
