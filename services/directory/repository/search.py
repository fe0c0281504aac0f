"""Organisation search: filters, full text on folded name/acronym/description, trigram
similarity on names, facet counts, keyset pagination. Core SQL: this is the hot read."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, cast, func, literal, literal_column, or_, select, true, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import String

from services.directory.models import CoalitionMember, Country, Organisation
from services.directory.text import fold, trigrams

ORG = Organisation.__table__  # type: ignore[attr-defined]
SEARCH = literal_column("directory.organisations.search")
NAME_SIMILARITY = 0.6  # share of the query's trigrams a name must contain to match by spelling
FACETS = ("countries", "regions", "forms", "interventions", "sectors")


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


def _terms_array(values: Sequence[str]) -> Any:
    return cast(literal(list(values), ARRAY(String)), ARRAY(String))


def similarity(query_trigrams: list[str]) -> ColumnElement[float]:
    """The share of the query's trigrams found in the name (like pg_trgm's word similarity), so
    a short query can match a long name despite a typo."""
    grams = func.unnest(_terms_array(query_trigrams)).table_valued("gram").render_derived()
    shared = (
        select(func.count())
        .select_from(grams)
        .where(grams.c.gram == func.any(ORG.c.name_trigrams))
        .correlate(ORG)
        .scalar_subquery()
    )
    return cast(shared, Float) / len(query_trigrams)


@dataclass
class Query:
    """The WHERE clause for some filters, and the relevance expression when there is a text query."""

    where: list[ColumnElement[bool]]
    rank: ColumnElement[float] | None


async def build(session: AsyncSession, filters: Filters) -> Query:
    where: list[ColumnElement[bool]] = [ORG.c.deleted_at.is_(None)]
    for name in FACETS:
        if values := getattr(filters, name):
            where.append(ORG.c[name].overlap(_terms_array(values)))
    if filters.kinds:
        where.append(ORG.c.kind.in_(filters.kinds))
    if filters.survivor_led is not None:
        led = or_(ORG.c.kind == "survivor_led", ORG.c.survivor_leadership.contains(_terms_array(["survivor_led"])))
        where.append(led if filters.survivor_led else ~led)
    if filters.coalition is not None:
        members = select(CoalitionMember.member_id).where(
            CoalitionMember.coalition_id == filters.coalition, CoalitionMember.status == "active"
        )
        where.append(ORG.c.id.in_(members))
    if filters.pathfinder is not None:
        codes = (await session.execute(select(Country.iso3).where(Country.pathfinder.is_(true())))).scalars().all()
        works_there = ORG.c.countries.overlap(_terms_array(codes))
        where.append(works_there if filters.pathfinder else ~works_there)
    if filters.exclude is not None:
        where.append(ORG.c.id != filters.exclude)

    rank = None
    folded = fold(filters.q)
    if folded:
        tsquery = func.websearch_to_tsquery("simple", folded)
        grams = [g for g in trigrams(folded) if not g.startswith("  ")]  # word starts are too common
        text_rank = func.ts_rank(SEARCH, tsquery)
        if grams:
            name_score = similarity(grams)
            where.append(
                or_(
                    SEARCH.op("@@")(tsquery),
                    and_(ORG.c.name_trigrams.overlap(_terms_array(grams)), name_score >= NAME_SIMILARITY),
                )
            )
            rank = text_rank + name_score
        else:
            where.append(SEARCH.op("@@")(tsquery))
            rank = text_rank
    return Query(where, rank)


async def page(
    session: AsyncSession, query: Query, *, by_relevance: bool, after: list[Any] | None, limit: int
) -> tuple[Sequence[Any], list[Any] | None]:
    """Rows of the page and the keyset of its last row (None at the end)."""
    relevance = query.rank if by_relevance and query.rank is not None else None
    sort_rank = (relevance if relevance is not None else literal(0.0)).label("rank")
    stmt = select(ORG, sort_rank).where(*query.where)
    if after:
        if relevance is not None:
            r, n, i = after
            stmt = stmt.where(
                or_(
                    relevance < r,
                    and_(relevance == r, func.row(ORG.c.name_folded, ORG.c.id) > func.row(n, uuid.UUID(i))),
                )
            )
        else:
            n, i = after
            stmt = stmt.where(func.row(ORG.c.name_folded, ORG.c.id) > func.row(n, uuid.UUID(i)))
    order = [ORG.c.name_folded, ORG.c.id]
    stmt = stmt.order_by(*([relevance.desc()] if relevance is not None else []), *order).limit(limit + 1)
    rows = (await session.execute(stmt)).all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    key = [last.rank, last.name_folded, str(last.id)] if relevance is not None else [last.name_folded, str(last.id)]
    return rows[:limit], key


async def facets(session: AsyncSession, query: Query) -> tuple[int, dict[str, dict[str, int]]]:
    """Total matches and, for each filter, how many matching organisations carry each term."""
    matching = select(ORG.c.kind, *(ORG.c[name] for name in FACETS)).where(*query.where).cte("matching")
    parts = [
        select(literal("kind").label("facet"), matching.c.kind.label("term"), func.count().label("n")).group_by(
            matching.c.kind
        )
    ]
    for name in FACETS:
        term = func.unnest(matching.c[name]).table_valued("term").render_derived()
        parts.append(
            select(literal(name).label("facet"), term.c.term, func.count().label("n"))
            .select_from(matching.join(term, true()))
            .group_by(term.c.term)
        )
    parts.append(select(literal("total"), literal(""), func.count()).select_from(matching))
    counts: dict[str, dict[str, int]] = {name: {} for name in ("kind", *FACETS)}
    total = 0
    for facet, term, n in (await session.execute(union_all(*parts))).all():
        if facet == "total":
            total = n
        else:
            counts[facet][term] = n
    return total, counts
