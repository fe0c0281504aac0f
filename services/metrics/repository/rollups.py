"""Roll-ups: partial aggregates of the observations per (indicator, period, country, breakdown,
scope), so collective figures are read from thousands of rows rather than millions.

A write marks its (indicator, period, country) as changed in the same transaction; the refresh
job recomputes only the marked keys. Marking takes a row lock (ON CONFLICT DO UPDATE), and the
refresh claims keys with SKIP LOCKED, so a key written during a refresh stays marked and is
refreshed again: a change is never lost between the two."""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import raw_connection

Key = tuple[str, str, str]  # indicator, period, country

MARK = """
INSERT INTO metrics.rollup_changes (indicator_code, period, country)
SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
ON CONFLICT (indicator_code, period, country) DO UPDATE SET changed_at = now()
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

DROP = """
DELETE FROM metrics.rollups r
USING unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(indicator_code, period, country)
WHERE (r.indicator_code, r.period, r.country) = (k.indicator_code, k.period, k.country)
"""

# The scope of a value: who may see it besides its organisation. Private values are not rolled up.
COMPUTE = """
INSERT INTO metrics.rollups (
    indicator_code, period, country, disaggregation_key, scope, period_end, disaggregation, organisations,
    n, total, weighted_total, weight_total, min, max, latest_value, latest_updated
)
SELECT o.indicator_code, o.period, o.country, o.disaggregation_key,
       CASE WHEN o.visibility = 'public' THEN 'public' ELSE o.coalition_id::text END,
       min(o.period_end), (array_agg(o.disaggregation))[1], array_agg(DISTINCT o.organisation_id),
       count(*), sum(o.value), sum(o.value * o.weight), sum(o.weight), min(o.value), max(o.value),
       (array_agg(o.value ORDER BY o.updated_at DESC))[1], max(o.updated_at)
FROM metrics.observations o
JOIN unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(indicator_code, period, country)
  ON (o.indicator_code, o.period, o.country) = (k.indicator_code, k.period, k.country)
WHERE o.visibility <> 'private'
GROUP BY 1, 2, 3, 4, 5
"""


def _columns(keys: Iterable[Key]) -> list[list[str]]:
    keys = list(keys)
    return [[k[i] for k in keys] for i in range(3)]


async def mark(session: AsyncSession, keys: Iterable[Key]) -> None:
    """Mark keys as changed, in the writer's transaction."""
    columns = _columns(sorted(set(keys)))  # a fixed order: concurrent writers lock rows alike
    if columns[0]:
        await (await raw_connection(session)).execute(MARK, *columns)


async def refresh(session: AsyncSession, limit: int) -> int:
    """Recompute the roll-ups of up to `limit` changed keys; returns how many were refreshed."""
    connection = await raw_connection(session)
    claimed = await connection.fetch(CLAIM, limit)
    if claimed:
        columns = _columns((r["indicator_code"], r["period"], r["country"]) for r in claimed)
        await connection.execute(DROP, *columns)
        await connection.execute(COMPUTE, *columns)
    return len(claimed)
