"""Report forms in S3-compatible object storage (REPORTS_ARTIFACT_STORE=s3), against a local S3
endpoint: the row keeps keys, not bytes; the service serves the objects; a report with the same
inputs points at the same objects; runs stored in PostgreSQL stay readable after the switch."""

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI

from services.reports.config import ReportsSettings
from services.reports.models.runs import ReportRun
from services.reports.runs import service as runs
from services.reports.runs.artifacts import Artifacts
from shared.db import session_scope
from tests import factories
from tests.conftest import Env, World
from tests.reports.object_storage import s3_bucket
from tests.support.apps import asgi_client

COUNTRY = "TUN"  # no other test writes reports for Tunisia
BUCKET = "hub-reports"


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with s3_bucket(monkeypatch, BUCKET) as url:
        yield url


@pytest.fixture
async def s3_artifacts(env: Env, reports_app: FastAPI, s3_endpoint: str) -> AsyncIterator[Artifacts]:
    """The reports service, switched to object storage for this test."""
    settings = ReportsSettings(**env.settings(), artifact_store="s3", s3_bucket=BUCKET, s3_endpoint_url=s3_endpoint)
    before = reports_app.state.artifacts
    reports_app.state.artifacts = Artifacts(settings)
    yield reports_app.state.artifacts
    reports_app.state.artifacts = before


def test_object_storage_needs_a_bucket(env: Env) -> None:
    with pytest.raises(ValueError, match="REPORTS_S3_BUCKET"):
        ReportsSettings(**env.settings(), artifact_store="s3")


async def test_forms_go_to_object_storage_and_are_served_from_there(
    world: World, directory_app: FastAPI, reports_app: FastAPI, gateway_app: FastAPI, s3_artifacts: Artifacts
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(s, COUNTRY, admins=[world.people["coalition_admin"].account_id])
    admin = world.people["coalition_admin"].headers
    body = {"country": COUNTRY, "period": "2024", "coalition_id": str(coalition)}

    async def produce() -> uuid.UUID:
        requested = await gateway.post("/v1/reports/reports", json=body, headers=admin)
        assert requested.status_code == 202, requested.text
        run_id = uuid.UUID(requested.json()["id"])
        status = await runs.generate(
            reports_app.state.sessionmaker,
            reports_app.state.clients,
            reports_app.state.jobs,
            s3_artifacts,
            run_id,
            min_contributors=3,
            min_sensitive_count=5,
            heartbeat_seconds=30,
        )
        assert status == "done"
        return run_id

    async with asgi_client(gateway_app, "http://gateway") as gateway:
        first, second = await produce(), await produce()
        pdf = await gateway.get(f"/v1/reports/reports/{first}/report.pdf", headers=admin)
        html = await gateway.get(f"/v1/reports/reports/{second}/report.html", headers=admin)

    async with session_scope(reports_app.state.sessionmaker) as session:
        rows = [await session.get(ReportRun, run_id) for run_id in (first, second)]
    s3 = s3_artifacts.s3
    assert s3 is not None
    objects = s3.list_objects_v2(Bucket=BUCKET, Prefix="reports/")["Contents"]
    stored = s3.get_object(Bucket=BUCKET, Key=f"reports/{first}/report.pdf")["Body"].read()

    assert all(r is not None and (r.html, r.markdown, r.json, r.pdf, r.sdmx) == (None,) * 5 for r in rows)
    assert rows[0].artifact_keys == {f: f"reports/{first}/report.{ext}" for f, ext in
                                     [("html", "html"), ("markdown", "md"), ("json", "json"), ("pdf", "pdf"),
                                      ("sdmx", "csv")]}  # fmt: skip
    # The same inputs: the second run is the first's report and points at the same objects.
    assert rows[1].same_as == first and rows[1].artifact_keys == rows[0].artifact_keys
    assert sorted(o["Key"] for o in objects) == sorted(rows[0].artifact_keys.values())
    assert pdf.status_code == 200 and pdf.content == stored and stored.startswith(b"%PDF")
    assert html.status_code == 200 and "Tunisia" in html.text


async def test_runs_kept_in_postgresql_stay_readable_after_the_switch(s3_artifacts: Artifacts) -> None:
    run = ReportRun(
        country=COUNTRY, period="2023", coalition_id=uuid.uuid4(), template="collective-impact", language="en"
    )
    run.html = "<p>kept in the row</p>"

    assert await s3_artifacts.read(run, "html") == "<p>kept in the row</p>"


async def test_a_failed_runs_stored_forms_leave_object_storage(
    world: World, directory_app: FastAPI, reports_app: FastAPI, gateway_app: FastAPI, s3_artifacts: Artifacts
) -> None:
    """An attempt that put its forms in the bucket and then failed for good leaves no object that
    no row points at (and that a later withdrawal of consent could not find)."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(s, COUNTRY, admins=[world.people["coalition_admin"].account_id])
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        requested = await gateway.post(
            "/v1/reports/reports",
            json={"country": COUNTRY, "period": "2022", "coalition_id": str(coalition)},
            headers=world.people["coalition_admin"].headers,
        )
    assert requested.status_code == 202, requested.text
    run_id = uuid.UUID(requested.json()["id"])
    await s3_artifacts.keep(run_id, {"html": "<p>rendered</p>", "pdf": b"%PDF-1.7"})
    s3 = s3_artifacts.s3
    assert s3 is not None
    stored = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"reports/{run_id}/").get("Contents", [])

    await runs.fail(reports_app.state.sessionmaker, reports_app.state.jobs, s3_artifacts, run_id, "gave up")

    assert len(stored) == 2
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix=f"reports/{run_id}/").get("Contents", []) == []
