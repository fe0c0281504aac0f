"""`hub seed demo`'s reports, on a database of their own: three Pathfinder Countries get
commitments, assessments, ratings, a testimony and the coalition's words, all marked as demo, and
a published report a newcomer can open at once; loading again replaces them."""

from concurrent.futures import ThreadPoolExecutor

import asyncpg

from hub.demo_reports import DEMO_ACCOUNT, MARK, load_demo_reports, picks
from hub.migrate import load_demo, load_demo_figures, migrate_all
from services.directory.demo.generate import generate
from services.directory.seed import PATHFINDERS
from shared.db import asyncpg_dsn
from tests.conftest import Env
from tests.support.databases import create_database, drop_database

DEMO = generate(200, 20)  # a Pathfinder coalition of three members: enough to report on


def test_the_default_demo_set_has_three_pathfinder_countries_to_report_on() -> None:
    chosen = picks(generate(3000, 60))

    assert len(chosen) == 3 and all(p.country in PATHFINDERS and len(p.members) >= 2 for p in chosen)


async def test_demo_reports_are_published_marked_and_replaced_on_reload(env: Env) -> None:
    url = await create_database(env.database_url)
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(migrate_all, url).result()
        earlier = await load_demo(url, DEMO)
        await load_demo_figures(url, DEMO, earlier)
        first = await load_demo_reports(url, DEMO, countries=1)  # one is enough here: PDFs take time
        again = await load_demo_reports(url, DEMO, countries=1)
        connection = await asyncpg.connect(**asyncpg_dsn(url))
        try:
            runs = await connection.fetch(
                "SELECT workflow, html, document FROM reports.report_runs WHERE requested_by = $1", DEMO_ACCOUNT
            )
            marked = await connection.fetchval(
                "SELECT count(*) FROM reports.commitments WHERE created_by = $1 AND note = $2", DEMO_ACCOUNT, MARK
            )
        finally:
            await connection.close()
    finally:
        await drop_database(env.database_url, url)

    assert len(first) == len(again) == 1 and first[0].startswith("/v1/reports/public/")
    assert len(runs) == len(again)  # the earlier ones were replaced
    assert all(r["workflow"] == "published" for r in runs)
    assert all(MARK in r["html"] and 'class="draft-marker"' not in r["html"] for r in runs)
    assert marked == 5 * len(again)
