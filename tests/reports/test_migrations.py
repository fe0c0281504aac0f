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


def _unmarked(*queries: str, changes: tuple[dict[str, str | None], ...] = ()) -> str:
    """A document as made from 2026-11-23 to 2026-11-30: points without `source`, each figure's
    provenance naming the query it was fetched with."""
    series = [{"figure_id": f"F-X-NPL-{2020 + i}", "period": str(2020 + i)} for i in range(len(queries))]
    provenance = [
        {"figure_id": p["figure_id"], "source": f"/v1/metrics/aggregates?indicator=x&country=NPL&{q}"}
        for p, q in zip(series, queries, strict=True)
    ]
    return json.dumps({"indicators": [{"code": "x", "series": series}], "provenance": provenance, "changes": changes})


FIGURE_MOVED = {"kind": "figure", "before": "15060", "after": "60"}
FIGURE_FIRST = {"kind": "figure", "before": None, "after": "60"}
TESTIMONY_GONE = {"kind": "testimonies_removed", "before": "1", "after": None}


async def test_editions_whose_provenance_names_a_coalition_and_those_telling_its_figures_are_withdrawn(
    empty_database: str,
) -> None:
    migrate(empty_database, "0014")
    coalition = f"coalition={uuid.uuid4()}"
    public = ("by=period", "by=period&granularity=year")
    legacy, marked, plain = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    # name: (workflow, document, the edition before it)
    runs: dict[str, tuple[str, str, uuid.UUID | None]] = {
        "published, a coalition's query": ("published", _unmarked("by=period", f"by=period&{coalition}"), None),
        "published, the coalition first": ("published", _unmarked(f"{coalition}&by=period"), None),
        "published, public queries": ("published", _unmarked(*public), None),
        "published, a word like it": ("published", _unmarked("by=period&not_coalition=1"), None),
        "a draft, a coalition's query": ("draft", _unmarked(f"by=period&{coalition}"), None),
        "after a coalition's query, a figure moved": ("published", _unmarked(*public, changes=(FIGURE_MOVED,)), legacy),
        "after a marked figure, a figure moved": ("published", _unmarked(*public, changes=(FIGURE_MOVED,)), marked),
        "after a coalition's query, first published": (
            "published",
            _unmarked(*public, changes=(FIGURE_FIRST,)),
            legacy,
        ),
        "after a coalition's query, a testimony": ("published", _unmarked(*public, changes=(TESTIMONY_GONE,)), legacy),
        "after public figures, a figure moved": ("published", _unmarked(*public, changes=(FIGURE_MOVED,)), plain),
        "a draft after a coalition's query, a figure moved": (
            "draft",
            _unmarked(*public, changes=(FIGURE_MOVED,)),
            legacy,
        ),
    }
    ids = {name: uuid.uuid4() for name in runs}
    earlier = [
        (legacy, "published", _unmarked(f"by=period&{coalition}"), None),
        (marked, "published", _document("public", "coalition"), None),
        (plain, "published", _unmarked(*public), None),
    ]
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.executemany(
            "INSERT INTO reports.report_runs (id, country, period, coalition_id, template, language, status, "
            "workflow, document, slug, previous_id, created_at, updated_at) VALUES ($1, 'NPL', '2024', $2, "
            "'accountability-shadow-report', 'en', 'done', $3, $4::jsonb, $5, $6, now(), now())",
            [(i, uuid.uuid4(), w, d, i.hex, p) for i, w, d, p in earlier]
            + [(ids[n], uuid.uuid4(), w, d, ids[n].hex, p) for n, (w, d, p) in runs.items()],
        )
        flagged = "SELECT id, regeneration_reason FROM reports.report_runs WHERE needs_regeneration"

        migrate(empty_database, "0015")
        after = {r["id"]: r["regeneration_reason"] for r in await connection.fetch(flagged)}
        migrate(empty_database, "0014", down=True)
        back = {r["id"] for r in await connection.fetch(flagged)}
    finally:
        await connection.close()

    withdrawn = {
        "published, a coalition's query",
        "published, the coalition first",
        "after a coalition's query, a figure moved",
        "after a marked figure, a figure moved",
        "a draft after a coalition's query, a figure moved",
    }
    assert set(after) == {ids[n] for n in withdrawn} | {legacy}
    assert all("coalition's view" in reason for reason in after.values())
    assert back == set()


async def test_withdrawn_runs_forget_their_content_hash(empty_database: str) -> None:
    migrate(empty_database, "0016")
    document = json.dumps({"meta": {"title": "t", "content_hash": "a" * 64}, "testimonies": []})
    withdrawn, live = uuid.uuid4(), uuid.uuid4()
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.executemany(
            "INSERT INTO reports.report_runs (id, country, period, coalition_id, template, language, status, "
            "workflow, document, content_hash, needs_regeneration, created_at, updated_at) VALUES ($1, 'NPL', "
            "'2024', $2, 'accountability-shadow-report', 'en', 'done', 'published', $3::jsonb, $4, $5, now(), now())",
            [(withdrawn, uuid.uuid4(), document, "a" * 64, True), (live, uuid.uuid4(), document, "a" * 64, False)],
        )
        migrate(empty_database, "0017")
        rows = {
            r["id"]: (r["content_hash"], json.loads(r["document"])["meta"])
            for r in await connection.fetch("SELECT id, content_hash, document FROM reports.report_runs")
        }
    finally:
        await connection.close()

    assert rows[withdrawn] == (None, {"title": "t", "content_hash": ""})
    assert rows[live] == ("a" * 64, {"title": "t", "content_hash": "a" * 64})


async def test_withdrawn_runs_say_alike_whether_consent_was_withdrawn_or_narrowed(empty_database: str) -> None:
    migrate(empty_database, "0017")
    reasons = {
        uuid.uuid4(): "consent to a quoted testimony was withdrawn",
        uuid.uuid4(): "consent to a quoted testimony was narrowed",
        uuid.uuid4(): "consent to a quoted testimony changed while it was made",
    }
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.executemany(
            "INSERT INTO reports.report_runs (id, country, period, coalition_id, template, language, status, "
            "workflow, regeneration_reason, needs_regeneration, created_at, updated_at) VALUES ($1, 'NPL', "
            "'2024', $2, 'accountability-shadow-report', 'en', 'done', 'published', $3, true, now(), now())",
            [(run, uuid.uuid4(), reason) for run, reason in reasons.items()],
        )
        migrate(empty_database, "0019")
        rows = {r["id"]: r["regeneration_reason"] for r in await connection.fetch(
            "SELECT id, regeneration_reason FROM reports.report_runs"
        )}  # fmt: skip
    finally:
        await connection.close()

    told = "consent to a quoted testimony was withdrawn or narrowed"
    assert list(rows.values()).count(told) == 2
    assert "consent to a quoted testimony changed while it was made" in rows.values()
