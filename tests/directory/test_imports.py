"""Bulk import as a job, and exports. Imports commit for real (the worker works in its own
transactions), so every test uses external ids of its own."""

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from services.directory.imports import service as imports
from services.directory.jobs import IMPORT_RUN
from shared.db import session_scope
from shared.jobs import job_id
from shared.uploads import EXTRA_CELLS, FIELD_TWICE, NAMED_TWICE, NOT_JSON_NUMBER
from tests import factories
from tests.conftest import Env, RunWorker, as_identity
from tests.directory.conftest import PLATFORM_ADMIN
from tests.support.apps import asgi_client

HEADER = "external_id,name,acronym,countries,forms,interventions,alliance87_partner,description\n"


@pytest.fixture
async def platform(directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A platform admin on the directory, committing for real."""
    async with asgi_client(directory_app, "http://directory", signer=as_identity(PLATFORM_ADMIN)) as client:
        yield client


def good_rows(tag: str) -> str:
    return (
        f"{tag}-1,Sahel Freedom Watch {tag},SFW,MRT;MLI,debt_bondage,policy_advocacy;research_data,yes,Monitors descent-based slavery.\n"
        f"{tag}-2,Kiln Children Nepal {tag},,NPL,child_labour;debt_bondage,prevention,no,Schools near brick kilns.\n"
        f"{tag}-3,Mar Libre {tag},,PER;CHL,forced_labour,protection,,Pescadores.\n"
    )


async def import_file(client: httpx.AsyncClient, run_worker: RunWorker, content: str, media: str = "text/csv") -> dict:
    accepted = await client.post("/v1/directory/imports", content=content.encode(), headers={"content-type": media})
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["status"] == "queued"
    await run_worker()
    return (await client.get(accepted.headers["location"])).json()


async def test_mixed_rows_apply_the_good_and_report_the_bad(platform: httpx.AsyncClient, run_worker: RunWorker) -> None:
    tag = uuid.uuid4().hex[:8]
    bad = (
        f"{tag}-4,Bad Form {tag},,NPL,slavery,prevention,,\n"
        f"{tag}-5,Bad Country {tag},,XXX,forced_labour,prevention,,\n"
        f"{tag}-6,,,NPL,forced_labour,prevention,,\n"
        f"{tag}-1,Duplicate {tag},,NPL,forced_labour,prevention,,\n"
    )
    report = await import_file(platform, run_worker, HEADER + good_rows(tag) + bad)

    assert report["status"] == "done" and report["progress"] == {"stage": "done", "percent": 100}
    assert report["counts"] == {"rows_total": 7, "created": 3, "updated": 0, "unchanged": 0, "failed": 4}
    assert {(e["row"], e["field"]) for e in report["errors"]} == {
        (4, "forms"),
        (5, "countries"),
        (6, "name"),
        (7, "external_id"),
    }
    reasons = {e["field"]: e["reason"] for e in report["errors"]}
    assert reasons["forms"].startswith("unknown form of exploitation 'slavery'")  # not "Value error, ..."
    found = (await platform.get("/v1/directory/organisations", params={"q": f"Sahel Freedom Watch {tag}"})).json()
    sahel = next(o for o in found["items"] if o["external_id"] == f"{tag}-1")
    assert sahel["countries"] == ["MLI", "MRT"] and sahel["alliance87_partner"] is True
    assert sahel["regions"] == ["Africa"]


async def test_a_row_named_as_another_listed_organisation_reads_is_refused(
    platform: httpx.AsyncClient, run_worker: RunWorker, directory_app: FastAPI
) -> None:
    """A name in look-alike letters is refused as registration refuses it, unless it is the row's
    own organisation's; of two rows of one file that read alike, the second is refused."""
    tag = uuid.uuid4().hex[:8]
    async with session_scope(directory_app.state.sessionmaker) as s:
        await factories.organisation(s, f"Open Hope Alliance {tag}")  # registered: no external id
    await import_file(platform, run_worker, HEADER + good_rows(tag))
    rows = (
        f"{tag}-4,Open \u041d\u043e\u0440\u0435 Alliance {tag},,NPL,,,,\n"  # a word in Cyrillic
        f"{tag}-5,Sahel Freedom Watch {tag},,NPL,,,,\n"  # row 1's organisation's name
        f"{tag}-1,SaheI Freedom Watch {tag},,MRT,,,,\n"  # its own name, capital I for l: kept
        f"{tag}-6,Lake Fishers Guild {tag},,GHA,,,,\n"
        f"{tag}-7,Lake Fishers GuiId {tag},,GHA,,,,\n"  # capital I for l: reads as row 4
        f"{tag}-8,Lake Fishers Gui1d {tag},,GHA,,,,\n"  # a digit one for l: reads as row 4
    )
    report = await import_file(platform, run_worker, HEADER + rows)

    assert report["counts"] == {"rows_total": 6, "created": 1, "updated": 1, "unchanged": 0, "failed": 4}
    assert [(e["row"], e["external_id"], e["field"]) for e in report["errors"]] == [
        (1, f"{tag}-4", "name"),
        (2, f"{tag}-5", "name"),
        (5, f"{tag}-7", "name"),
        (6, f"{tag}-8", "name"),
    ]
    assert [e["reason"] for e in report["errors"][:2]] == ["taken by a listed organisation"] * 2
    assert all("row 4" in e["reason"] for e in report["errors"][2:])
    found = (await platform.get("/v1/directory/organisations", params={"q": tag, "limit": 50})).json()
    assert sorted(o["external_id"] or "" for o in found["items"]) == ["", *(f"{tag}-{n}" for n in (1, 2, 3, 6))]


async def test_importing_the_same_file_twice_changes_nothing(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    tag = uuid.uuid4().hex[:8]
    first = await import_file(platform, run_worker, HEADER + good_rows(tag))
    second = await import_file(platform, run_worker, HEADER + good_rows(tag))
    changed = await import_file(
        platform, run_worker, HEADER + good_rows(tag).replace("Pescadores.", "Pesca industrial.")
    )

    assert first["counts"]["created"] == 3
    assert second["counts"] == {"rows_total": 3, "created": 0, "updated": 0, "unchanged": 3, "failed": 0}
    assert changed["counts"]["updated"] == 1 and changed["counts"]["unchanged"] == 2
    page = (await platform.get("/v1/directory/organisations", params={"q": f"Mar Libre {tag}"})).json()
    mar = next(o for o in page["items"] if o["external_id"] == f"{tag}-3")
    assert mar["version"] == 2 and mar["description"] == "Pesca industrial."


async def test_json_imports_too(platform: httpx.AsyncClient, run_worker: RunWorker) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [
        {
            "external_id": f"{tag}-j",
            "name": f"Fiji Seafarers Mission {tag}",
            "countries": ["FJI"],
            "forms": ["forced_labour"],
            "sectors": ["fishing"],
        }
    ]
    report = await import_file(platform, run_worker, json.dumps({"organisations": rows}), "application/json")

    assert report["counts"]["created"] == 1


async def test_a_nul_character_is_a_row_error_and_the_other_rows_apply(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    tag = uuid.uuid4().hex[:8]
    csv_report = await import_file(
        platform, run_worker, HEADER + good_rows(tag) + f"{tag}-\x009,Nul\x00Name {tag},,NPL,forced_labour,,,\n"
    )
    rows = [{"external_id": f"{tag}-j", "name": "Fine", "countries": ["NPL"], "description": "bad\x00"}]
    json_report = await import_file(platform, run_worker, json.dumps(rows), "application/json")

    reason = "text must not contain NUL characters (U+0000)"
    assert csv_report["status"] == "done" and csv_report["counts"]["created"] == 3
    assert csv_report["counts"]["failed"] == 1
    assert csv_report["errors"] == [
        {"row": 4, "external_id": f"{tag}-\ufffd9", "field": field, "reason": reason}
        for field in ("external_id", "name")
    ]
    assert json_report["counts"]["failed"] == 1 and json_report["counts"]["created"] == 0
    assert json_report["errors"] == [{"row": 1, "external_id": f"{tag}-j", "field": "description", "reason": reason}]


@pytest.mark.parametrize(
    ("content", "media", "field"),
    [
        (b"name\nX", "text/plain", "content-type"),
        (b"   ", "text/csv", "body"),
        (b'{"organisations": "not a list"}', "application/json", "body"),
        (b"[{", "application/json", "body"),
        (b"external_id,name\nlatin-1,Caf\xe9\n", "text/csv", "body"),
    ],
)
async def test_bad_uploads_are_refused_at_once(
    platform: httpx.AsyncClient, content: bytes, media: str, field: str
) -> None:
    response = await platform.post("/v1/directory/imports", content=content, headers={"content-type": media})

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_a_header_naming_a_column_twice_is_refused_as_a_batch_refuses_it(platform: httpx.AsyncClient) -> None:
    tag = uuid.uuid4().hex[:8]
    content = f"external_id,name,name\n{tag}-1,First Name {tag},Second Name {tag}\n".encode()
    response = await platform.post("/v1/directory/imports", content=content, headers={"content-type": "text/csv"})

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"row": 0, "field": "header", "reason": NAMED_TWICE}]


async def test_a_misspelt_or_missing_column_is_refused_at_once_as_a_batch_refuses_it(
    platform: httpx.AsyncClient,
) -> None:
    """Each row would fail alike ("contry": not a field; no name): the header is refused once, in
    the batch's words, and nothing is stored. An export's own columns still import back."""
    tag = uuid.uuid4().hex[:8]
    content = f"external_id,contry\n{tag}-1,NPL\n".encode()
    response = await platform.post("/v1/directory/imports", content=content, headers={"content-type": "text/csv"})
    exported = f"id,external_id,name,demo,version\n{uuid.uuid4()},{tag}-2,Exported {tag},false,3\n".encode()
    accepted = await platform.post("/v1/directory/imports", content=exported, headers={"content-type": "text/csv"})

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"row": 0, "field": "header", "reason": "unknown column 'contry'"},
        {"row": 0, "field": "header", "reason": "missing column 'name'"},
    ]
    assert accepted.status_code == 202, accepted.text


async def test_what_is_not_json_is_refused_at_once_naming_row_and_field(platform: httpx.AsyncClient) -> None:
    """NaN and Infinity are not JSON (RFC 8259), and a name given twice would keep only its last
    value: the file is refused before anything is stored, as an observation batch refuses it."""
    tag = uuid.uuid4().hex[:8]
    content = (
        f'[{{"external_id": "{tag}-ok", "name": "Valid Row Org {tag}"}}, {{"external_id": Infinity, "name": "Bad"}},'
        f' {{"external_id": "{tag}-3", "name": NaN}}, {{"external_id": "{tag}-4", "name": "A", "name": "B"}}]'
    )
    response = await platform.post(
        "/v1/directory/imports", content=content.encode(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"row": 2, "field": "external_id", "reason": NOT_JSON_NUMBER},
        {"row": 3, "field": "name", "reason": NOT_JSON_NUMBER},
        {"row": 4, "field": "name", "reason": FIELD_TWICE},
    ]


async def test_an_external_id_that_is_no_text_is_a_row_error(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    """1e999 is JSON, and reads as an infinite number: the row is reported (its id as text, which
    the report can store) and the others apply."""
    tag = uuid.uuid4().hex[:8]
    content = f'[{{"external_id": "{tag}-ok", "name": "Valid Row Org {tag}"}}, {{"external_id": 1e999, "name": "Bad"}}]'
    report = await import_file(platform, run_worker, content, "application/json")

    assert report["status"] == "done", report
    assert report["counts"] == {"rows_total": 2, "created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert [(e["row"], e["external_id"], e["field"]) for e in report["errors"]] == [(2, "Infinity", "external_id")]


async def test_a_row_with_more_cells_than_the_header_is_a_row_error(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    tag = uuid.uuid4().hex[:8]
    content = f"external_id,name\n{tag}-1,Extra Cells Org {tag},NPL,SURPLUS\n{tag}-2,Fitting Org {tag}\n"
    report = await import_file(platform, run_worker, content)

    assert report["status"] == "done", report
    assert report["counts"] == {"rows_total": 2, "created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert report["errors"] == [{"row": 1, "external_id": f"{tag}-1", "field": "row", "reason": EXTRA_CELLS}]


async def test_a_line_copy_would_end_the_data_at_is_a_row_like_any_other(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    """The import reads CSV with Python, not COPY: the rows after such a line are not lost."""
    tag = uuid.uuid4().hex[:8]
    content = f"external_id,name\n{tag}-1,Before {tag}\n\\.\n{tag}-2,After {tag}\n"
    report = await import_file(platform, run_worker, content)

    assert report["counts"] == {"rows_total": 3, "created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(2, "name")]


def test_a_stored_file_the_job_cannot_read_fails_the_import() -> None:
    """Files are screened when they are sent; one stored before is refused by the job (which ends
    the import failed, nothing applied) with the same words."""
    with pytest.raises(ValueError, match="row 1: value: NaN and Infinity are not JSON"):
        imports.parse("json", b'[{"external_id": "x", "name": "y", "value": NaN}]')
    with pytest.raises(ValueError, match="a column is named twice"):
        imports.parse("csv", b"external_id,name,name\nx,y,z\n")


async def test_an_import_may_be_larger_than_other_requests(platform: httpx.AsyncClient, redis: Redis, env: Env) -> None:
    big = HEADER + "".join(
        f"big-{i},Organisation number {i},,NPL,forced_labour,prevention,,{'x' * 200}\n" for i in range(6000)
    )
    assert len(big) > 1_048_576

    accepted = await platform.post("/v1/directory/imports", content=big.encode(), headers={"content-type": "text/csv"})
    too_big = await platform.post(
        "/v1/directory/organisations", content=big.encode(), headers={"content-type": "application/json"}
    )

    assert accepted.status_code == 202
    assert too_big.status_code == 413
    job = job_id(IMPORT_RUN, accepted.json()["id"])  # the size was the point: drop the job
    await redis.zrem(env.queue_name, job)
    await redis.delete(f"arq:job:{job}")


async def test_exports_in_three_shapes(platform: httpx.AsyncClient, run_worker: RunWorker) -> None:
    tag = uuid.uuid4().hex[:8]
    await import_file(platform, run_worker, HEADER + good_rows(tag))

    exported_csv = (await platform.get("/v1/directory/exports/organisations.csv")).text
    exported_json = (await platform.get("/v1/directory/exports/organisations.json")).json()
    hsds = (await platform.get("/v1/directory/exports/hsds.json")).json()

    rows = {r["external_id"]: r for r in csv.DictReader(io.StringIO(exported_csv))}
    assert rows[f"{tag}-1"]["countries"] == "MLI;MRT"
    assert any(o["external_id"] == f"{tag}-2" for o in exported_json)
    org = next(
        o for o in hsds["contents"] if o.get("organization_identifiers", [{}])[0].get("identifier") == f"{tag}-1"
    )
    assert org["organization_identifiers"][0]["identifier_type"] == "external_id"
    assert {s["name"] for s in org["services"]} == {"Policy and advocacy", "Research and data"}
    assert [a["name"] for a in org["services"][0]["service_areas"]] == ["Mali", "Mauritania"]


async def test_a_csv_export_imports_back_unchanged(platform: httpx.AsyncClient, run_worker: RunWorker) -> None:
    tag = uuid.uuid4().hex[:8]
    await import_file(platform, run_worker, HEADER + good_rows(tag))
    exported = (await platform.get("/v1/directory/exports/organisations.csv")).text
    mine = [line for line in exported.splitlines()[1:] if f"{tag}-" in line]

    report = await import_file(platform, run_worker, exported.splitlines()[0] + "\n" + "\n".join(mine) + "\n")

    assert report["counts"] == {"rows_total": 3, "created": 0, "updated": 0, "unchanged": 3, "failed": 0}


async def test_formulas_are_neutralised_in_the_csv_export_and_import_back_as_they_were(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    tag = uuid.uuid4().hex[:8]
    hostile = {
        f"{tag}-1": {"name": f"=cmd|' /C calc'!A0 {tag}", "description": '=HYPERLINK("http://evil.example","x")'},
        f"{tag}-2": {"name": f"@SUM(1+1) {tag}", "acronym": "+1", "description": "-2+3"},
        f"{tag}-3": {"name": f"'=already quoted {tag}", "description": "Line one\n=1+2"},
        f"{tag}-4": {"name": f"Plain {tag}", "acronym": "'ok", "description": " \t=1+2 after white space"},
    }
    rows = [{"external_id": key, **values} for key, values in hostile.items()]
    await import_file(platform, run_worker, json.dumps(rows), media="application/json")
    before = {o["external_id"]: o for o in (await platform.get("/v1/directory/exports/organisations.json")).json()}

    exported = list(csv.reader(io.StringIO((await platform.get("/v1/directory/exports/organisations.csv")).text)))
    mine = [row for row in exported[1:] if row[exported[0].index("external_id")].startswith(f"{tag}-")]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([exported[0], *mine])
    report = await import_file(platform, run_worker, buffer.getvalue())
    after = {o["external_id"]: o for o in (await platform.get("/v1/directory/exports/organisations.json")).json()}

    cells = [cell for row in mine for cell in row]
    assert len(mine) == 4
    assert not [c for c in cells if c.lstrip().startswith(("=", "+", "-", "@")) or c.startswith(("\t", "\r"))]
    assert {c for c in cells if c.startswith("'")} >= {
        f"'=cmd|' /C calc'!A0 {tag}",
        "'-2+3",
        f"''=already quoted {tag}",
    }
    for key in hostile:
        assert after[key] == before[key]
    assert report["counts"] == {"rows_total": 4, "created": 0, "updated": 0, "unchanged": 4, "failed": 0}
    assert before[f"{tag}-1"]["name"] == f"=cmd|' /C calc'!A0 {tag}"
    assert before[f"{tag}-4"]["acronym"] == "'ok"


async def test_only_platform_admins_import(directory: httpx.AsyncClient) -> None:
    response = await directory.post("/v1/directory/imports", content=b"x", headers={"content-type": "text/csv"})

    assert response.status_code == 401


async def test_a_cell_over_the_csv_field_limit_fails_the_import_naming_its_row(
    platform: httpx.AsyncClient, run_worker: RunWorker
) -> None:
    tag = f"long-{uuid.uuid4().hex[:6]}"
    poisoned = f"{tag}-4,Long {tag},,NPL,forced_labour,,,{'x' * (csv.field_size_limit() + 1)}\n"
    report = await import_file(platform, run_worker, HEADER + good_rows(tag) + poisoned)

    assert report["status"] == "failed", report
    assert "row 4: a cell is longer than 131,072 characters" in report["error"]
    assert "Nothing was applied" in report["error"] and report["counts"]["created"] == 0


async def test_an_import_the_job_cannot_handle_ends_failed(
    platform: httpx.AsyncClient, run_worker: RunWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(rows: list) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "validate", crash)
    report = await import_file(platform, run_worker, HEADER + good_rows(f"crash-{uuid.uuid4().hex[:6]}"))

    assert report["status"] == "failed", report
    assert "unexpected error" in report["error"] and "a bug" not in report["error"]
