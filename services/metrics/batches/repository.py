"""Batches in SQL: rows are copied into a temporary staging table, checked there with set-based
queries (the same rules as single reports, in the same words: vocabularies.REASONS), and
applied with one upsert that also writes the revisions and marks the roll-ups. A million rows
never pass through Python objects one by one."""

import io
import json
import re
import string
import uuid
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from services.metrics import vocabularies
from services.metrics.batches.files import (
    COLUMNS,
    END_OF_DATA_REASON,
    count_rows,
    csv_header,
    end_of_data,
    json_records,
    read_in_full,
)
from services.metrics.models.batches import Batch
from services.metrics.rollups.repository import MARK_AGAIN
from services.metrics.vocabularies import NUMBER, REASONS, SUBDIVISION
from shared import periods
from shared.db import hold_lock
from shared.fields import NUL_REASON
from shared.uploads import EXTRA_CELLS, UnreadableFile

UUID = r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$"
LIMITS = {"subdivision": 16, "method_note": 4000, "source": 1000}

STAGE = f"""
CREATE TEMP TABLE batch_rows (
    line bigint GENERATED ALWAYS AS IDENTITY,
    {", ".join(f"{c} text" for c in COLUMNS)}
) ON COMMIT DROP
"""

# Normalised values, typed where valid, with the indicator's current version and the parsed
# breakdown. Everything later reads this. A file repeats few distinct periods and breakdowns, so
# each distinct one is parsed once (MATERIALIZED keeps the planner from inlining the parsing back
# into every row) and joined to the rows; the rest are plain expressions per row.
ONE_PAIR = "^[^=;]+=[^=;]+$"
CLEAN = rf"""
CREATE TEMP TABLE batch_clean ON COMMIT DROP AS
WITH periods AS MATERIALIZED (
    SELECT raw, period_start,
           (period_start + CASE WHEN p ~ '-Q' THEN interval '3 months' WHEN p ~ '-' THEN interval '1 month'
                                ELSE interval '1 year' END - interval '1 day')::date AS period_end
    FROM (
        SELECT raw, p,
               CASE WHEN substr(p, 1, 4) !~ '^[0-9]{{4}}$' OR substr(p, 1, 4)::int NOT BETWEEN 1900 AND 2100 THEN NULL
                    WHEN p ~ '^[0-9]{{4}}$' THEN make_date(substr(p, 1, 4)::int, 1, 1)
                    WHEN p ~ '^[0-9]{{4}}-Q[1-4]$' THEN make_date(substr(p, 1, 4)::int, substr(p, 7, 1)::int * 3 - 2, 1)
                    WHEN p ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])$'
                      THEN make_date(substr(p, 1, 4)::int, substr(p, 6, 2)::int, 1) END AS period_start
        FROM (SELECT raw, btrim(raw) AS p FROM (SELECT DISTINCT coalesce(period, '') AS raw FROM batch_rows) d) d
    ) parsed
), breakdowns AS MATERIALIZED (
    SELECT raw,
           CASE WHEN d = '' THEN '{{}}'::jsonb
                ELSE (SELECT jsonb_object_agg(btrim(split_part(pair, '=', 1)), btrim(split_part(pair, '=', 2)))
                      FROM string_to_table(d, ';') AS pair WHERE btrim(pair) <> '') END AS pairs,
           CASE WHEN d = '' THEN ''
                ELSE (SELECT string_agg(btrim(split_part(pair, '=', 1)) || '=' || btrim(split_part(pair, '=', 2)), ';'
                                        ORDER BY btrim(split_part(pair, '=', 1)) COLLATE "C")
                      FROM string_to_table(d, ';') AS pair WHERE btrim(pair) <> '') END AS key,
           CASE WHEN d = '' THEN false
                ELSE (SELECT bool_or(btrim(pair) !~ '{ONE_PAIR}')
                             OR count(*) <> count(DISTINCT btrim(split_part(pair, '=', 1)))
                      FROM string_to_table(d, ';') AS pair WHERE btrim(pair) <> '') END AS malformed
    FROM (SELECT raw, btrim(raw) AS d FROM (SELECT DISTINCT coalesce(disaggregation, '') AS raw FROM batch_rows) d) d
), r AS (
    SELECT line,
           nullif(btrim(indicator), '') AS indicator,
           upper(nullif(btrim(country), '')) AS country,
           translate(coalesce(btrim(subdivision), ''), '{string.ascii_lowercase}', '{string.ascii_uppercase}')
             AS subdivision,
           nullif(btrim(period), '') AS period,
           coalesce(period, '') AS period_raw,
           nullif(btrim(value), '') AS value,
           nullif(btrim(weight), '') AS weight,
           coalesce(disaggregation, '') AS disaggregation_raw,
           coalesce(nullif(btrim(visibility), ''), 'private') AS visibility,
           nullif(btrim(coalition_id), '') AS coalition_id,
           coalesce(nullif(btrim(status), ''), 'provisional') AS status,
           coalesce(method_note, '') AS method_note,
           coalesce(source, '') AS source
    FROM batch_rows
    OFFSET 0  -- each row's values are trimmed once, not again wherever they are used below
)
SELECT r.line, r.indicator, r.country, r.subdivision, r.period, r.value, r.weight, r.visibility, r.coalition_id,
       r.status, r.method_note, r.source,
       CASE WHEN r.value ~ '{NUMBER}' THEN r.value::numeric END AS value_n,
       CASE WHEN r.weight ~ '{NUMBER}' THEN r.weight::numeric END AS weight_n,
       CASE WHEN r.coalition_id ~ '{UUID}' THEN r.coalition_id::uuid END AS coalition_n,
       p.period_start, p.period_end, b.pairs, b.key, b.malformed,
       i.status AS indicator_status, v.version, v.unit, v.value_type, v.aggregation
FROM r
JOIN periods p ON p.raw = r.period_raw
JOIN breakdowns b ON b.raw = r.disaggregation_raw
LEFT JOIN metrics.indicators i ON i.code = r.indicator
LEFT JOIN metrics.indicator_versions v ON v.code = i.code AND v.version = i.current_version
"""

# Each field's problem with a row, or NULL. $1 known countries and $8 their alpha-2 codes (in the
# same order), $2 the organisation's active coalitions, $3 the vocabularies of breakdowns, $4 the
# reasons' wording, $6 and $7 the first and last year an observation may be of.
ROW_PROBLEMS = {
    "indicator": """CASE WHEN c.indicator IS NULL THEN 'required'
                         WHEN c.indicator_status IS NULL THEN 'unknown indicator'
                         WHEN c.indicator_status <> 'adopted'
                           THEN 'the indicator is ' || replace(c.indicator_status, '_', ' ') || ', not adopted' END""",
    "country": """CASE WHEN c.country IS NULL THEN 'required'
                       WHEN c.country NOT IN (SELECT iso3 FROM countries)
                         THEN replace($4::jsonb->>'country', '{term}', c.country) END""",
    "period": f"""CASE WHEN c.period IS NULL THEN 'required' WHEN c.period_start IS NULL THEN '{periods.REASON}'
                      WHEN extract(year FROM c.period_start) NOT BETWEEN $6 AND $7 THEN $4::jsonb->>'years' END""",
    "subdivision": f"""CASE WHEN length(c.subdivision) > {LIMITS["subdivision"]}
                           THEN 'at most {LIMITS["subdivision"]} characters' END""",
    "method_note": f"""CASE WHEN length(c.method_note) > {LIMITS["method_note"]}
                           THEN 'at most {LIMITS["method_note"]} characters' END""",
    "source": f"CASE WHEN length(c.source) > {LIMITS['source']} THEN 'at most {LIMITS['source']} characters' END",
    "visibility": """CASE WHEN c.visibility NOT IN ('private', 'coalition', 'public')
                          THEN 'one of private, coalition, public' END""",
    "status": "CASE WHEN c.status NOT IN ('provisional', 'final') THEN 'one of provisional, final' END",
    "coalition_id": """CASE WHEN c.coalition_id IS NOT NULL AND c.coalition_n IS NULL THEN 'not a UUID'
                            WHEN (c.visibility = 'coalition') <> (c.coalition_id IS NOT NULL)
                              THEN 'coalition_id goes with visibility ''coalition'', and only with it'
                            WHEN c.coalition_n IS NOT NULL AND NOT c.coalition_n = ANY($2::uuid[])
                              THEN $4::jsonb->>'coalition' END""",
    "value": f"""CASE WHEN c.value IS NULL THEN 'required'
                     WHEN c.value_n IS NULL THEN $4::jsonb->>'number'
                     WHEN abs(c.value_n) > {vocabularies.LARGEST} THEN $4::jsonb->>'magnitude'
                     WHEN c.value_type = 'count' AND (c.value_n < 0 OR c.value_n <> trunc(c.value_n))
                       THEN replace($4::jsonb->>'count', '{{unit}}', c.unit)
                     WHEN c.value_type = 'percentage' AND NOT c.value_n BETWEEN 0 AND 100
                       THEN $4::jsonb->>'percentage'
                     WHEN c.value_type = 'ratio' AND c.value_n < 0 THEN $4::jsonb->>'ratio' END""",
    "weight": f"""CASE WHEN c.weight IS NOT NULL AND c.weight_n IS NULL THEN $4::jsonb->>'number'
                      WHEN abs(c.weight_n) > {vocabularies.LARGEST} THEN $4::jsonb->>'magnitude'
                      WHEN c.aggregation = 'weighted_mean' AND coalesce(c.weight_n, 0) <= 0
                        THEN $4::jsonb->>'weight'
                      WHEN c.aggregation <> 'weighted_mean' AND c.weight_n IS NOT NULL
                        THEN replace($4::jsonb->>'unweighted', '{{aggregation}}', c.aggregation) END""",
    "disaggregation": """CASE WHEN c.malformed
                              THEN 'breakdowns are key=term pairs separated by '';'', each key once' END""",
}

# A subdivision's problem, given its row's country (`s`: a distinct pair of the file), or NULL.
SUBDIVISION_PROBLEM = f"""
CASE WHEN s.subdivision !~ '{SUBDIVISION}' THEN $4::jsonb->>'subdivision'
     WHEN s.country || ' ' || left(s.subdivision, 2) NOT IN (SELECT iso3 || ' ' || iso2 FROM countries)
      AND s.country IN (SELECT iso3 FROM countries)
       THEN replace(replace(replace($4::jsonb->>'subdivision_country', '{{term}}', s.subdivision),
                            '{{country}}', s.country),
                    '{{prefix}}', (SELECT iso2 FROM countries WHERE iso3 = s.country)) END"""

# One row per problem: (line, field, reason). Most rows are right: each row is tested with
# coalesce over its problems (which stops at the first), and only wrong rows are spelled out.
# Breakdown terms are checked once per distinct (indicator, breakdown), subdivisions once per
# distinct (country, subdivision), then traced to rows.
ERRORS = f"""
WITH countries AS (SELECT * FROM unnest($1::text[], $8::text[]) AS c(iso3, iso2)),
wrong_subdivisions AS MATERIALIZED (
    SELECT * FROM (
        SELECT s.country, s.subdivision, {SUBDIVISION_PROBLEM} AS reason
        FROM (SELECT DISTINCT coalesce(country, '') AS country, subdivision FROM batch_clean
              WHERE subdivision <> '' AND length(subdivision) <= {LIMITS["subdivision"]}) s
    ) d WHERE reason IS NOT NULL
),
wrong_breakdowns AS MATERIALIZED (
    SELECT d.indicator, d.key, 'disaggregation.' || b.key AS field,
           CASE WHEN NOT b.key = ANY(v.disaggregations)
                  THEN replace($4::jsonb->>'breakdown', '{{allowed}}',
                               coalesce(nullif(array_to_string(v.disaggregations, ', '), ''), 'none'))
                ELSE replace($4::jsonb->>'term', '{{term}}', b.term) END AS reason
    FROM (SELECT DISTINCT indicator, version, key FROM batch_clean
          WHERE key <> '' AND version IS NOT NULL AND NOT malformed) d
    JOIN metrics.indicator_versions v ON v.code = d.indicator AND v.version = d.version
    CROSS JOIN LATERAL (SELECT split_part(pair, '=', 1) AS key, split_part(pair, '=', 2) AS term
                        FROM string_to_table(d.key, ';') AS pair) b
    WHERE NOT b.key = ANY(v.disaggregations) OR NOT coalesce($3::jsonb -> b.key ? b.term, false)
),
e AS (
    SELECT p.line, f.key AS field, f.value AS reason
    FROM (
        SELECT line, jsonb_build_object({", ".join(f"'{k}', {v}" for k, v in ROW_PROBLEMS.items())}) AS problems
        FROM batch_clean c
        WHERE coalesce({", ".join(ROW_PROBLEMS.values())}) IS NOT NULL
    ) p CROSS JOIN LATERAL jsonb_each_text(p.problems) AS f
    WHERE f.value IS NOT NULL
    UNION ALL
    SELECT c.line, w.field, w.reason FROM wrong_breakdowns w JOIN batch_clean c USING (indicator, key)
    UNION ALL
    SELECT c.line, 'subdivision', w.reason
    FROM wrong_subdivisions w JOIN batch_clean c ON coalesce(c.country, '') = w.country AND c.subdivision = w.subdivision
    UNION ALL
    SELECT d.line, 'row', 'the same observation as row ' || first.line
    FROM (
        SELECT indicator, country, subdivision, period, key, min(line) AS line
        FROM batch_clean GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1
    ) first
    JOIN batch_clean d USING (indicator, country, subdivision, period, key)
    WHERE d.line <> first.line
)
SELECT line, field, reason, count(*) OVER () AS total FROM e ORDER BY line, field LIMIT $5
"""

# What a row may change of a stored observation, as stored and as staged (same order).
STORED = "indicator_version, value, weight, method_note, source, visibility, coalition_id, status"
PREVIOUS = ", ".join(f"x.{name}" for name in STORED.split(", "))
STAGED = "c.version, c.value_n, c.weight_n, c.method_note, c.source, c.visibility, c.coalition_n, c.status"
# A new row's id (`c` is the staged row): time-ordered, RFC 9562 version 7. The statement's own
# uuid_v7 gives the time and random bits once; the row's line is the counter, so a batch's ids
# follow its file and no function is called per row.
NEW_ID = "((SELECT left(metrics.uuid_v7()::text, 24)) || lpad(to_hex(c.line), 12, '0'))::uuid"
NATURAL_KEY = """(x.indicator_code, x.organisation_id, x.country, x.subdivision, x.period, x.disaggregation_key)
       = (c.indicator, $1, c.country, c.subdivision, c.period, c.key)"""
# One statement, one snapshot: keys not stored are inserted, stored rows that differ are updated
# after their current state is kept as history, and every changed roll-up key is marked.
#  - New keys take a plain INSERT (no ON CONFLICT: its speculative insertion cost a third more
#    per row). A key another writer adds meanwhile makes it fail; `apply` then runs it again.
#  - Stored rows identical to the batch are neither written nor locked. The changed ones are
#    locked and re-read, so the history holds the state each update replaced.
#  - The revisions table holds replaced states only; the current one is the observation row.
APPLY = f"""
WITH matched AS MATERIALIZED (
    SELECT c.line, x.id, ({PREVIOUS}) IS DISTINCT FROM ({STAGED}) AS changed
    FROM batch_clean c
    JOIN metrics.observations x
      ON {NATURAL_KEY}
), inserted AS (
    INSERT INTO metrics.observations (
        id, indicator_code, indicator_version, organisation_id, country, subdivision, period, period_start,
        period_end, disaggregation, disaggregation_key, value, weight, method_note, source, visibility,
        coalition_id, status, revision, updated_by, request_id, created_at, updated_at
    )
    SELECT {NEW_ID}, c.indicator, c.version, $1, c.country, c.subdivision, c.period, c.period_start,
           c.period_end, c.pairs, c.key, c.value_n, c.weight_n, c.method_note, c.source, c.visibility,
           c.coalition_n, c.status, 1, $2, $3, now(), now()
    FROM batch_clean c
    WHERE NOT EXISTS (SELECT FROM matched m WHERE m.line = c.line)
    RETURNING indicator_code, period, country
), replaced AS (
    SELECT x.id, x.revision, {PREVIOUS}, x.updated_by, x.request_id, x.updated_at, m.line
    FROM matched m
    JOIN batch_clean c USING (line)
    JOIN metrics.observations x ON x.id = m.id
    WHERE m.changed AND ({PREVIOUS}) IS DISTINCT FROM ({STAGED})
    FOR UPDATE OF x
), history AS (
    INSERT INTO metrics.observation_revisions (
        observation_id, revision, {STORED}, changed_by, request_id, changed_at
    )
    SELECT id, revision, {STORED}, updated_by, request_id, updated_at FROM replaced
), updated AS (
    UPDATE metrics.observations o
    SET ({STORED}) = ({STAGED}), revision = o.revision + 1, updated_by = $2, request_id = $3, updated_at = now()
    FROM replaced r
    JOIN batch_clean c USING (line)
    WHERE o.id = r.id
    RETURNING o.indicator_code, o.period, o.country
), changes AS (
    INSERT INTO metrics.rollup_changes (indicator_code, period, country)
    SELECT DISTINCT * FROM (TABLE inserted UNION ALL TABLE updated) changed ORDER BY 1, 2, 3
    {MARK_AGAIN}
)
SELECT (SELECT count(*) FROM batch_clean) AS rows, (SELECT count(*) FROM inserted) AS created,
       (SELECT count(*) FROM updated) AS updated
"""
COPY_LINE = re.compile(r"COPY \w+, line (\d+)")
# A key written by another transaction between this statement's snapshot and its insert.
APPLY_ATTEMPTS = 3


async def stage(connection: asyncpg.Connection, fmt: str, content: bytes) -> None:
    """Load the file into the staging table, unchanged, and every row of it: a file COPY would
    read only in part is refused, and so is one of which fewer rows were staged than it holds."""
    # Sorting and hashing a million rows in memory rather than on disk (this transaction only).
    await connection.execute("SET LOCAL work_mem = '256MB'")
    # A transaction may carry earlier batches' tables (savepoints, tests): start afresh.
    await connection.execute("DROP TABLE IF EXISTS pg_temp.batch_rows, pg_temp.batch_clean")
    await connection.execute(STAGE)
    try:
        if fmt == "json":
            records = json_records(content)
            status = await connection.copy_records_to_table("batch_rows", records=records, columns=list(COLUMNS))
            expected, staged = len(records), int(status.split()[-1])
            in_full = staged == expected
        else:
            columns = csv_header(content)
            if (row := end_of_data(content)) is not None:
                raise UnreadableFile([{"row": row, "field": "row", "reason": END_OF_DATA_REASON}])
            status = await connection.copy_to_table(
                "batch_rows", source=io.BytesIO(content), columns=columns, format="csv", header=True
            )
            staged = int(status.split()[-1])
            in_full = read_in_full(content, staged)
    except (asyncpg.DataError, asyncpg.BadCopyFileFormatError, asyncpg.CharacterNotInRepertoireError) as exc:
        raise UnreadableFile([_copy_error(exc)]) from exc
    if not in_full:  # never a row lost without a word: whatever the cause, nothing is applied
        reason = f"the file holds {count_rows(fmt, content):,} rows and only {staged:,} could be read"
        raise UnreadableFile([{"row": staged + 1, "field": "row", "reason": reason}])


def _copy_error(exc: Exception) -> dict[str, Any]:
    """COPY's error as a row error (its rows are lines after the header)."""
    # "COPY batch_rows, line 3[, column value]: <the line>" (the line may hold anything)
    where = COPY_LINE.match(getattr(exc, "context", None) or "")
    row = int(where[1]) - 1 if where else 0
    reason = exc.args[0] if exc.args else str(exc)
    reason = NUL_REASON if reason.endswith("0x00") else reason
    reason = EXTRA_CELLS if reason == "extra data after last expected column" else reason
    return {"row": row, "field": "row", "reason": reason}


async def clean(connection: asyncpg.Connection) -> bool:
    """Types and normalises the staged rows; returns whether any names a coalition."""
    await connection.execute(CLEAN)
    return bool(await connection.fetchval("SELECT EXISTS (SELECT FROM batch_clean WHERE coalition_id IS NOT NULL)"))


async def check(
    connection: asyncpg.Connection, countries: dict[str, str], coalitions: set[uuid.UUID], limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """All problems of the cleaned rows: (how many, the first `limit`); `countries` maps the known
    countries' alpha-3 codes to their alpha-2 codes."""
    first, last = vocabularies.observation_years()
    iso3 = sorted(countries)
    rows = await connection.fetch(
        ERRORS,
        iso3,
        list(coalitions),
        json.dumps({k: sorted(v) for k, v in vocabularies.DISAGGREGATIONS.items()}),
        json.dumps({**REASONS, "years": REASONS["years"].format(first=first, last=last)}),
        limit,
        first,
        last,
        [countries[c] for c in iso3],
    )
    total = rows[0]["total"] if rows else 0
    return total, [{"row": r["line"], "field": r["field"], "reason": r["reason"]} for r in rows]


async def apply(
    connection: asyncpg.Connection, organisation_id: uuid.UUID, account_id: uuid.UUID | None, request_id: str | None
) -> tuple[int, int, int]:
    """Apply the checked rows; returns (rows, created, updated)."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(asyncpg.UniqueViolationError),
        stop=stop_after_attempt(APPLY_ATTEMPTS),
        reraise=True,
    ):
        with attempt:
            async with connection.transaction():  # a savepoint: a failed attempt leaves nothing
                result = await connection.fetchrow(APPLY, organisation_id, account_id, request_id)
    return result["rows"], result["created"], result["updated"]


async def lock_for_apply(session: AsyncSession, batch_id: uuid.UUID) -> None:
    """Hold the batch for applying until the transaction ends: two attempts (one presumed dead
    by the sweeper) apply one after the other. An advisory lock rather than the row's, which the
    job's heartbeat must go on updating meanwhile."""
    await hold_lock(session, f"metrics.batch:{batch_id}")


async def get(
    session: AsyncSession, batch_id: uuid.UUID, *, for_update: bool = False, fresh: bool = False
) -> Batch | None:
    """`fresh`: read the row again even if the session holds it (another transaction wrote it)."""
    return await session.get(Batch, batch_id, with_for_update=for_update, populate_existing=fresh)


async def by_content(session: AsyncSession, organisation_id: uuid.UUID, digest: str) -> Batch | None:
    """The organisation's batch of the file with this SHA-256."""
    query = select(Batch).where(col(Batch.organisation_id) == organisation_id, col(Batch.content_sha256) == digest)
    return (await session.execute(query)).scalar_one_or_none()
