"""Organisation search: filters, full text on folded name/acronym/description, trigram
similarity on names, facet counts, keyset pagination.

This is the directory's hot read, written as SQL on the session's asyncpg connection: building
and compiling the equivalent SQLAlchemy statement cost more than running it (bench/search.py)."""

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.organisations import profile
from services.directory.organisations.repository import COLUMNS, LISTED
from services.directory.statuses import MembershipStatus
from services.directory.text import fold, trigrams
from shared.db import raw_connection

NAME_SIMILARITY = 0.6  # share of the query's trigrams a name must contain to match by spelling
FACETS = ("countries", "regions", "forms", "interventions", "sectors")
O_COLUMNS = ", ".join(f"o.{c}" for c in profile.COLUMNS)
# The rows of a page, by the ids the search statement put in order.
PAGE_ROWS = f"SELECT {COLUMNS}, name_folded FROM directory.organisations WHERE id = ANY($1::uuid[])"


@dataclass
class Filters:
    q: str | None = None
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    survivor_led: bool | None = None
    coalition: uuid.UUID | None = None
    pathfinder: bool | None = None
    exclude: uuid.UUID | None = None


@dataclass
class Query:
    """A WHERE clause over `o` (directory.organisations), its arguments, and the relevance
    expression when there is a text query (with the LATERAL join it needs)."""

    where: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)
    rank: str | None = None
    joins: str = ""

    def copy(self) -> "Query":
        """A copy to add a statement's own arguments to."""
        return Query(list(self.where), list(self.args), self.rank, self.joins)

    def arg(self, value: Any, cast: str = "") -> str:
        self.args.append(value)
        return f"${len(self.args)}{cast}"


def rarest(grams: list[str], frequency: Mapping[str, float]) -> list[str]:
    """The fewest of `grams` that any name similar enough must contain at least one of.

    A name matches by spelling when it holds at least NAME_SIMILARITY of the query's k trigrams,
    so it lacks at most k - m of them (m the least it must hold) and holds one of any k - m + 1.
    Asking the index for the rarest k - m + 1 (by the column's statistics; a trigram missing
    from them is rarer still) finds the same names as asking for all k, from far fewer rows: a
    query of common words shares some trigram with most names (docs/performance.md). The result
    never depends on `frequency`, only the work does."""
    least = max(1, int(NAME_SIMILARITY * len(grams)))  # rounded down: at worst one more trigram asked
    return sorted(grams, key=lambda g: (frequency.get(g, 0.0), g))[: len(grams) - least + 1]


def build(filters: Filters, frequency: Mapping[str, float] | None = None) -> Query:
    """`frequency`: how common each name trigram is (`gram_frequencies`), to look names up by
    their rarest trigrams first."""
    query = Query(where=[LISTED])
    for name in FACETS:
        if values := getattr(filters, name):
            query.where.append(f"o.{name} && {query.arg(list(values), '::varchar[]')}")
    if filters.kinds:
        query.where.append(f"o.kind = ANY({query.arg(list(filters.kinds), '::varchar[]')})")
    if filters.survivor_led is not None:
        led = "(o.kind = 'survivor_led' OR 'survivor_led' = ANY(o.survivor_leadership))"
        query.where.append(led if filters.survivor_led else f"NOT {led}")
    if filters.coalition is not None:
        query.where.append(
            "o.id IN (SELECT member_id FROM directory.coalition_members "
            f"WHERE coalition_id = {query.arg(filters.coalition)} AND status = '{MembershipStatus.ACTIVE}')"
        )
    if filters.pathfinder is not None:
        pathfinders = "(SELECT array_agg(iso3) FROM directory.countries WHERE pathfinder)"
        query.where.append(
            f"o.countries && {pathfinders}" if filters.pathfinder else f"NOT (o.countries && {pathfinders})"
        )
    if filters.exclude is not None:
        query.where.append(f"o.id <> {query.arg(filters.exclude)}")

    folded = fold(filters.q)
    if folded:
        tsquery = f"websearch_to_tsquery('simple', {query.arg(folded)})"
        grams = [g for g in trigrams(folded) if not g.startswith("  ")]  # word starts are too common
        if grams:
            grams_arg = query.arg(grams, "::varchar[]")
            # The share of the query's trigrams in the name: one set intersection (half the CPU
            # of testing each trigram against the name's array).
            query.joins = (
                "CROSS JOIN LATERAL (SELECT cardinality(ARRAY(SELECT unnest(o.name_trigrams) INTERSECT "
                f"SELECT unnest({grams_arg})))::float8 / {len(grams)} AS score) name_match"
            )
            # The first condition lets PostgreSQL combine the two GIN indexes; the second keeps
            # only names similar enough.
            prefix = query.arg(rarest(grams, frequency or {}), "::varchar[]")
            query.where.append(f"(o.search @@ {tsquery} OR o.name_trigrams && {prefix})")
            query.where.append(f"(o.search @@ {tsquery} OR name_match.score >= {NAME_SIMILARITY})")
            query.rank = f"(ts_rank(o.search, {tsquery}) + name_match.score)"
        else:
            query.where.append(f"o.search @@ {tsquery}")
            query.rank = f"ts_rank(o.search, {tsquery})"
    return query


GRAM_FREQUENCIES = (
    "SELECT most_common_elems::text::text[] AS grams, most_common_elem_freqs AS shares FROM pg_stats "
    "WHERE schemaname = 'directory' AND tablename = 'organisations' AND attname = 'name_trigrams'"
)


async def gram_frequencies(connection: Any) -> dict[str, float]:
    """The share of organisations whose name holds each of its most common trigrams, from
    PostgreSQL's statistics of the column (ANALYZE; empty before the first), on an asyncpg
    connection."""
    row = await connection.fetchrow(GRAM_FREQUENCIES)
    if row is None or row["grams"] is None:
        return {}
    return dict(zip(row["grams"], row["shares"], strict=False))  # the shares end with 3 summary figures


def _after(q: Query, after: list[Any] | None, *, rank: str | None, name: str, id_: str) -> str | None:
    """The keyset condition for rows after `after` ([rank,] folded name, id), or None."""
    if not after:
        return None
    if rank is not None:
        r, n, i = after  # checked by type and range when the cursor was read (service.decode_cursor)
        r_, n_, i_ = q.arg(r, "::float8"), q.arg(n), q.arg(i)
        return f"({rank} < {r_} OR ({rank} = {r_} AND ({name}, {id_}) > ({n_}, {i_})))"
    n, i = after
    return f"({name}, {id_}) > ({q.arg(n)}, {q.arg(i)})"


def page_sql(query: Query, *, by_relevance: bool, after: list[Any] | None, limit: int) -> tuple[str, list[Any]]:
    """The page (one more row than `limit`, to know if there is a next one), straight from the
    table so that name order can follow its index."""
    q = query.copy()
    ranked = by_relevance and q.rank is not None
    rank = q.rank if ranked else "0::float8"
    order = f"{rank} DESC, o.name_folded, o.id" if ranked else "o.name_folded, o.id"
    where = q.where + [
        c for c in [_after(q, after, rank=rank if ranked else None, name="o.name_folded", id_="o.id")] if c
    ]
    sql = (
        f"SELECT {O_COLUMNS}, o.name_folded, {rank} AS rank "
        f"FROM directory.organisations o {q.joins} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT {q.arg(limit + 1)}"
    )
    return sql, q.args


def search_sql(query: Query, *, by_relevance: bool, after: list[Any] | None, limit: int) -> tuple[str, list[Any]]:
    """One statement, one scan: the ids and ranks of the page (one more than `limit`, to know if
    there is a next page), the total, and each facet's counts as a JSON object."""
    q = query.copy()
    ranked = by_relevance and q.rank is not None
    condition = _after(q, after, rank="rank" if ranked else None, name="name_folded", id_="id")
    keyset = f"WHERE {condition}" if condition else ""
    order = "rank DESC, name_folded, id" if ranked else "name_folded, id"
    facets = ",\n".join(
        f"(SELECT coalesce(json_object_agg(term, n), '{{}}') FROM (SELECT term, count(*) n FROM matching, "
        f"unnest(matching.{name}) term GROUP BY term) f) AS {name}"
        for name in FACETS
    )
    sql = f"""
WITH matching AS (
    SELECT o.id, o.name_folded, o.kind, {", ".join(f"o.{n}" for n in FACETS)},
           {q.rank if ranked else "0::float8"} AS rank
    FROM directory.organisations o {q.joins}
    WHERE {" AND ".join(q.where)}
), page AS (
    SELECT id, rank, name_folded FROM matching {keyset} ORDER BY {order} LIMIT {q.arg(limit + 1)}
)
SELECT
    (SELECT array_agg(id ORDER BY {order}) FROM page) AS ids,
    (SELECT array_agg(rank ORDER BY {order}) FROM page) AS ranks,
    (SELECT count(*) FROM matching) AS total,
    (SELECT coalesce(json_object_agg(kind, n), '{{}}') FROM (SELECT kind, count(*) n FROM matching GROUP BY kind) f) AS kind,
    {facets}"""
    return sql, q.args


async def page(
    session: AsyncSession, query: Query, *, by_relevance: bool, after: list[Any] | None, limit: int
) -> tuple[list[dict[str, Any]], list[Any] | None]:
    """The page (as column dicts) and the keyset after it (None at the end)."""
    sql, args = page_sql(query, by_relevance=by_relevance, after=after, limit=limit)
    rows = [dict(r) for r in await (await raw_connection(session)).fetch(sql, *args)]
    if len(rows) <= limit:
        return rows, None
    tail = rows[limit - 1]
    ranked = by_relevance and query.rank is not None
    return rows[:limit], ([tail["rank"]] if ranked else []) + [tail["name_folded"], str(tail["id"])]


async def page_and_facets(
    session: AsyncSession, query: Query, *, by_relevance: bool, after: list[Any] | None, limit: int
) -> tuple[list[dict[str, Any]], list[Any] | None, int, dict[str, dict[str, int]]]:
    """The page (as column dicts), the keyset after it (None at the end), the total and facets."""
    conn = await raw_connection(session)
    sql, args = search_sql(query, by_relevance=by_relevance, after=after, limit=limit)
    row = await conn.fetchrow(sql, *args)
    ids, ranks = list(row["ids"] or []), list(row["ranks"] or [])
    records = await conn.fetch(PAGE_ROWS, ids[:limit])
    found = {r["id"]: dict(r) for r in records}
    page = [found[i] for i in ids[:limit] if i in found]
    last = None
    if len(ids) > limit and page:
        tail = page[-1]
        ranked = by_relevance and query.rank is not None
        last = (
            [ranks[limit - 1], tail["name_folded"], str(tail["id"])]
            if ranked
            else [tail["name_folded"], str(tail["id"])]
        )
    # SQLAlchemy's asyncpg dialect decodes JSON already; a bare connection gives text.
    facets = {name: v if isinstance(v := row[name], dict) else json.loads(v) for name in ("kind", *FACETS)}
    return page, last, row["total"], facets


# Weights of a match: working in the same country matters most, then the same form of
# exploitation, then what the partner brings that the organisation lacks.
WEIGHTS = {"countries": 3, "forms": 2, "complementary": 1, "sectors": 1}


async def matches(session: AsyncSession, organisation_id: uuid.UUID, query: Query, limit: int) -> list[dict[str, Any]]:
    """Organisations sharing at least a country (or, for one without countries, a form) with
    `organisation_id`, best first, with what they share and what they add."""
    q = query.copy()
    me = q.arg(organisation_id)
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
    SELECT {O_COLUMNS},
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
