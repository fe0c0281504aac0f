"""`hub seed demo`'s figures, on a database of their own: observations of the starter indicators
by demo organisations (breakdowns, public and coalition values, small cells), targets for the
Pathfinder Countries, all marked as demo data; loading again replaces demo data only; and the
aggregates show published figures."""

import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import asyncpg
import pytest
from fastapi import FastAPI

from hub.migrate import demo_reporters, load_demo, load_demo_figures, migrate_all
from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.directory.demo.generate import generate
from services.directory.seed import PATHFINDERS
from services.metrics.app import create_app as create_metrics
from services.metrics.catalogue.seed import STARTER
from services.metrics.clients import DirectoryClient
from services.metrics.config import MetricsSettings
from services.metrics.demo import generate as metrics_demo
from shared.app import running
from shared.db import asyncpg_dsn
from shared.identity import Identity
from tests.conftest import Env, as_anonymous, as_identity, as_service
from tests.factories import report
from tests.support.apps import asgi_client
from tests.support.databases import create_database, drop_database

# One worker runs the whole module, so the demo data (a module fixture) is loaded once.
pytestmark = pytest.mark.xdist_group("demo_observations")

DEMO = generate(400, 20)
SMALLER = generate(250, 20)  # fewer organisations: the figures of the others go with them
INDICATOR = "people_identified"
COUNTRY = "NPL"


@dataclass
class Loaded:
    url: str
    observations: int
    targets: int
    metrics: FastAPI


@pytest.fixture(scope="module")
async def loaded(env: Env) -> AsyncIterator[Loaded]:
    url = await create_database(env.database_url)
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(migrate_all, url).result()
        earlier = await load_demo(url, DEMO)
        observations, targets = await load_demo_figures(url, DEMO, earlier)
        settings = {**env.settings(), "database_url": url}
        async with (
            running(create_directory(DirectorySettings(**settings))) as directory_app,
            running(create_metrics(MetricsSettings(**settings))) as metrics_app,
        ):
            await metrics_app.state.clients["directory"].aclose()
            metrics_app.state.clients["directory"] = asgi_client(
                directory_app, "http://directory", signer=as_service("metrics")
            )
            metrics_app.state.directory = DirectoryClient(metrics_app.state.clients["directory"])
            yield Loaded(url, observations, targets, metrics_app)
    finally:
        await drop_database(env.database_url, url)


async def fetch(url: str, sql: str, *args: object) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(**asyncpg_dsn(url))
    try:
        return await connection.fetch(sql, *args)
    finally:
        await connection.close()


def active_coalitions() -> dict[uuid.UUID, set[uuid.UUID]]:
    active: dict[uuid.UUID, set[uuid.UUID]] = {}
    for m in DEMO.memberships:
        if m["status"] == "active":
            active.setdefault(m["member_id"], set()).add(m["coalition_id"])
    return active


def test_the_figures_are_the_same_every_time() -> None:
    indicators = [
        metrics_demo.Indicator(str(e["code"]), str(e["value_type"]), str(e["aggregation"]), tuple(e["disaggregations"]))
        for e in STARTER
    ]
    first = metrics_demo.generate(demo_reporters(DEMO), indicators, PATHFINDERS)
    assert first == metrics_demo.generate(demo_reporters(generate(400, 20)), indicators, PATHFINDERS)
    assert first.count() > 1000 and first.targets


async def test_demo_observations_are_marked_and_reported_by_demo_organisations(loaded: Loaded) -> None:
    rows = await fetch(
        loaded.url,
        "SELECT organisation_id, indicator_code, country, period, disaggregation_key, visibility, coalition_id, "
        "method_note, request_id, status FROM metrics.observations WHERE source = 'demo'",
    )

    assert len(rows) == loaded.observations > 1000
    assert all(r["method_note"].startswith("[Demo data]") for r in rows)
    assert all(r["request_id"].startswith("hub-seed-demo-") for r in rows)  # in each one's history
    countries_of = {o["id"]: set(o["countries"]) for o in DEMO.organisations}
    assert all(r["country"] in countries_of[r["organisation_id"]] for r in rows)  # a demo organisation of the country
    assert set(PATHFINDERS) <= {r["country"] for r in rows}
    assert {f"{y}" for y in range(2019, 2025)} | {f"2024-Q{q}" for q in range(1, 5)} <= {r["period"] for r in rows}
    assert any(r["period"] == "2024-05" for r in rows)
    assert {r["status"] for r in rows if r["period"] == "2019"} == {"final"}


async def test_totals_and_breakdowns_by_sex_and_age_group(loaded: Loaded) -> None:
    rows = await fetch(
        loaded.url,
        "SELECT organisation_id, indicator_code, country, array_agg(disaggregation_key) AS keys "
        "FROM metrics.observations WHERE source = 'demo' AND period = '2023' GROUP BY 1, 2, 3",
    )
    shapes = {
        tuple(sorted({";".join(pair.split("=")[0] for pair in k.split(";")) if k else "" for k in r["keys"]}))
        for r in rows
    }

    assert ("",) in shapes  # totals only
    assert {("", "sex"), ("", "age_group"), ("", "age_group;sex")} <= shapes  # a total and a breakdown
    sums = await fetch(
        loaded.url,
        "SELECT sum(value) FILTER (WHERE disaggregation_key = '') AS total, "
        "sum(value) FILTER (WHERE disaggregation_key <> '') AS cells FROM metrics.observations "
        "WHERE source = 'demo' AND indicator_code = $1 AND period = '2023' "
        "GROUP BY organisation_id, country HAVING count(*) > 1",
        INDICATOR,
    )
    assert sums and all(s["total"] == s["cells"] for s in sums)  # breakdowns add up to their total


async def test_public_and_coalition_values_and_small_cells(loaded: Loaded) -> None:
    rows = await fetch(
        loaded.url,
        "SELECT DISTINCT organisation_id, country, visibility, coalition_id FROM metrics.observations "
        "WHERE source = 'demo'",
    )

    assert {r["visibility"] for r in rows} == {"public", "coalition"}
    active = active_coalitions()
    shared = [r for r in rows if r["visibility"] == "coalition"]
    assert shared and all(r["coalition_id"] in active[r["organisation_id"]] for r in shared)
    reporting: dict[str, set[uuid.UUID]] = {}
    for r in rows:
        reporting.setdefault(r["country"], set()).add(r["organisation_id"])
    assert any(len(orgs) <= 2 for country, orgs in reporting.items() if country not in PATHFINDERS)
    assert all(len(reporting[country]) >= 3 for country in PATHFINDERS)


async def test_targets_for_every_pathfinder_country(loaded: Loaded) -> None:
    rows = await fetch(
        loaded.url, "SELECT indicator_code, country, note, baseline_value, target_value FROM metrics.targets"
    )

    assert len(rows) == loaded.targets > 0
    assert all(r["note"].startswith("[Demo data]") and r["target_value"] > r["baseline_value"] > 0 for r in rows)
    assert {r["country"] for r in rows if r["indicator_code"] == INDICATOR} == set(PATHFINDERS)


async def test_roll_ups_are_refreshed(loaded: Loaded) -> None:
    changed = await fetch(loaded.url, "SELECT count(*) AS n FROM metrics.rollup_changes")
    rolled = await fetch(loaded.url, "SELECT count(*) AS n FROM metrics.rollups")

    assert changed[0]["n"] == 0 and rolled[0]["n"] > 0


async def test_aggregates_progress_and_exports_show_published_figures(loaded: Loaded) -> None:
    async with asgi_client(loaded.metrics, "http://metrics", signer=as_anonymous()) as client:
        figures = await client.get("/v1/metrics/aggregates", params={"indicator": INDICATOR, "country": COUNTRY})
        series = await client.get(
            "/v1/metrics/aggregates", params={"indicator": INDICATOR, "country": COUNTRY, "by": "period"}
        )
        progress = await client.get(f"/v1/metrics/targets/{INDICATOR}/{COUNTRY}/progress")
        export = await client.get(
            "/v1/metrics/exports/aggregates.csv", params={"indicator": INDICATOR, "country": COUNTRY}
        )

    assert figures.status_code == 200, figures.text
    assert any(c["status"] == "F" and c["value"] is not None for c in figures.json()["cells"]), figures.json()
    assert series.status_code == 200, series.text
    assert {c["period"] for c in series.json()["cells"] if c["status"] == "F"} >= {"2019", "2024"}
    assert progress.status_code == 200, progress.text
    assert progress.json()["latest_period"] == "2024" and progress.json()["progress_percent"] is not None
    assert export.status_code == 200 and COUNTRY in export.text


async def test_loading_again_replaces_demo_data_only(loaded: Loaded) -> None:
    # A real organisation's value (its source happens to say "demo") and a platform admin's target.
    real = uuid.uuid4()
    await report(
        loaded.metrics, real, indicator=INDICATOR, country=COUNTRY, period="2024", value=7, visibility="public",
        source="demo",
    )  # fmt: skip
    admin = Identity(kind="account", account_id=uuid.uuid4(), platform_admin=True)
    target = {"baseline_period": "2020", "baseline_value": 1, "target_period": "2030", "target_value": 99,
              "note": "National action plan."}  # fmt: skip
    async with asgi_client(loaded.metrics, "http://metrics", signer=as_identity(admin)) as client:
        response = await client.put(f"/v1/metrics/targets/{INDICATOR}/{COUNTRY}", json=target)
    assert response.status_code == 200, response.text

    earlier = await load_demo(loaded.url, SMALLER)
    observations, targets = await load_demo_figures(loaded.url, SMALLER, earlier)

    rows = await fetch(loaded.url, "SELECT organisation_id FROM metrics.observations WHERE source = 'demo'")
    assert len(rows) == observations + 1 and 0 < observations < loaded.observations
    # The demo organisations no longer in the set took their figures with them.
    assert {r["organisation_id"] for r in rows} - {o["id"] for o in SMALLER.organisations} == {real}
    kept = await fetch(loaded.url, "SELECT value, revision FROM metrics.observations WHERE organisation_id = $1", real)
    assert [(int(r["value"]), r["revision"]) for r in kept] == [(7, 1)]
    stored = await fetch(
        loaded.url,
        "SELECT note, target_value FROM metrics.targets WHERE indicator_code = $1 AND country = $2",
        INDICATOR,
        COUNTRY,
    )
    assert [(r["note"], int(r["target_value"])) for r in stored] == [("National action plan.", 99)]
    demo_targets = await fetch(loaded.url, "SELECT count(*) AS n FROM metrics.targets WHERE note LIKE '[Demo data]%'")
    assert demo_targets[0]["n"] == targets > 0
    orphans = await fetch(
        loaded.url,
        "SELECT count(*) AS n FROM metrics.observation_revisions r "
        "WHERE NOT EXISTS (SELECT FROM metrics.observations o WHERE o.id = r.observation_id)",
    )
    assert orphans[0]["n"] == 0
