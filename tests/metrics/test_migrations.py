"""Migrations that move data: the data arrives, and the way back restores it."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
from alembic import command

import services.metrics
from shared.db import asyncpg_dsn
from shared.migrations import alembic_config, applied_revisions, head_revisions

METRICS = Path(services.metrics.__file__).parent


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    config = alembic_config(METRICS, url)
    with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
        pool.submit(command.downgrade if down else command.upgrade, config, revision).result()


async def test_current_states_move_onto_observations_and_back(empty_database: str) -> None:
    migrate(empty_database, "0008")
    observation, account = uuid.uuid4(), uuid.uuid4()
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.execute(
            "INSERT INTO metrics.indicators (code, status, current_version, starter, created_at, updated_at) "
            "VALUES ('moved', 'adopted', 1, false, now(), now());"
            "INSERT INTO metrics.indicator_versions (code, version, name, definition, method_note, unit, value_type, "
            "aggregation, disaggregations, proxy, sensitivity, change_note, created_at) VALUES ('moved', 1, 'Moved', "
            "'People counted.', 'One row per person.', 'people', 'count', 'sum', '{}', false, 'normal', '', now())"
        )
        await connection.execute(
            "INSERT INTO metrics.observations (id, indicator_code, indicator_version, organisation_id, country, "
            "subdivision, period, period_start, period_end, disaggregation, disaggregation_key, value, method_note, "
            "source, visibility, status, revision, updated_by, created_at, updated_at) VALUES ($1, 'moved', 1, $2, "
            "'NPL', '', '2024', '2024-01-01', '2024-12-31', '{}', '', 7, '', '', 'public', 'final', 2, $3, now(), "
            "now())",
            observation,
            uuid.uuid4(),
            account,
        )
        await connection.executemany(
            "INSERT INTO metrics.observation_revisions (observation_id, revision, indicator_version, value, "
            "method_note, source, visibility, status, changed_by, request_id, changed_at) "
            "VALUES ($1, $2, 1, $3, '', '', 'public', 'final', $4, $5, now())",
            [(observation, 1, 5, account, "first-request"), (observation, 2, 7, account, "second-request")],
        )
        kept = "SELECT revision, value::int, request_id FROM metrics.observation_revisions ORDER BY revision"

        migrate(empty_database, "0009")
        after = [tuple(r) for r in await connection.fetch(kept)]
        on_row = await connection.fetchval("SELECT request_id FROM metrics.observations")
        migrate(empty_database, "0008", down=True)
        back = [tuple(r) for r in await connection.fetch(kept)]
    finally:
        await connection.close()

    assert after == [(1, 5, "first-request")] and on_row == "second-request"
    assert back == [(1, 5, "first-request"), (2, 7, "second-request")]


async def test_the_metrics_schema_goes_down_to_nothing_and_up_again(empty_database: str) -> None:
    migrate(empty_database, "head")
    migrate(empty_database, "base", down=True)
    emptied = await applied_revisions(empty_database, "metrics")
    migrate(empty_database, "head")

    assert emptied != head_revisions(METRICS)
    assert await applied_revisions(empty_database, "metrics") == head_revisions(METRICS)
