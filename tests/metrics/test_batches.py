"""Bulk ingest: CSV and JSON files applied completely or not at all, every row checked and
reported, the same file changing nothing the second time, large files as a job."""

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from services.metrics.batches import files, repository
from services.metrics.batches import service as batches
from services.metrics.rollups import service as rollups
from shared.db import asyncpg_dsn, session_scope
from shared.uploads import EXTRA_CELLS, FIELD_TWICE, NOT_JSON_NUMBER, UnreadableFile
from tests import factories
from tests.conftest import Env, RunWorker, World, as_identity
from tests.processes import until
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


HEADER = "indicator,country,subdivision,period,value,disaggregation,visibility,status\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def rows_for(code: str, n: int, value: int = 5) -> list[str]:
    return [f"{code},NPL,NP-{i % 1000},{2000 + i // 1000},{value},sex=female,public,final" for i in range(n)]


async def send(
    client: httpx.AsyncClient,
    org: uuid.UUID,
    body: bytes,
    kind: str = "text/csv",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        f"/v1/metrics/organisations/{org}/observations/batches",
        content=body,
        headers={"content-type": kind, **(headers or {})},
    )


@pytest.fixture
async def member_a(gateway_app: FastAPI, world: World) -> Any:
    async with asgi_client(gateway_app, "http://gateway") as client:
        client.headers.update(world.people["member_a"].headers)
        yield client


async def stored(app: FastAPI, org: uuid.UUID) -> list[tuple[str, str, str, int]]:
    async with session_scope(app.state.sessionmaker) as session:
        rows = await session.execute(
            text(
                "SELECT period, subdivision, value::text, revision FROM metrics.observations "
                "WHERE organisation_id = :org ORDER BY period, subdivision"
            ),
            {"org": org},
        )
        return [tuple(r) for r in rows]


async def test_a_small_file_is_applied_at_once(member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI) -> None:
    code = world.indicators["adopted"]
    response = await send(member_a, world.org_a, csv(*rows_for(code, 20)))

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "applied" and "completely or not at all" in body["atomic"]
    assert body["counts"] == {"rows": 20, "created": 20, "updated": 0, "unchanged": 0, "errors": 0}
    assert response.headers["location"].endswith(body["id"])
    assert len(await stored(metrics_app, world.org_a)) == 20
    again = await member_a.get(response.headers["location"])
    assert again.json()["counts"] == body["counts"]


async def test_sending_the_same_file_again_changes_nothing(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    rows = rows_for(code, 10)
    first = await send(member_a, world.org_a, csv(*rows))
    before = await stored(metrics_app, world.org_a)
    same = await send(member_a, world.org_a, csv(*rows))
    reordered = await send(member_a, world.org_a, csv(*reversed(rows)))
    revised = await send(member_a, world.org_a, csv(*rows[:9], rows[9].replace(",5,", ",6,")))

    assert same.status_code == 200 and same.headers["x-outcome"] == "existing"
    assert same.json()["id"] == first.json()["id"]
    assert reordered.status_code == 201 and reordered.json()["counts"]["unchanged"] == 10
    assert await stored(metrics_app, world.org_a) != before  # only through the revised file:
    assert revised.json()["counts"] == {"rows": 10, "created": 0, "updated": 1, "unchanged": 9, "errors": 0}
    after = await stored(metrics_app, world.org_a)
    assert sorted(r[3] for r in after) == [1] * 9 + [2]


async def test_one_wrong_row_applies_nothing_and_every_problem_is_listed(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    good = rows_for(code, 5)
    bad = [
        f"{code},NPL,,2024,-3,,public,final",
        f"{code},XXX,,2024-13,abc,sex=purple;age_group=child;colour=red,secret,draft",
    ]
    response = await send(member_a, world.org_a, csv(*good, *bad))

    assert response.status_code == 422
    problem = response.json()
    assert "Nothing was applied" in problem["detail"]
    found = {(e["row"], e["field"]) for e in problem["errors"]}
    assert found == {
        (6, "value"),
        (7, "country"),
        (7, "period"),
        (7, "value"),
        (7, "visibility"),
        (7, "status"),
        (7, "disaggregation.sex"),
        (7, "disaggregation.colour"),
    }
    assert await stored(metrics_app, world.org_a) == []


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("{code},NPL,,2024,12.5,,public,final", "value", "a count of people: a whole number, 0 or more"),
        ("{code},NPL,,2024,,,public,final", "value", "required"),
        ("{code},NPL,,2024,1e999999,,public,final", "value", "a number in the digits 0-9"),
        ("{code},NPL,,2024,1e999,,public,final", "value", "a number between -10^15 and 10^15"),
        ("{code},NPL,,2024,1000000000000001,,public,final", "value", "a number between -10^15 and 10^15"),
        ("{code},NPL,,2024-Q5,1,,public,final", "period", "a period is a year"),
        ("{code},NPL,,1800,1,,public,final", "period", "a period is a year"),
        ("{code},NPL,,,1,,public,final", "period", "required"),
        ("{code},NPL,abcdefghijklmnopq,2024,1,,public,final", "subdivision", "at most 16 characters"),
        ("{code},NPL,,2024,1,sex,public,final", "disaggregation", "key=term pairs"),
        ("{code},NPL,,2024,1,sex=female;sex=male,public,final", "disaggregation", "each key once"),
        ("{code},NPL,,2024,1,form=nonsense,public,final", "disaggregation.form", "not a breakdown"),
        ("{code},NPL,,2024,1,,coalition,final", "coalition_id", "goes with visibility 'coalition'"),
        ("nope,NPL,,2024,1,,public,final", "indicator", "unknown indicator"),
        ("{proposed},NPL,,2024,1,,public,final", "indicator", "the indicator is proposed, not adopted"),
        (",NPL,,2024,1,,public,final", "indicator", "required"),
    ],
)
async def test_every_row_error(member_a: httpx.AsyncClient, world: World, row: str, field: str, reason: str) -> None:
    line = row.format(code=world.indicators["adopted"], proposed=world.indicators["proposed_by_a"])
    response = await send(member_a, world.org_a, csv(*rows_for(world.indicators["adopted"], 2), line))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, field)], errors
    assert reason in errors[0]["reason"]


async def test_rows_repeating_an_observation_are_refused(member_a: httpx.AsyncClient, world: World) -> None:
    row = rows_for(world.indicators["adopted"], 1)[0]
    response = await send(member_a, world.org_a, csv(row, row.replace(",5,", ",9,")))

    assert response.status_code == 422
    assert response.json()["errors"] == [{"row": 2, "field": "row", "reason": "the same observation as row 1"}]


async def test_batches_and_single_reports_give_the_same_reasons(member_a: httpx.AsyncClient, world: World) -> None:
    """The same rules are checked in two places (in SQL for batches): they must agree."""
    code = world.indicators["adopted"]
    cases = [
        {"value": 2.5},
        {"value": -1},
        {"disaggregation": {"form": "forced_labour"}},
        {"disaggregation": {"sex": "purple"}},
        {"disaggregation": {"sex": "female;age_group=child"}},  # read as one term, not as two pairs
        {"country": "XXX"},
        {"visibility": "coalition", "coalition_id": str(world.other_coalition)},
    ]
    for change in cases:
        item = {"indicator": code, "country": "NPL", "period": "2024", "value": 3, "visibility": "public", **change}
        single = await member_a.put(f"/v1/metrics/organisations/{world.org_a}/observations", json=item)
        batch = await send(member_a, world.org_a, json.dumps([item]).encode(), "application/json")
        assert single.status_code == batch.status_code == 422, (single.text, batch.text)
        expected = {(e["field"], e["reason"]) for e in single.json()["errors"]}
        assert {(e["field"], e["reason"]) for e in batch.json()["errors"]} == expected, change


async def test_json_files(member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI) -> None:
    code = world.indicators["adopted"]
    items = [
        {"indicator": code, "country": "npl", "period": "2023-05", "value": 4, "disaggregation": {"sex": "male"}},
        {"indicator": code, "country": "NPL", "period": "2023-Q2", "value": "7", "weight": None},
    ]
    applied = await send(member_a, world.org_a, json.dumps({"observations": items}).encode(), "application/json")
    unknown = await send(
        member_a, world.org_a, json.dumps([{**items[0], "colour": "red"}]).encode(), "application/json"
    )
    broken = await send(member_a, world.org_a, b"[{", "application/json")

    assert applied.status_code == 201 and applied.json()["counts"]["created"] == 2
    stored_rows = await stored(metrics_app, world.org_a)
    assert [(r[0], r[2]) for r in stored_rows] == [("2023-05", "4"), ("2023-Q2", "7")]
    assert unknown.status_code == 422 and unknown.json()["errors"] == [
        {"row": 1, "field": "colour", "reason": "unknown field"}
    ]
    assert broken.status_code == 422 and broken.json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize(
    ("body", "kind", "field"),
    [
        (b"indicator,country,period,colour\nx,NPL,2024,red\n", "text/csv", "header"),
        (b"indicator,country,value\nx,NPL,1\n", "text/csv", "header"),
        (HEADER.encode() + b"a,b,c\n", "text/csv", "row"),
        (b"", "text/csv", "body"),
        (b"a,b\n", "text/plain", "content-type"),
    ],
)
async def test_unreadable_files(member_a: httpx.AsyncClient, world: World, body: bytes, kind: str, field: str) -> None:
    response = await send(member_a, world.org_a, body, kind)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_roll_ups_give_the_same_figures_as_the_observations(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    orgs = [uuid.uuid4() for _ in range(4)]
    for i, org in enumerate(orgs):
        async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(org))) as client:
            lines = [f"{code},NPL,,{year},{10 * i + year - 2020},,public,final" for year in (2021, 2022)]
            assert (await send(client, org, csv(*lines))).status_code == 201

    async def figures() -> list[dict[str, Any]]:
        result = (
            await member_a.get("/v1/metrics/aggregates", params={"indicator": code, "by": "country,period"})
        ).json()
        return result["cells"] + result["totals"]

    from_observations = await figures()
    refreshed = await rollups.refresh_all(metrics_app.state.sessionmaker)
    from_rollups = await figures()
    async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(orgs[0]))) as client:
        await send(client, orgs[0], csv(f"{code},NPL,,2021,100,,public,final"))  # one key changed again
    mixed = await figures()

    assert refreshed >= 2
    assert from_rollups == from_observations
    published = {c["period"]: int(c["value"]) for c in from_observations if c["period"] and c["country"]}
    again = {c["period"]: int(c["value"]) for c in mixed if c["period"] and c["country"]}
    # 1 + 11 + 21 + 31, and 2 + 12 + 22 + 32, each value with noise of at most 15% of it, at least 2
    assert (
        abs(published["2021"] - 64) <= 2 + 2 + 0.15 * 52 + 0.5
        and abs(published["2022"] - 68) <= 2 + 2 + 0.15 * 54 + 0.5
    )
    assert abs(again["2021"] - 163) <= 15 + 2 + 0.15 * 52 + 0.5 and again["2022"] == published["2022"]  # 2022 unchanged


async def test_a_large_file_runs_as_a_job(metrics_app: FastAPI, run_worker: RunWorker) -> None:
    """Committed for real: the worker reads the batch in its own transaction."""
    org, code = uuid.uuid4(), await factories.adopted(metrics_app, prefix="big")
    rows = rows_for(code, batches.SYNC_ROWS + 1)
    async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(org))) as client:
        queued = await send(client, org, csv(*rows))
        rejected = await send(client, org, csv(*rows[:-1], rows[-1].replace(",5,", ",-5,")))
        await run_worker()
        applied = await client.get(queued.headers["location"])
        refused = await client.get(rejected.headers["location"])

    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert applied.json()["status"] == "applied", applied.json()["errors"][:3]
    assert applied.json()["counts"]["created"] == batches.SYNC_ROWS + 1
    assert refused.json()["status"] == "rejected"
    assert refused.json()["errors"] == [
        {"row": batches.SYNC_ROWS + 1, "field": "value", "reason": "a count of people: a whole number, 0 or more"}
    ]
    assert len(await stored(metrics_app, org)) == batches.SYNC_ROWS + 1


async def test_a_batch_keeps_every_revision_with_who_and_when(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code, path = world.indicators["adopted"], f"/v1/metrics/organisations/{world.org_a}/observations"
    rows = rows_for(code, 5)
    first = await send(member_a, world.org_a, csv(*rows), headers={"x-request-id": "batch-first-0001"})
    await send(
        member_a,
        world.org_a,
        csv(*rows[:4], rows[4].replace(",5,", ",7,")),
        headers={"x-request-id": "batch-second-0002"},
    )
    listed = (await member_a.get(path)).json()["items"]
    histories = [(await member_a.get(f"{path}/{o['id']}/history")).json()["items"] for o in listed]
    async with session_scope(metrics_app.state.sessionmaker) as session:
        kept = await session.scalar(
            text(
                "SELECT count(*) FROM metrics.observation_revisions r JOIN metrics.observations o "
                "ON o.id = r.observation_id WHERE o.organisation_id = :org"
            ),
            {"org": world.org_a},
        )

    assert first.status_code == 201 and len(listed) == 5
    assert all(uuid.UUID(o["id"]).version == 7 for o in listed)  # time-ordered ids, in the file's order
    assert [o["id"] for o in listed] == sorted(o["id"] for o in listed)
    assert sorted([(h["revision"], h["value"]) for h in history] for history in histories) == [[(1, "5")]] * 4 + [
        [(1, "5"), (2, "7")]
    ]
    changes = [h for history in histories for h in history]
    assert {h["changed_by"] for h in changes} == {str(world.people["member_a"].account_id)}
    assert {h["request_id"] for h in changes if h["revision"] == 1} == {"batch-first-0001"}
    assert [h["request_id"] for h in changes if h["revision"] == 2] == ["batch-second-0002"]
    assert kept == 1  # the replaced state only: current states live on the observation rows


REFUSED = {
    "a revision of no observation": "INSERT INTO metrics.observation_revisions (observation_id, revision, "
    "indicator_version, value, method_note, source, visibility, status, changed_at) "
    "VALUES (gen_random_uuid(), 1, 1, 1, '', '', 'private', 'final', now())",
    "an observation of no indicator version": "UPDATE metrics.observations SET indicator_version = 999 "
    "WHERE organisation_id = :org",
    "new observations of no indicator version": "INSERT INTO metrics.observations (id, indicator_code, "
    "indicator_version, organisation_id, country, subdivision, period, period_start, period_end, disaggregation, "
    "disaggregation_key, value, method_note, source, visibility, status, revision, created_at, updated_at) "
    "SELECT gen_random_uuid(), indicator_code, 999, organisation_id, country, subdivision, '1999', '1999-01-01', "
    "'1999-12-31', disaggregation, disaggregation_key, value, method_note, source, visibility, status, 1, now(), "
    "now() FROM metrics.observations WHERE organisation_id = :org",
    "deleting an observation that has revisions": "DELETE FROM metrics.observations WHERE organisation_id = :org",
    "changing an observation's id": "UPDATE metrics.observations SET id = gen_random_uuid() WHERE organisation_id = :org",
}


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
async def test_references_still_hold_for_any_write(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, statement: str
) -> None:
    """The foreign keys became checks per statement: batches and single writes keep them."""
    rows = rows_for(world.indicators["adopted"], 3)
    await send(member_a, world.org_a, csv(*rows))
    await send(member_a, world.org_a, csv(*rows[:2], rows[2].replace(",5,", ",6,")))  # one revision
    with pytest.raises(IntegrityError, match="referenced|is not in|does not change"):
        async with session_scope(metrics_app.state.sessionmaker) as session:
            await session.execute(text(statement), {"org": world.org_a})
    assert len(await stored(metrics_app, world.org_a)) == 3


async def test_a_nul_character_names_its_row_and_applies_nothing(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    as_csv = await send(
        member_a, world.org_a, csv(f"{code},NPL,,2024,1,,public,final", f"{code},NPL,,2023,1,,pub\x00lic,")
    )
    rows = [
        {"indicator": code, "country": "NPL", "period": "2024", "value": 1},
        {"indicator": code, "country": "NPL", "period": "2023", "value": 1, "source": "survey\x00"},
    ]
    as_json = await send(member_a, world.org_a, json.dumps(rows).encode(), "application/json")

    reason = "text must not contain NUL characters (U+0000)"
    assert as_csv.status_code == 422 and as_csv.json()["errors"] == [{"row": 2, "field": "row", "reason": reason}]
    assert as_json.status_code == 422 and as_json.json()["errors"] == [{"row": 2, "field": "source", "reason": reason}]
    assert await stored(metrics_app, world.org_a) == []


async def test_a_key_another_writer_adds_meanwhile_is_revised_not_lost(metrics_app: FastAPI, env: Env) -> None:
    """Committed for real, on two connections: the other writer inserts a key of the batch after
    the batch's statement took its snapshot, so the batch's plain insert of that key fails; the
    attempt is rolled back to its savepoint and run again, which revises the key."""
    org, code = uuid.uuid4(), await factories.adopted(metrics_app, prefix="race")
    rows = [f"{code},NPL,,2024,5,,public,final", f"{code},NPL,,2025,6,,public,final"]
    batch, other = [await asyncpg.connect(**asyncpg_dsn(env.database_url)) for _ in range(2)]
    try:
        other_writes = other.transaction()
        await other_writes.start()
        await other.execute(
            "INSERT INTO metrics.observations (id, indicator_code, indicator_version, organisation_id, country, "
            "subdivision, period, period_start, period_end, disaggregation, disaggregation_key, value, method_note, "
            "source, visibility, status, revision, created_at, updated_at) VALUES (gen_random_uuid(), $1, 1, $2, "
            "'NPL', '', '2024', '2024-01-01', '2024-12-31', '{}', '', 9, '', '', 'public', 'final', 1, now(), now())",
            code,
            org,
        )
        async with batch.transaction():
            await repository.stage(batch, "csv", csv(*rows))
            await batch.execute(repository.CLEAN)
            applying = asyncio.create_task(repository.apply(batch, org, None, "race-batch-0001"))
            blocked = "SELECT cardinality(pg_blocking_pids($1)) > 0"
            await until(
                lambda: other.fetchval(blocked, batch.get_server_pid()), "the batch to wait on the other insert"
            )
            await other_writes.commit()
            counts = await applying
        history = await batch.fetch(
            "SELECT r.revision, r.value::text FROM metrics.observation_revisions r JOIN metrics.observations o "
            "ON o.id = r.observation_id WHERE o.organisation_id = $1 UNION ALL "
            "SELECT revision, value::text FROM metrics.observations WHERE organisation_id = $1 ORDER BY 2",
            org,
        )
    finally:
        await batch.close()
        await other.close()

    assert counts == (2, 1, 1)  # rows, created, updated
    assert [tuple(r) for r in history] == [(2, "5"), (1, "6"), (1, "9")]  # 9 was the other writer's


async def test_a_platform_admin_sends_no_batch_for_another_organisation(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """An organisation submits data only for itself: a platform admin's batch for organisation B
    is refused, and nothing of it is stored."""
    body = csv(*rows_for(world.indicators["adopted"], 3))
    async with asgi_client(gateway_app, "http://gateway") as admin:
        admin.headers.update(world.people["platform_admin"].headers)
        refused = await send(admin, world.org_b, body)

    assert refused.status_code == 403, refused.text
    assert await stored(metrics_app, world.org_b) == []


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
async def test_a_line_copy_reads_as_the_end_of_the_data_is_refused_naming_its_row(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, end: str
) -> None:
    """COPY … CSV stops at `\\.` alone on a line without a word: the rows after it would be lost."""
    code = world.indicators["adopted"]
    lines = [HEADER.strip(), f"{code},NPL,,2003,5,,public,final", "\\.", f"{code},NPL,,2004,5,,public,final"]
    response = await send(member_a, world.org_a, end.join([*lines, ""]).encode())

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"row": 2, "field": "row", "reason": files.END_OF_DATA_REASON}]
    assert await stored(metrics_app, world.org_a) == []


async def test_the_same_characters_in_a_quoted_cell_are_a_value(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    body = (
        "indicator,country,period,value,method_note\n"
        f'{code},NPL,2003,5,"first line\n\\.\nlast line"\n'
        f"{code},NPL,2004,5,\n"
    )
    response = await send(member_a, world.org_a, body.encode())

    assert response.status_code == 201, response.text
    assert response.json()["counts"]["rows"] == 2
    async with session_scope(metrics_app.state.sessionmaker) as session:
        notes = await session.scalars(
            text("SELECT method_note FROM metrics.observations WHERE organisation_id = :org ORDER BY period"),
            {"org": world.org_a},
        )
        assert list(notes) == ["first line\n\\.\nlast line", ""]


async def test_a_file_staged_in_part_is_refused_not_applied(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staged rows are counted against the file's own count: whatever makes COPY stop early
    (here the end-of-data line, with its own check switched off), nothing is lost silently."""
    monkeypatch.setattr(repository, "end_of_data", lambda content: None)
    body = csv("x,NPL,,2003,5,,public,final", "\\.", "x,NPL,,2004,5,,public,final")
    connection = await asyncpg.connect(**asyncpg_dsn(env.database_url))
    try:
        async with connection.transaction():
            with pytest.raises(UnreadableFile) as refused:
                await repository.stage(connection, "csv", body)
    finally:
        await connection.close()

    reason = "the file holds 3 rows and only 1 could be read"
    assert refused.value.errors == [{"row": 2, "field": "row", "reason": reason}]


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        (b"indicator,country,period,value\nx,NPL,2003,5\nx,NPL,2004,5", 2),
        (b"indicator,country,period,value\r\nx,NPL,2003,5\r\nx,NPL,2004,5\r\n", 2),
        (b"indicator,country,period,value\rx,NPL,2003,5\rx,NPL,2004,5\r", 2),
        (b'indicator,country,period,value,method_note\nx,NPL,2003,5,"a\n""b""\nc"\nx,NPL,2004,5,"\n"\n', 2),
        (b"indicator,country,period,value\n", 0),
    ],
    ids=["no last line end", "CRLF", "CR", "line ends in quoted cells", "header only"],
)
async def test_a_file_counts_its_rows_as_staging_reads_them(env: Env, body: bytes, rows: int) -> None:
    connection = await asyncpg.connect(**asyncpg_dsn(env.database_url))
    try:
        async with connection.transaction():
            await repository.stage(connection, "csv", body)
            staged = await connection.fetchval("SELECT count(*) FROM batch_rows")
    finally:
        await connection.close()

    assert files.count_rows("csv", body) == staged == rows


async def test_a_file_of_as_many_rows_as_are_applied_at_once_is_applied_at_once(
    member_a: httpx.AsyncClient, world: World
) -> None:
    """Line ends in quoted cells are not rows: the file is no larger than it is."""
    rows = [f'{r},"note\nover two lines"' for r in rows_for(world.indicators["adopted"], batches.SYNC_ROWS)]
    response = await send(member_a, world.org_a, (HEADER.strip() + ",method_note\n" + "\n".join(rows)).encode())

    assert response.status_code == 201, response.text
    assert response.json()["counts"]["rows"] == batches.SYNC_ROWS


async def test_a_row_with_more_cells_than_the_header_is_refused_naming_it(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    response = await send(
        member_a, world.org_a, csv(f"{code},NPL,,2003,5,,public,final", f"{code},NPL,,2004,5,,public,final,SURPLUS")
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"row": 2, "field": "row", "reason": EXTRA_CELLS}]
    assert await stored(metrics_app, world.org_a) == []


async def test_what_is_not_json_is_refused_naming_row_and_field(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    """NaN and Infinity are not JSON (RFC 8259), and a name given twice would keep only its last
    value: each is named, not read as something the file does not say."""
    code = world.indicators["adopted"]
    body = (
        f'[{{"indicator": "{code}", "country": "NPL", "period": "2003", "value": 5}},'
        f' {{"indicator": "{code}", "country": "NPL", "period": "2004", "value": NaN}},'
        f' {{"indicator": "{code}", "country": "NPL", "period": "2005", "value": 5, "weight": -Infinity}},'
        f' {{"indicator": "{code}", "country": "NPL", "period": "2006", "value": 5, "value": 6}}]'
    )
    response = await send(member_a, world.org_a, body.encode(), "application/json")

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"row": 2, "field": "value", "reason": NOT_JSON_NUMBER},
        {"row": 3, "field": "weight", "reason": NOT_JSON_NUMBER},
        {"row": 4, "field": "value", "reason": FIELD_TWICE},
    ]
    assert await stored(metrics_app, world.org_a) == []


@pytest.mark.parametrize(
    ("breakdown", "field", "reason"),
    [
        ({"sex": "female;age_group=child"}, "disaggregation.sex", "unknown term 'female;age_group=child'"),
        ({"sex": "female=x"}, "disaggregation.sex", "unknown term 'female=x'"),
        ({"age_group=child;sex": "female"}, "disaggregation.age_group=child;sex", "not a breakdown"),
    ],
)
async def test_a_json_breakdown_is_never_read_as_other_pairs(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, breakdown: dict, field: str, reason: str
) -> None:
    item = {"indicator": world.indicators["adopted"], "country": "NPL", "period": "2024", "value": 3}
    response = await send(
        member_a, world.org_a, json.dumps([{**item, "disaggregation": breakdown}]).encode(), "application/json"
    )

    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(1, field)] and reason in errors[0]["reason"]
    assert await stored(metrics_app, world.org_a) == []


async def test_a_batch_whose_job_fails_on_its_own_ends_failed_with_nothing_applied(
    metrics_app: FastAPI, run_worker: RunWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error of the job's own midway (after the rows were staged and checked) ends the batch
    `failed` with a reason, none of its rows applied, and the sweeper leaves it alone."""
    org, code = uuid.uuid4(), await factories.adopted(metrics_app, prefix="crash")

    async def broken(*args: Any) -> tuple[int, int, int]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(repository, "apply", broken)
    async with asgi_client(metrics_app, "http://metrics", signer=as_identity(factories.account(org))) as client:
        queued = await send(client, org, csv(*rows_for(code, batches.SYNC_ROWS + 1)))
        await run_worker()
        failed = (await client.get(queued.headers["location"])).json()

    assert queued.status_code == 202 and failed["status"] == "failed", failed
    assert "unexpected error" in failed["errors"][0]["reason"] and "a bug" not in failed["errors"][0]["reason"]
    assert await stored(metrics_app, org) == []


async def test_a_json_row_holds_each_field_as_the_single_write_reads_it(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    """An object, a list or a boolean where text or a number goes is refused, as the single write
    refuses it, not stored as its Python spelling ("{'a': 1}")."""
    item = {"indicator": world.indicators["adopted"], "country": "NPL", "period": "2024", "value": 3}
    rows = [
        {**item, "method_note": {"a": 1}},
        {**item, "source": ["a", "b"], "period": 2024},
        {**item, "value": True, "disaggregation": ["sex", "female"]},
        {**item, "value": "4", "method_note": "Counted twice over."},  # a number as text: read
    ]
    response = await send(member_a, world.org_a, json.dumps(rows).encode(), "application/json")

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"row": 1, "field": "method_note", "reason": "text"},
        {"row": 2, "field": "period", "reason": "text"},
        {"row": 2, "field": "source", "reason": "text"},
        {"row": 3, "field": "value", "reason": "a number, or a number as text"},
        {"row": 3, "field": "disaggregation", "reason": "an object of breakdown terms (or key=term;key=term)"},
    ]
    assert await stored(metrics_app, world.org_a) == []


async def test_one_problem_is_said_as_one(member_a: httpx.AsyncClient, world: World) -> None:
    code = world.indicators["adopted"]
    response = await send(member_a, world.org_a, csv(*rows_for(code, 2), f"{code},NPL,,2024,-3,,public,final"))

    assert response.status_code == 422
    assert response.json()["detail"].endswith("Nothing was applied: 1 problem.")
