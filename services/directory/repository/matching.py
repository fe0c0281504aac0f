"""Partner matching and coverage: SQL on the session's asyncpg connection, like search."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.repository.search import COLUMNS, LISTED, Query
from shared.db import raw_connection

# Weights of a match: working in the same country matters most, then the same form of
# exploitation, then what the partner brings that the organisation lacks.
WEIGHTS = {"countries": 3, "forms": 2, "complementary": 1, "sectors": 1}


async def matches(session: AsyncSession, organisation_id: uuid.UUID, query: Query, limit: int) -> list[dict[str, Any]]:
    """Organisations sharing at least a country (or, for one without countries, a form) with
    `organisation_id`, best first, with what they share and what they add."""
    q = query.copy()
    me = q.arg(organisation_id)
    columns = ", ".join(f"o.{c.strip()}" for c in COLUMNS.split(","))
    arrays = {
        "countries": "shared_countries",
        "forms": "shared_forms",
        "complementary": "complementary",
        "sectors": "shared_sectors",
    }
    score = " + ".join(f"{w} * cardinality({arrays[name]})" for name, w in WEIGHTS.items())
    sql = f"""
WITH me AS (
    SELECT countries, forms, interventions, sectors FROM directory.organisations o WHERE o.id = {me} AND {LISTED}
), candidates AS (
    SELECT {columns},
        ARRAY(SELECT unnest(o.countries) INTERSECT SELECT unnest(me.countries) ORDER BY 1) AS shared_countries,
        ARRAY(SELECT unnest(o.forms) INTERSECT SELECT unnest(me.forms) ORDER BY 1) AS shared_forms,
        ARRAY(SELECT unnest(o.interventions) EXCEPT SELECT unnest(me.interventions) ORDER BY 1) AS complementary,
        ARRAY(SELECT unnest(o.sectors) INTERSECT SELECT unnest(me.sectors) ORDER BY 1) AS shared_sectors
    FROM directory.organisations o CROSS JOIN me {q.joins}
    WHERE {" AND ".join(q.where)} AND o.id <> {me}
      AND CASE WHEN cardinality(me.countries) > 0 THEN o.countries && me.countries ELSE o.forms && me.forms END
)
SELECT *, {score} AS score
FROM candidates
ORDER BY score DESC, name, id
LIMIT {q.arg(limit)}"""
    return [dict(r) for r in await (await raw_connection(session)).fetch(sql, *q.args)]


async def coverage(session: AsyncSession, countries: list[str], dimensions: list[str]) -> dict[str, Any]:
    """Active organisations per country, and per term of each dimension (a column name)."""
    conn = await raw_connection(session)
    totals = await conn.fetch(
        f"""SELECT country, count(*) AS n FROM directory.organisations o, unnest(o.countries) country
           WHERE {LISTED} AND o.countries && $1::varchar[] AND country = ANY($1::varchar[])
           GROUP BY country""",
        countries,
    )
    result: dict[str, Any] = {"totals": {r["country"]: r["n"] for r in totals}}
    for dimension in dimensions:
        rows = await conn.fetch(
            f"""SELECT country, term, count(*) AS n
                FROM directory.organisations o, unnest(o.countries) country, unnest(o.{dimension}) term
                WHERE {LISTED} AND o.countries && $1::varchar[] AND country = ANY($1::varchar[])
                GROUP BY country, term""",
            countries,
        )
        counts: dict[str, dict[str, int]] = {}
        for r in rows:
            counts.setdefault(r["country"], {})[r["term"]] = r["n"]
        result[dimension] = counts
    return result


async def pair_coverage(
    session: AsyncSession, countries: list[str], first: str, second: str
) -> dict[str, dict[tuple[str, str], int]]:
    """Active organisations per country and pair of terms of two dimensions (column names):
    country -> (first term, second term) -> organisations. Pairs nobody works on are absent."""
    rows = await (await raw_connection(session)).fetch(
        f"""SELECT country, a, b, count(DISTINCT o.id) AS n
            FROM directory.organisations o, unnest(o.countries) country, unnest(o.{first}) a, unnest(o.{second}) b
            WHERE {LISTED} AND o.countries && $1::varchar[] AND country = ANY($1::varchar[])
            GROUP BY country, a, b""",
        countries,
    )
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for r in rows:
        counts.setdefault(r["country"], {})[(r["a"], r["b"])] = r["n"]
    return counts


async def cross_coverage(session: AsyncSession, countries: list[str], columns: list[str]) -> dict[tuple[str, ...], int]:
    """Active organisations working in `countries`, per combination of the terms of `columns`
    (array columns: countries, forms, interventions, sectors): combination -> organisations.
    Combinations nobody works on are absent."""
    terms = [f"{c}_term" for c in columns]
    unnested = "".join(f", unnest(o.{c}) {t}" for c, t in zip(columns, terms, strict=True))
    in_countries = " AND countries_term = ANY($1::varchar[])" if "countries" in columns else ""
    rows = await (await raw_connection(session)).fetch(
        f"""SELECT {", ".join(terms)}, count(DISTINCT o.id) AS n
            FROM directory.organisations o{unnested}
            WHERE {LISTED} AND o.countries && $1::varchar[]{in_countries}
            GROUP BY {", ".join(terms)}""",
        countries,
    )
    return {tuple(r[t] for t in terms): r["n"] for r in rows}
