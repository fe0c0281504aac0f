"""Coverage: SQL on the session's asyncpg connection, like search."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.organisations.repository import LISTED
from shared.db import raw_connection

# The array columns coverage may count by: names written into SQL come from here only; every
# value is a bind parameter.
COLUMNS = frozenset({"countries", "forms", "interventions", "sectors"})


def _columns(*names: str) -> None:
    if unknown := [n for n in names if n not in COLUMNS]:
        raise ValueError(f"not a coverage column: {unknown}")


async def coverage(session: AsyncSession, countries: list[str], dimensions: list[str]) -> dict[str, Any]:
    """Active organisations per country, and per term of each dimension (a column name)."""
    _columns(*dimensions)
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
    _columns(first, second)
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
    _columns(*columns)
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
