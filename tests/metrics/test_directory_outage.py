"""The directory down: the metrics service goes on answering what does not need it (published
figures, their exports, the catalogue, reports of public values), from the reference data it
last read, and answers 503 with Retry-After for what does (a coalition's view, which must know
the members now; deserts, whose counts are the directory's; values shared with a coalition). It
never serves or takes a coalition's values it cannot vouch for."""

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from arq import Retry
from fastapi import FastAPI
from sqlalchemy import update

from services.metrics import clients, tasks
from services.metrics.batches.service import SYNC_ROWS
from services.metrics.clients import DirectoryClient
from services.metrics.config import MetricsSettings
from services.metrics.jobs import BATCH_APPLY, BATCH_MAX_TRIES
from services.metrics.models.batches import Batch
from shared.db import session_scope, utcnow
from tests import factories
from tests.conftest import Env, RunWorker, as_anonymous, as_identity
from tests.support.apps import asgi_client

COUNTRY = "GHA"
PLATFORM_ADMIN = as_identity(factories.account(None, platform_admin=True))
DOWN = "http://127.0.0.1:1"  # nothing listens there: every call is refused


@pytest.fixture(scope="module")
async def figures(directory_app: FastAPI, metrics_app: FastAPI) -> dict[str, Any]:
    async with session_scope(directory_app.state.sessionmaker) as s:
        orgs = [await factories.organisation_in(s, COUNTRY) for _ in range(4)]
        coalition = await factories.coalition_in(s, COUNTRY, active=orgs)
    code = await factories.adopted(metrics_app, prefix="outage")
    for org, value in zip(orgs, (120, 80, 60, 40), strict=True):
        await factories.report(
            metrics_app, org, indicator=code, country=COUNTRY, period="2024", value=value, visibility="public"
        )
    return {"code": code, "coalition": coalition, "orgs": orgs}


@contextlib.asynccontextmanager
async def _down(metrics_app: FastAPI) -> AsyncIterator[None]:
    """The metrics service's client of the directory, warmed while the directory answers, then
    cut off from it with every answer it remembers out of date."""
    up = DirectoryClient(metrics_app.state.clients["directory"])
    await up.country_regions()
    await up.organisations_in([COUNTRY])
    up.coverage_seconds = 0.0
    kept = metrics_app.state.directory
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clients, "COUNTRIES_TTL_SECONDS", 0.0)
        async with httpx.AsyncClient(base_url=DOWN) as down:
            up.http = down
            metrics_app.state.directory = up
            try:
                yield
            finally:
                metrics_app.state.directory = kept


async def get(app: FastAPI, path: str, signer: Any = None, **params: object) -> httpx.Response:
    async with asgi_client(app, "http://metrics", signer=signer or as_anonymous()) as client:
        return await client.get(path, params=params)


async def test_published_figures_and_their_exports_are_answered_without_the_directory(
    metrics_app: FastAPI, figures: dict[str, Any]
) -> None:
    question = {"indicator": figures["code"], "country": COUNTRY, "by": "country", "period": "2024"}
    before = await get(metrics_app, "/v1/metrics/aggregates", **question)
    csv_before = await get(metrics_app, "/v1/metrics/exports/aggregates.sdmx.csv", **question)
    assert before.status_code == 200 and csv_before.status_code == 200, csv_before.text

    async with _down(metrics_app):
        during = await get(metrics_app, "/v1/metrics/aggregates", **question)
        csv_during = await get(metrics_app, "/v1/metrics/exports/aggregates.sdmx.csv", **question)
        catalogue = await get(metrics_app, f"/v1/metrics/indicators/{figures['code']}")

    assert during.status_code == 200, during.text
    [cell], [was] = during.json()["cells"], before.json()["cells"]
    # The same published figure; its coverage from the count the service last had.
    assert (cell["value"], cell["status"], cell["coverage"]) == (was["value"], was["status"], was["coverage"])
    assert csv_during.status_code == 200 and csv_during.text == csv_before.text
    assert catalogue.status_code == 200


async def test_what_needs_the_directory_now_is_a_503_to_retry(metrics_app: FastAPI, figures: dict[str, Any]) -> None:
    question = {"indicator": figures["code"], "country": COUNTRY, "by": "country", "period": "2024"}
    async with _down(metrics_app):
        view = await get(
            metrics_app, "/v1/metrics/aggregates", PLATFORM_ADMIN, **question, coalition=figures["coalition"]
        )
        deserts = await get(metrics_app, "/v1/metrics/deserts", indicator=figures["code"], region="Africa")

    for answer in (view, deserts):
        assert answer.status_code == 503, answer.text
        assert answer.headers["retry-after"] == "5"
        assert answer.headers["content-type"] == "application/problem+json"


async def test_a_batch_of_public_rows_is_applied_and_one_naming_a_coalition_waits(
    metrics_app: FastAPI, figures: dict[str, Any]
) -> None:
    """Memberships are asked of the directory only for rows that name a coalition, as for one
    report; the countries are the ones read last."""
    org = figures["orgs"][0]
    member = as_identity(factories.account(org))
    path = f"/v1/metrics/organisations/{org}/observations/batches"
    public = f"indicator,country,period,value,visibility\n{figures['code']},{COUNTRY},2023,7,public\n"
    shared = (
        "indicator,country,period,value,visibility,coalition_id\n"
        f"{figures['code']},{COUNTRY},2022,9,coalition,{figures['coalition']}\n"
    )
    async with _down(metrics_app), asgi_client(metrics_app, "http://metrics", signer=member) as client:
        applied = await client.post(path, content=public, headers={"content-type": "text/csv"})
        waiting = await client.post(path, content=shared, headers={"content-type": "text/csv"})

    assert applied.status_code == 201 and applied.json()["counts"]["created"] == 1, applied.text
    assert waiting.status_code == 503 and waiting.headers["retry-after"] == "5", waiting.text


async def test_a_batch_job_waits_for_the_directory_and_is_applied_once_it_is_back(
    env: Env, metrics_app: FastAPI, figures: dict[str, Any], run_worker: RunWorker
) -> None:
    """A file large enough to be a job, accepted while the directory answered, whose job meets the
    directory down: the batch goes back to `queued`, saying what it waits for, retried and then
    left to the sweeper; not the batch's failure while it was sent less than
    METRICS_PEER_PATIENCE_SECONDS ago."""
    org = figures["orgs"][1]
    body = _large_file(figures, first_year=2000)
    [job] = [f for f in tasks.registry.functions if f.name == BATCH_APPLY]
    async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(org))) as client:
        queued = await client.post(
            f"/v1/metrics/organisations/{org}/observations/batches", content=body, headers={"content-type": "text/csv"}
        )
        assert queued.status_code == 202, queued.text
        batch_id = queued.json()["id"]
        async with httpx.AsyncClient(base_url=DOWN) as down:
            resources = tasks.Resources.open(MetricsSettings(**env.settings()), down)
            try:
                with pytest.raises(Retry):  # a try before the last: again, later
                    await job.coroutine({"metrics": resources, "job_try": 1}, batch_id)
                # The last: handed back by the sweeper.
                last = await job.coroutine({"metrics": resources, "job_try": BATCH_MAX_TRIES}, batch_id)
            finally:
                await resources.engine.dispose()
        waiting = (await client.get(queued.headers["location"])).json()
        await run_worker()  # the directory is back (the sweeper would have handed the batch back)
        applied = (await client.get(queued.headers["location"])).json()

    assert last == "waiting"
    assert waiting["status"] == "queued" and waiting["errors"] == [], waiting
    assert waiting["progress"]["stage"] == "waiting for the directory service, which checking the rows needs"
    assert applied["status"] == "applied", applied["errors"][:3]
    assert applied["counts"]["created"] == SYNC_ROWS + 1


async def test_a_batch_job_gives_up_on_the_directory_after_its_patience_and_the_file_can_be_sent_again(
    env: Env, metrics_app: FastAPI, figures: dict[str, Any], run_worker: RunWorker
) -> None:
    """A batch sent longer ago than METRICS_PEER_PATIENCE_SECONDS whose job finds the directory
    down fails, nothing applied, saying which service it waited for and to send the file again;
    sent again, it has the patience anew, and it is applied once the directory is back."""
    org = figures["orgs"][2]
    [job] = [f for f in tasks.registry.functions if f.name == BATCH_APPLY]
    path = f"/v1/metrics/organisations/{org}/observations/batches"
    body, csv = _large_file(figures, first_year=2014), {"content-type": "text/csv"}
    async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(org))) as client:
        queued = await client.post(path, content=body, headers=csv)
        assert queued.status_code == 202, queued.text
        batch_id = queued.json()["id"]
        settings = MetricsSettings(**env.settings())
        await _sent_ago(metrics_app, batch_id, settings.peer_patience_seconds + 60)
        async with httpx.AsyncClient(base_url=DOWN) as down:
            resources = tasks.Resources.open(settings, down)
            try:
                gave_up = await job.coroutine({"metrics": resources, "job_try": 1}, batch_id)
                failed = (await client.get(queued.headers["location"])).json()
                again = await client.post(path, content=body, headers=csv)
                sent_again = await _batch(metrics_app, batch_id)
                with pytest.raises(Retry):  # sent again: waiting, not failed
                    await job.coroutine({"metrics": resources, "job_try": 1}, batch_id)
            finally:
                await resources.engine.dispose()
        waiting = (await client.get(queued.headers["location"])).json()
        await run_worker()  # the directory is back
        applied = (await client.get(queued.headers["location"])).json()

    assert gave_up == "failed" and failed["status"] == "failed", failed
    [error] = failed["errors"]
    assert error["reason"].startswith("Gave up after waiting 360 minutes for the directory service")
    assert error["reason"].endswith("Nothing was applied; send the file again.")
    assert failed["counts"]["created"] == 0
    assert again.status_code == 202 and again.json()["id"] == batch_id, again.text
    assert sent_again.orphaned == 0  # a new attempt: the worker deaths of the last one are forgotten
    assert waiting["status"] == "queued" and waiting["errors"] == [], waiting
    assert applied["status"] == "applied" and applied["counts"]["created"] == SYNC_ROWS + 1, applied["errors"][:3]


def _large_file(figures: dict[str, Any], first_year: int) -> str:
    """A file of coalition rows, large enough to be a job (its years from `first_year` on)."""
    rows = "".join(
        f"{figures['code']},{COUNTRY},GH-{i % 1000},{first_year + i // 1000},3,coalition,{figures['coalition']}\n"
        for i in range(SYNC_ROWS + 1)
    )
    return "indicator,country,subdivision,period,value,visibility,coalition_id\n" + rows


async def _sent_ago(metrics_app: FastAPI, batch_id: str, seconds: int) -> None:
    """The batch as sent `seconds` ago, its job having killed a worker twice meanwhile."""
    old = utcnow() - timedelta(seconds=seconds)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        await session.execute(update(Batch).where(Batch.id == uuid.UUID(batch_id)).values(submitted_at=old, orphaned=2))


async def _batch(metrics_app: FastAPI, batch_id: str) -> Batch:
    async with session_scope(metrics_app.state.sessionmaker) as session:
        batch = await session.get(Batch, uuid.UUID(batch_id))
        assert batch is not None
        return batch
