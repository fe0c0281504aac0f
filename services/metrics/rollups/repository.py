"""Contributions and their roll-ups.

An organisation's observations are first normalised into contributions, so that every value
counts once in every figure it belongs to, whichever breakdown or granularity a reader asks for:

- a country-level value wins over the same organisation's subdivision values for the same key;
- periods: a value counts in its own period and every coarser one, unless the organisation also
  reported that coarser period (then the coarser value is authoritative there): `grain` is the
  period's own level (0 month, 1 quarter, 2 year) and `top` the coarsest level it counts at;
- breakdowns: for each shape a table can have (no breakdown, or one or two of the indicator's
  dimensions), the organisation's values come from the one family of breakdowns it reported
  that fits the shape best, with dimensions it did not state as `_U` (SDMX's "not stated");
  the organisation's total is the largest sum of any family it reported (its total when it gave
  one), and what a family leaves out of that total is a `remainder` contribution labelled `_U`,
  so every shape adds up to the same total. Non-additive methods leave remainders out.

Roll-ups keep public contributions summed across organisations per (indicator, country,
period, grain range, shape, label). A write marks its (indicator, period, country) as changed in
the same transaction; the refresh recomputes the whole year of each marked key (a report of one
period changes where the organisation's other periods of the year count). Readers take marked
years from the observations, so figures are exact at every moment. Marking takes a row lock
(ON CONFLICT DO UPDATE) and the refresh claims keys with SKIP LOCKED: a key written during a
refresh stays marked and is refreshed again. Roll-ups hold the shapes of the breakdowns the
indicator had at their refresh: a revision that changes its breakdowns marks every year of it
(`mark_indicator`), or a year nobody writes again would keep the old shapes, and a table by a new
breakdown would be read from live rows in some years and from nothing in others."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import raw_connection

Key = tuple[str, str, str]  # indicator, period, country
UNSTATED = "_U"

# The columns a contributions source gives, over metrics.observations `o`.
SOURCE_COLUMNS = (
    "o.organisation_id, o.indicator_code, o.country, o.subdivision, o.period, o.period_end, "
    "o.disaggregation, o.disaggregation_key, o.value, o.weight"
)


def _label(shape: str, disaggregation: str) -> str:
    """SQL of a contribution's terms in a shape of at most two dimensions (`_U` where unstated)."""
    first, second = f"split_part({shape}, ';', 1)", f"split_part({shape}, ';', 2)"
    return (
        f"CASE WHEN {shape} = '' THEN '{{}}'::jsonb"
        f" WHEN {second} = '' THEN jsonb_build_object({first}, coalesce({disaggregation}->>{first}, '{UNSTATED}'))"
        f" ELSE jsonb_build_object({first}, coalesce({disaggregation}->>{first}, '{UNSTATED}'),"
        f" {second}, coalesce({disaggregation}->>{second}, '{UNSTATED}')) END"
    )


# The common table expressions between `src` (a contributions source) and the choice of
# families: the country-level values, each unit's grain and coarsest level (`placed`), and each
# organisation's families of breakdowns with their sums and its total.
UNITS = """
    marked AS (
        SELECT s.*, regexp_replace(s.disaggregation_key, '=[^;]*', '', 'g') AS family,
               bool_or(s.subdivision = '') OVER (
                   PARTITION BY s.organisation_id, s.indicator_code, s.country, s.period, s.disaggregation
               ) AS country_level
        FROM src s
    ),
    obs AS MATERIALIZED (SELECT * FROM marked WHERE subdivision = '' OR NOT country_level),
    units AS (
        SELECT DISTINCT organisation_id, indicator_code, country, period, metrics.grain(period) AS grain FROM obs
    ),
    placed AS MATERIALIZED (
        SELECT organisation_id, indicator_code, country, period, grain,
               CASE WHEN grain = 0 AND has_quarter THEN 0 WHEN grain < 2 AND has_year THEN 1 ELSE 2 END AS top
        FROM (
            SELECT u.*,
                   bool_or(grain = 2) OVER (PARTITION BY organisation_id, indicator_code, country, left(period, 4))
                       AS has_year,
                   bool_or(grain = 1) OVER (
                       PARTITION BY organisation_id, indicator_code, country, metrics.period_at(period, 1::smallint)
                   ) AS has_quarter
            FROM units u
        ) w
    ),
    families AS (
        SELECT organisation_id, indicator_code, country, period, family, sum(value) AS fsum,
               max(period_end) AS period_end
        FROM obs GROUP BY 1, 2, 3, 4, 5
    ),
    totals AS (
        SELECT organisation_id, indicator_code, country, period, max(fsum) AS t FROM families GROUP BY 1, 2, 3, 4
    ),
"""


def contributions(source: str, shapes: str) -> str:
    """SQL of the normalised contributions of `source` (SOURCE_COLUMNS) for every shape of
    `shapes` (indicator_code, shape): one row per organisation, period, shape and label."""
    return f"""
    WITH src AS ({source}),
    {UNITS}
    fits AS (  -- how well each reported family fits each shape: shared dimensions, then fewest extra
        SELECT f.family, sh.indicator_code, sh.shape,
               cardinality(ARRAY(SELECT unnest(string_to_array(f.family, ';'))
                                 INTERSECT SELECT unnest(string_to_array(sh.shape, ';')))) AS shared_dims,
               cardinality(string_to_array(f.family, ';')) AS dims
        FROM (SELECT DISTINCT indicator_code, family FROM families) f
        JOIN ({shapes}) sh ON sh.indicator_code = f.indicator_code
    ),
    chosen AS MATERIALIZED (
        SELECT DISTINCT ON (f.organisation_id, f.indicator_code, f.country, f.period, x.shape) f.*, x.shape
        FROM families f JOIN fits x USING (indicator_code, family)
        ORDER BY f.organisation_id, f.indicator_code, f.country, f.period, x.shape,
                 x.shared_dims DESC, x.dims, f.family
    ),
    atoms AS MATERIALIZED (
        SELECT o.organisation_id, o.indicator_code, o.country, o.period, o.period_end, c.shape,
               {_label("c.shape", "o.disaggregation")} AS label,
               false AS remainder, o.value, o.value * o.weight AS vw, o.weight AS w
        FROM obs o JOIN chosen c
          ON (c.organisation_id, c.indicator_code, c.country, c.period, c.family)
           = (o.organisation_id, o.indicator_code, o.country, o.period, o.family)
        UNION ALL
        SELECT c.organisation_id, c.indicator_code, c.country, c.period, c.period_end, c.shape,
               {_label("c.shape", "'{}'::jsonb")},
               true, t.t - c.fsum, NULL, NULL
        FROM chosen c JOIN totals t USING (organisation_id, indicator_code, country, period)
        WHERE t.t > c.fsum
    )
    SELECT a.*, p.grain, p.top, left(a.period, 4) AS year
    FROM atoms a JOIN placed p USING (organisation_id, indicator_code, country, period)
    """


# Every shape of each indicator in $1: no breakdown, one or two of its current dimensions.
ALL_SHAPES = """
SELECT v.code AS indicator_code, s.shape
FROM metrics.indicators i
JOIN metrics.indicator_versions v ON v.code = i.code AND v.version = i.current_version
CROSS JOIN LATERAL (
    SELECT '' AS shape
    UNION ALL SELECT a FROM unnest(v.disaggregations) a
    UNION ALL SELECT a || ';' || b FROM unnest(v.disaggregations) a, unnest(v.disaggregations) b
              WHERE a COLLATE "C" < b COLLATE "C"
) s
WHERE i.code = ANY($1::varchar[])
"""

# Public observations of the years of marked keys ($1 indicators, $2 years, $3 countries).
OF_YEARS = f"""
SELECT {SOURCE_COLUMNS}
FROM metrics.observations o
JOIN unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(indicator_code, year, country)
  ON o.indicator_code = k.indicator_code AND o.country = k.country
 AND o.period >= k.year AND o.period < (k.year::int + 1)::text
WHERE o.visibility = 'public'
"""

# Every mark takes a new number from metrics.rollup_change_seq (the column's default).
MARK_AGAIN = "ON CONFLICT (indicator_code, period, country) DO UPDATE SET changed_at = now(), seq = DEFAULT"
MARK = f"""
INSERT INTO metrics.rollup_changes (indicator_code, period, country)
SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
{MARK_AGAIN}
"""

# Every year and country of the indicator $1 that has public values (a mark's period may be a
# year: the refresh recomputes the year of each mark).
MARK_INDICATOR = f"""
INSERT INTO metrics.rollup_changes (indicator_code, period, country)
SELECT DISTINCT indicator_code, left(period, 4), country FROM metrics.observations
WHERE indicator_code = $1 AND visibility = 'public'
ORDER BY 1, 2, 3
{MARK_AGAIN}
"""

CLAIM = """
DELETE FROM metrics.rollup_changes c
USING (
    SELECT indicator_code, period, country FROM metrics.rollup_changes
    ORDER BY changed_at LIMIT $1 FOR UPDATE SKIP LOCKED
) claimed
WHERE (c.indicator_code, c.period, c.country) = (claimed.indicator_code, claimed.period, claimed.country)
RETURNING c.indicator_code, c.period, c.country
"""

# The oldest marks, without claiming them: the keys a refresh one at a time takes in turn.
OLDEST = "SELECT indicator_code, period, country FROM metrics.rollup_changes ORDER BY changed_at LIMIT $1"

# Claim the marks of the keys given, those no other refresh holds.
CLAIM_KEYS = """
DELETE FROM metrics.rollup_changes c
USING (
    SELECT indicator_code, period, country FROM metrics.rollup_changes
    WHERE (indicator_code, period, country) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]))
    FOR UPDATE SKIP LOCKED
) claimed
WHERE (c.indicator_code, c.period, c.country) = (claimed.indicator_code, claimed.period, claimed.country)
RETURNING c.indicator_code, c.period, c.country
"""

# A key whose refresh failed goes to the back of the queue, still marked (read from the
# observations meanwhile); its number is kept, so the fingerprint does not move.
DEFER = """
UPDATE metrics.rollup_changes SET changed_at = now()
WHERE (indicator_code, period, country) = ($1, $2, $3)
"""

# A refresh consumes marks: the indicator's generation moves on, so (generation, latest mark)
# never comes back to an earlier value.
NEXT_GENERATION = """
INSERT INTO metrics.rollup_generations (indicator_code, seq)
SELECT indicator_code, nextval('metrics.rollup_change_seq') FROM (SELECT DISTINCT unnest($1::varchar[])) AS k(indicator_code)
ON CONFLICT (indicator_code) DO UPDATE SET seq = EXCLUDED.seq
"""

# What an indicator's public figures are computed from, as two numbers: equal numbers, equal
# observations (in this database, whose identity comes first).
FINGERPRINT = """
SELECT (SELECT system_identifier FROM pg_control_system()), current_database(),
       (SELECT seq FROM metrics.rollup_generations WHERE indicator_code = $1),
       (SELECT max(seq) FROM metrics.rollup_changes WHERE indicator_code = $1)
"""

# Two refreshes of the same year would each delete the roll-ups the other had not committed yet
# and insert their own: the second waits here, then sees the first's rows and replaces them.
LOCK = """
SELECT pg_advisory_xact_lock(hashtextextended(k.indicator_code || '/' || k.year || '/' || k.country, 0))
FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(indicator_code, year, country)
ORDER BY k.indicator_code, k.year, k.country
"""

DROP = """
DELETE FROM metrics.rollups r
USING unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(indicator_code, year, country)
WHERE (r.indicator_code, r.year, r.country) = (k.indicator_code, k.year, k.country)
"""

# Per organisation first, so each roll-up keeps every organisation's own sum (aligned with
# `organisations`): the noise of a figure is sized by its largest organisation's contribution.
BY_ORGANISATION = """
SELECT {keys}, organisation_id, max(period_end) AS period_end, count(*) AS n, sum(value) AS total,
       sum(vw) AS weighted_total, sum(w) AS weight_total, min(value) AS min, max(value) AS max
FROM ({contributions}) c
{where}
GROUP BY {keys}, organisation_id
"""


def across_organisations(contributions_sql: str, keys: str, where: str = "") -> str:
    """SQL summing `contributions_sql` across organisations per `keys`, keeping the organisations
    and each one's sums (value, weighted value and weight) in aligned arrays."""
    return f"""
        SELECT {keys}, max(period_end) AS period_end,
               array_agg(organisation_id ORDER BY organisation_id) AS organisations,
               array_agg(total ORDER BY organisation_id) AS amounts,
               array_agg(coalesce(weighted_total, 0) ORDER BY organisation_id) AS weighted_amounts,
               array_agg(coalesce(weight_total, 0) ORDER BY organisation_id) AS weights,
               sum(n) AS n, sum(total) AS total, sum(weighted_total) AS weighted_total,
               sum(weight_total) AS weight_total, min(min) AS min, max(max) AS max
        FROM ({BY_ORGANISATION.format(keys=keys, contributions=contributions_sql, where=where)}) o
        GROUP BY {keys}
    """


ROLLUP_KEYS = "indicator_code, country, year, period, grain, top, shape, label, remainder"
COMPUTE = f"""
INSERT INTO metrics.rollups (
    {ROLLUP_KEYS}, period_end, organisations, amounts, weighted_amounts, weights,
    n, total, weighted_total, weight_total, min, max
)
{across_organisations(contributions(OF_YEARS, ALL_SHAPES), ROLLUP_KEYS)}
"""


def _columns(keys: Iterable[Key]) -> list[list[str]]:
    keys = list(keys)
    return [[k[i] for k in keys] for i in range(3)]


async def mark(session: AsyncSession, keys: Iterable[Key]) -> None:
    """Mark keys as changed, in the writer's transaction."""
    columns = _columns(sorted(set(keys)))  # a fixed order: concurrent writers lock rows alike
    if columns[0]:
        await (await raw_connection(session)).execute(MARK, *columns)


async def mark_indicator(session: AsyncSession, indicator: str) -> None:
    """Mark every year of the indicator that has public values, in the writer's transaction:
    its roll-ups hold the table shapes of the breakdowns it had, so when those change, readers
    take its figures from the observations until the refresh has made the new shapes."""
    await (await raw_connection(session)).execute(MARK_INDICATOR, indicator)


async def refresh(session: AsyncSession, limit: int) -> int:
    """Recompute the roll-ups of the years of up to `limit` changed keys; returns how many keys
    were refreshed."""
    connection = await raw_connection(session)
    return await _recompute(connection, await connection.fetch(CLAIM, limit))


async def oldest(session: AsyncSession, limit: int) -> list[Key]:
    """The `limit` keys marked longest ago."""
    rows = await (await raw_connection(session)).fetch(OLDEST, limit)
    return [(r["indicator_code"], r["period"], r["country"]) for r in rows]


async def refresh_keys(session: AsyncSession, keys: Iterable[Key]) -> int:
    """Recompute the roll-ups of the years of `keys` (those still marked and not held by another
    refresh); returns how many keys were refreshed."""
    connection = await raw_connection(session)
    return await _recompute(connection, await connection.fetch(CLAIM_KEYS, *_columns(keys)))


async def defer(session: AsyncSession, key: Key) -> None:
    """Put a marked key at the back of the queue."""
    await (await raw_connection(session)).execute(DEFER, *key)


async def _recompute(connection: Any, claimed: list[Any]) -> int:
    if claimed:
        years = _columns(sorted({(r["indicator_code"], r["period"][:4], r["country"]) for r in claimed}))
        await connection.execute(NEXT_GENERATION, years[0])
        await connection.execute(LOCK, *years)
        await connection.execute(DROP, *years)
        await connection.execute(COMPUTE, *years)
    return len(claimed)


async def fingerprint(session: AsyncSession, indicator: str) -> tuple[object, ...]:
    """A value that changes whenever the indicator's public figures may change: any write marks
    a key with a new number, any refresh moves the generation on."""
    return tuple(await (await raw_connection(session)).fetchrow(FINGERPRINT, indicator))
