"""Bulk import of organisations from CSV or JSON, as a job.

Every row is validated; the valid rows are upserted by `external_id` in one transaction (all of
them or, if that fails, none: the run then says `failed` and that nothing was applied); rows
that fail validation are reported with their row number, field and reason. Importing the same
file twice changes nothing the second time. A file that cannot be read as a whole (`screen`) is
refused when it is sent, as an observation batch is, in the same words (shared/uploads.py)."""

import asyncio
import csv
import io
import json
import logging
import re
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.directory.imports import repository
from services.directory.jobs import IMPORT_RUN
from services.directory.models.imports import ImportRun
from services.directory.models.organisations import Organisation
from services.directory.organisations import profile
from services.directory.organisations.schemas import OrganisationCreate
from services.directory.organisations.service import derive, profile_values
from services.directory.statuses import ImportStatus
from shared import spreadsheets
from shared.db import UnitOfWork, session_scope, utcnow
from shared.errors import InvalidInput, NotFound, is_unavailable, validation_reason
from shared.fields import NUL_REASON, SURROGATE_REASON, nul_fields, surrogate_fields
from shared.identity import Identity
from shared.jobs import JobQueue, keep_alive, update_run
from shared.uploads import EXTRA_CELLS, NAMED_TWICE, UnreadableFile, json_faults, load_json

log = logging.getLogger("hub.directory.imports")
BATCH = 500
MAX_REPORTED_ERRORS = 1000
TERMINAL = {ImportStatus.DONE, ImportStatus.FAILED}
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
TAKEN = "taken by a listed organisation"  # as at registration
DELETED = "the organisation with this external id was deleted; an import does not bring it back"


class ImportRow(OrganisationCreate):
    external_id: str  # required here: it is what makes an import idempotent


REQUIRED = [name for name, field in ImportRow.model_fields.items() if field.is_required()]


async def create(uow: UnitOfWork, jobs: JobQueue, caller: Identity, fmt: str, content: bytes) -> ImportRun:
    if not content.strip():
        raise InvalidInput("The file is empty.", errors=[{"field": "body", "reason": "empty"}])
    try:
        # The whole file's faults are answered now, as a batch's are: rows are checked by the job.
        await asyncio.to_thread(screen, fmt, content)
    except UnreadableFile as exc:
        raise InvalidInput(
            f"The file could not be read as {fmt.upper()}; nothing was stored.", errors=exc.errors
        ) from exc
    run = ImportRun(account_id=caller.account_id, format=fmt, content=content)
    uow.session.add(run)
    await uow.session.flush()
    run_id = str(run.id)
    uow.on_commit(lambda: jobs.enqueue(IMPORT_RUN, run_id))
    return run


async def get(session: AsyncSession, run_id: uuid.UUID) -> ImportRun:
    run = await repository.get_run(session, run_id)
    if run is None:
        raise NotFound(f"No import {run_id}.")
    return run


class OverlongRow(dict[str, Any]):
    """A CSV record with more cells than the header has columns: reported, never applied."""


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile([{"row": 0, "field": "body", "reason": f"not UTF-8: {exc}"}]) from exc


def _csv_header(text: str) -> list[str]:
    """The header's names as rows are read by them; a name given twice is refused (a row's value
    would be the last of its cells)."""
    try:
        names = [name.strip() for name in next(csv.reader(io.StringIO(text)), [])]
    except csv.Error as exc:
        raise UnreadableFile([{"row": 0, "field": "header", "reason": str(exc)}]) from exc
    named = [name for name in names if name]  # a cell under no name is a row error of its own
    if len(set(named)) != len(named):
        raise UnreadableFile([{"row": 0, "field": "header", "reason": NAMED_TWICE}])
    # A misspelt or missing column would fail every row alike, each with the same error: said
    # once, in a batch's words, before anything is stored.
    known = set(ImportRow.model_fields) | profile.READ_ONLY
    errors = [{"row": 0, "field": "header", "reason": f"unknown column {n!r}"} for n in named if n not in known]
    errors += [{"row": 0, "field": "header", "reason": f"missing column {n!r}"} for n in REQUIRED if n not in named]
    if errors:
        raise UnreadableFile(errors)
    return names


def screen(fmt: str, content: bytes) -> None:
    """Refuse a file that cannot be read as a whole (UnreadableFile): not UTF-8, a CSV header
    naming a column twice, JSON that is not a list of objects or holds what is not JSON."""
    text = _decode(content)
    if fmt == "json":
        _json_rows(text)
    else:
        _csv_header(text)


def parse(fmt: str, content: bytes) -> list[dict[str, Any]]:
    """Rows as dicts; a CSV's list fields are separated by ';', empty cells are absent, and a
    cell neutralised against spreadsheet formulas reads as the value it stands for."""
    text = _decode(content)
    if fmt == "json":
        return _json_rows(text)
    _csv_header(text)
    rows: list[dict[str, Any]] = []
    reader = csv.DictReader(io.StringIO(text))
    try:
        for record in reader:
            rows.append(_csv_row(record))
    except csv.Error as exc:
        # The reader cannot go past a malformed record (a cell longer than csv.field_size_limit(),
        # a NUL byte): the file is refused, naming the row (rows counted from 1 after the header).
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise ValueError(f"row {len(rows) + 1}: {reason}") from exc
    return rows


def _json_rows(text: str) -> list[dict[str, Any]]:
    try:
        data = load_json(text)
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile([{"row": 0, "field": "body", "reason": f"not JSON: {exc}"}]) from exc
    found = data.get("organisations") if isinstance(data, dict) else data
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        reason = 'a JSON import is a list of organisations, or {"organisations": [...]}'
        raise UnreadableFile([{"row": 0, "field": "body", "reason": reason}])
    faults = [
        {"row": number, "field": field, "reason": reason}
        for number, row in enumerate(found, start=1)
        for field, reason in json_faults(row, root="row")
    ]
    if faults:
        raise UnreadableFile(faults)
    return [{k: v for k, v in r.items() if k not in profile.READ_ONLY} for r in found]


def _csv_row(record: dict[str | None, Any]) -> dict[str, Any]:
    """One CSV record as an import row: list fields split on ';', empty cells absent."""
    row: dict[str, Any] = OverlongRow() if None in record else {}
    for key, value in record.items():
        if key is None or value is None or not value.strip():
            continue
        # A neutralised cell is its value exactly; any other is trimmed.
        restored = spreadsheets.restore(value)
        key, value = key.strip(), restored if restored != value else value.strip()
        if key in profile.READ_ONLY:
            continue
        if key in profile.TERM_FIELDS:
            row[key] = [v.strip() for v in value.split(";") if v.strip()]
        elif key == "alliance87_partner":
            row[key] = value.lower() in ("true", "yes", "1", "y")
        else:
            row[key] = value
    return row


def _shown(raw: dict[str, Any]) -> str | None:
    """A row's external id as its report shows it: text that can be stored (the errors are
    JSON in PostgreSQL), whatever the row held."""
    external_id = raw.get("external_id")
    if external_id is None or external_id == "":
        return None
    return UNSTORABLE.sub("\ufffd", external_id if isinstance(external_id, str) else json.dumps(external_id))


def validate(rows: list[dict[str, Any]]) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """The valid rows (each with its number and storable values), and the errors (row numbers
    start at 1)."""
    valid, errors, seen = [], [], set()
    for number, raw in enumerate(rows, start=1):
        if isinstance(raw, OverlongRow):
            errors.append({"row": number, "external_id": _shown(raw), "field": "row", "reason": EXTRA_CELLS})
            continue
        unstorable = [(f, NUL_REASON) for f in nul_fields(raw, root="row")]
        unstorable += [(f, SURROGATE_REASON) for f in surrogate_fields(raw, root="row")]
        if unstorable:
            errors += [
                {"row": number, "external_id": _shown(raw), "field": field, "reason": reason}
                for field, reason in unstorable
            ]
            continue
        try:
            row = ImportRow.model_validate(raw)
        except ValidationError as exc:
            for e in exc.errors():
                field = ".".join(map(str, e["loc"])) or "row"
                errors.append(
                    {"row": number, "external_id": _shown(raw), "field": field, "reason": validation_reason(e)}
                )
            continue
        if row.external_id in seen:
            errors.append(
                {
                    "row": number,
                    "external_id": row.external_id,
                    "field": "external_id",
                    "reason": "appears more than once in this file",
                }
            )
            continue
        seen.add(row.external_id)
        organisation = Organisation(**profile_values(row))
        derive(organisation)
        valid.append((number, {c: getattr(organisation, c) for c in ("external_id", *profile.STORED)}))
    return valid, errors


async def _failed(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, error: str) -> str:
    await update_run(
        sessionmaker, ImportRun, run_id, status=ImportStatus.FAILED, stage="failed", finished_at=utcnow(), error=error
    )
    return ImportStatus.FAILED


async def fail(sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, reason: str) -> None:
    """End an unfinished import `failed` (the job stopped on an error of its own)."""
    async with session_scope(sessionmaker) as session:
        current = await repository.get_run(session, run_id, lock=True)
        if current is not None and current.status not in TERMINAL:
            current.status, current.stage, current.finished_at, current.error = (
                ImportStatus.FAILED,
                "failed",
                utcnow(),
                reason,
            )


def orphaned_reason(times: int) -> str:
    return (
        f"The import's job stopped its worker {times} times (the process ended while importing, out of "
        "memory for instance), so it is not tried again. Send the file again (a row imported before "
        "is matched by its external id, not doubled), split into smaller files if it fails the same way."
    )


async def run(
    sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, *, heartbeat_seconds: float
) -> str | None:
    """Carry out an import. Safe to run again: a finished import is left alone, and applying the
    same rows twice changes nothing. While it works it touches its run every `heartbeat_seconds`,
    so the sweeper tells it from an import whose worker died."""
    async with session_scope(sessionmaker) as session:
        current = await repository.get_run(session, run_id, lock=True)
        if current is None or current.status in TERMINAL:
            return current.status if current else None
        current.status, current.stage, current.percent = ImportStatus.RUNNING, "validating rows", 10
        fmt, content = current.format, current.content
    async with keep_alive(sessionmaker, ImportRun, run_id, heartbeat_seconds):
        return await _carry_out(sessionmaker, run_id, fmt, content)


async def _carry_out(
    sessionmaker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, fmt: str, content: bytes
) -> str:
    try:
        # Reading a large file is CPU work: off the event loop, so the heartbeat goes on meanwhile.
        rows = await asyncio.to_thread(parse, fmt, content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return await _failed(
            sessionmaker, run_id, f"The file could not be read as {fmt.upper()}: {exc}. Nothing was applied."
        )
    valid, errors = await asyncio.to_thread(validate, rows)
    await update_run(
        sessionmaker,
        ImportRun,
        run_id,
        stage="applying valid rows",
        percent=50,
        rows_total=len(rows),
        failed=len({e["row"] for e in errors}),
        errors=errors[:MAX_REPORTED_ERRORS],
    )
    try:
        created, updated, refused = await _apply(sessionmaker, valid)
    except Exception as exc:
        if is_unavailable(exc):
            raise  # an outage: the job is retried with backoff
        log.exception("import failed while applying", extra={"import_id": str(run_id)})
        return await _failed(
            sessionmaker, run_id, "Applying the rows failed; nothing was applied. See the logs with the request id."
        )
    errors += refused
    await update_run(
        sessionmaker,
        ImportRun,
        run_id,
        status=ImportStatus.DONE,
        stage="done",
        percent=100,
        created=created,
        updated=updated,
        unchanged=len(valid) - len(refused) - created - updated,
        failed=len({e["row"] for e in errors}),
        errors=sorted(errors, key=lambda e: e["row"])[:MAX_REPORTED_ERRORS],
        finished_at=utcnow(),
    )
    return ImportStatus.DONE


async def _apply(
    sessionmaker: async_sessionmaker[AsyncSession], valid: list[tuple[int, dict[str, Any]]]
) -> tuple[int, int, list[dict[str, Any]]]:
    """Upserts the valid rows in one transaction (all of them or none): (created, updated) and the
    errors of the rows refused: their external id is a deleted organisation's (deleting an
    organisation stops its accounts and keys; an import naming it again would bring them back), or
    their name reads as another's (`_distinct_names`)."""
    created = updated = 0
    async with session_scope(sessionmaker) as session:
        gone = await repository.deleted_external_ids(session, [row["external_id"] for _, row in valid])
        refused = [
            {"row": number, "external_id": row["external_id"], "field": "external_id", "reason": DELETED}
            for number, row in valid
            if row["external_id"] in gone
        ]
        alive = [(number, row) for number, row in valid if row["external_id"] not in gone]
        holders = await repository.listed_name_holders(session, sorted({row["name_skeleton"] for _, row in alive}))
        kept, lookalikes = _distinct_names(alive, holders)
        refused += lookalikes
        for start in range(0, len(kept), BATCH):
            c, u = await repository.upsert(session, kept[start : start + BATCH])
            created, updated = created + c, updated + u
    return created, updated, refused


def _distinct_names(
    rows: list[tuple[int, dict[str, Any]]], holders: list[tuple[str | None, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows to apply, and the errors of those whose name reads (`text.skeleton`) as a listed
    organisation's other than the row's own, as registration refuses it, or as an earlier row's
    of the file. A row's organisation listed under a name that reads the same keeps it."""
    listed: dict[str, set[str | None]] = {}
    for external_id, name_skeleton in holders:
        listed.setdefault(name_skeleton, set()).add(external_id)
    kept, errors = [], []
    earlier: dict[str, int] = {}  # a name's reading -> the row that took it
    for number, row in rows:
        name_skeleton, external_id = row["name_skeleton"], row["external_id"]
        owners = listed.get(name_skeleton, set())
        if owners and external_id not in owners:
            reason = TAKEN
        elif name_skeleton in earlier:
            reason = f"reads as the name of row {earlier[name_skeleton]} of this file"
        else:
            earlier[name_skeleton] = number
            kept.append(row)
            continue
        errors.append({"row": number, "external_id": external_id, "field": "name", "reason": reason})
    return kept, errors
