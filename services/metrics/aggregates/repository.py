"""The reads behind the aggregates: contributions summed per (country, period as reported,
label), from the public roll-ups and the observations marked since their refresh, or straight
from the observations a view takes (a coalition's, or one organisation's own).

Every statement takes the same values, always bound: $1 indicator, $2 the table's shape (its
breakdowns as roll-ups name them), $3 grain, $4 countries (null: every country), $5 periods
(null: every period); a view adds $6, the coalition or the organisation. The SQL text is made
once, at import, from fixed fragments."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.rollups.repository import SOURCE_COLUMNS, across_organisations, contributions
from shared.db import raw_connection


@dataclass(frozen=True)
class Selection:
    """What a question reads: the values bound to $1 to $5."""

    indicator: str
    shape: str
    grain: int
    countries: list[str] | None
    periods: list[str] | None

    def args(self) -> list[Any]:
        return [self.indicator, self.shape, self.grain, self.countries, self.periods]


def _partials(source: str, *, filters: str) -> str:
    """Contributions of `source` summed per (country, period as reported, label), each kept with
    its period at the requested grain."""
    contributions_sql = contributions(source, "SELECT $1::varchar AS indicator_code, $2::text AS shape")
    summed = across_organisations(
        contributions_sql, "country, period, label, remainder", f"WHERE grain <= $3 AND top >= $3 AND {filters}"
    )
    return f"""
        SELECT s.country, metrics.period_at(s.period, $3::smallint) AS period, s.period AS reported, s.label,
               s.remainder, s.period_end, s.organisations::text[] AS organisations, s.amounts,
               s.weighted_amounts, s.weights, s.n, s.total, s.weighted_total, s.weight_total, s.min, s.max
        FROM ({summed}) s
    """


FILTERS = (
    "($4::varchar[] IS NULL OR {a}country = ANY($4))"
    " AND ($5::text[] IS NULL OR metrics.period_at({a}period, $3::smallint) = ANY($5))"
)

# Public figures: refreshed roll-ups, and the years marked since their refresh from the observations.
CHANGED = "SELECT DISTINCT left(period, 4) AS year, country FROM metrics.rollup_changes WHERE indicator_code = $1"
CHANGED_OBSERVATIONS = f"""
    SELECT {SOURCE_COLUMNS}
    FROM metrics.observations o
    JOIN ({CHANGED}) k ON o.country = k.country AND o.period >= k.year AND o.period < (k.year::int + 1)::text
    WHERE o.indicator_code = $1 AND o.visibility = 'public'
"""
PUBLIC = f"""
    WITH changed AS MATERIALIZED ({CHANGED})
    SELECT r.country, metrics.period_at(r.period, $3::smallint) AS period, r.period AS reported, r.label,
           r.remainder, r.period_end, r.organisations::text[] AS organisations, r.amounts,
           r.weighted_amounts, r.weights, r.n, r.total, r.weighted_total, r.weight_total, r.min, r.max
    FROM metrics.rollups r
    WHERE r.indicator_code = $1 AND r.shape = $2 AND r.grain <= $3 AND r.top >= $3 AND {FILTERS.format(a="r.")}
      AND NOT EXISTS (SELECT 1 FROM changed ch WHERE (ch.year, ch.country) = (r.year, r.country))
    UNION ALL
    {_partials(CHANGED_OBSERVATIONS, filters=FILTERS.format(a=""))}
"""


def _view(visible: str) -> str:
    """Contributions read straight from the observations `visible` admits."""
    source = (
        f"SELECT {SOURCE_COLUMNS} FROM metrics.observations o "
        f"WHERE o.indicator_code = $1 AND ($4::varchar[] IS NULL OR o.country = ANY($4)) AND {visible}"
    )
    return _partials(source, filters=FILTERS.format(a=""))


# What counts in a view: public values and the values shared with the coalition $6 by its active
# members $7 (an organisation that left shares with it no longer) in its view; every value of the
# organisation $6 in its own (shown beside the published figures).
COALITION_VIEW = _view(
    "(o.visibility = 'public' OR (o.visibility = 'coalition' AND o.coalition_id = $6::uuid"
    " AND o.organisation_id = ANY($7::uuid[])))"
)
OWN_VIEW = _view("o.organisation_id = $6::uuid")


async def public_partials(session: AsyncSession, selection: Selection) -> Sequence[Any]:
    # JIT is off for every connection (shared/db.py): these statements read thousands of rows
    # at most, and compiling them took ten times longer than running them.
    return await (await raw_connection(session)).fetch(PUBLIC, *selection.args())


async def coalition_partials(
    session: AsyncSession, selection: Selection, coalition: uuid.UUID, members: list[uuid.UUID]
) -> Sequence[Any]:
    return await (await raw_connection(session)).fetch(COALITION_VIEW, *selection.args(), coalition, members)


async def own_partials(session: AsyncSession, selection: Selection, organisation: uuid.UUID) -> Sequence[Any]:
    return await (await raw_connection(session)).fetch(OWN_VIEW, *selection.args(), organisation)
