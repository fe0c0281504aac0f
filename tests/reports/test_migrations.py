"""Migrations that move data: the data arrives, and the way back restores it."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
from alembic import command

import services.reports
from shared.db import asyncpg_dsn
from shared.migrations import alembic_config

REPORTS = Path(services.reports.__file__).parent


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    config = alembic_config(REPORTS, url)
    with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
        pool.submit(command.downgrade if down else command.upgrade, config, revision).result()


def _document(*sources: str) -> str:
    series = [{"figure_id": f"F-X-NPL-{2020 + i}", "period": str(2020 + i), "source": s} for i, s in enumerate(sources)]
    return json.dumps({"indicators": [{"code": "x", "series": series}]})


async def test_published_editions_with_coalition_figures_are_withdrawn_and_back(empty_database: str) -> None:
    migrate(empty_database, "0010")
    runs = {
        "published, a coalition figure": ("published", _document("public", "coalition")),
        "published, public figures": ("published", _document("public", "public")),
        "a draft, a coalition figure": ("draft", _document("coalition")),
    }
    ids = {name: uuid.uuid4() for name in runs}
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.executemany(
            "INSERT INTO reports.report_runs (id, country, period, coalition_id, template, language, status, "
            "workflow, document, slug, created_at, updated_at) VALUES ($1, 'NPL', '2024', $2, "
            "'accountability-shadow-report', 'en', 'done', $3, $4::jsonb, $5, now(), now())",
            [(ids[n], uuid.uuid4(), w, d, ids[n].hex) for n, (w, d) in runs.items()],
        )
        flagged = "SELECT id FROM reports.report_runs WHERE needs_regeneration"

        migrate(empty_database, "0011")
        after = {r["id"] for r in await connection.fetch(flagged)}
        reason = await connection.fetchval(
            "SELECT regeneration_reason FROM reports.report_runs WHERE id = $1", ids["published, a coalition figure"]
        )
        migrate(empty_database, "0010", down=True)
        back = {r["id"] for r in await connection.fetch(flagged)}
    finally:
        await connection.close()

    assert after == {ids["published, a coalition figure"]} and "coalition's view" in reason
    assert back == set()
