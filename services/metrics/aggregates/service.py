"""Collective impact: figures across organisations, each indicator with its own method, from
the normalised contributions (rollups/repository.py) read by aggregates/repository.py, and every one decided by
`privacy.decide`.

What a request may ask is bounded so that the set of figures anyone can obtain stays a fixed
hierarchy: figures span one country, a whole region, or every country (several listed countries
are separate cells, and a total over an arbitrary list of them is not given); likewise a total
over periods is given only over every period, never over a chosen list. Several regions are a list
of countries too: by country, without a total over them."""

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import privacy
from services.metrics.aggregates import repository
from services.metrics.aggregates.figures import Accumulated, accumulate, differing
from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.clients import DirectoryClient
from services.metrics.models.catalogue import Indicator, IndicatorVersion
from services.metrics.rollups import repository as rollups_repository
from services.metrics.vocabularies import REASONS, Aggregation, Sensitivity, ValueType
from shared.db import utcnow
from shared.errors import InvalidInput, NotFound

GRANULARITY = {"year": r"^[0-9]{4}$", "quarter": r"^[0-9]{4}-Q[1-4]$", "month": r"^[0-9]{4}-[0-9]{2}$"}
GRAIN = {"month": 0, "quarter": 1, "year": 2}
Decide = Callable[[privacy.Figure], privacy.Published]


@dataclass
class Decided:
    """The public figures of one question, in the answer's order; `tables` keeps them formatted
    as answered to a caller with no coalition and no values of its own, with the organisation
    counts their coverage came from."""

    figures: dict[privacy.Key, privacy.Published]
    order: list[privacy.Key]
    tables: tuple[dict[str, int], list[dict[str, Any]], list[dict[str, Any]]] | None = None


# Public figures already decided, by what they were computed from (the question, the indicator's
# method and the fingerprint of its observations): a figure depends on nothing else, so an answer
# is kept until a write or a refresh moves the fingerprint on. Bounded by figures held.
PUBLISHED: LRUCache[tuple[Any, ...], Decided] = LRUCache(
    maxsize=500_000, getsizeof=lambda decided: max(1, len(decided.figures))
)


def _ordered(keys: Iterable[privacy.Key]) -> list[privacy.Key]:
    return sorted(keys, key=lambda k: tuple((v is None, v or "") for v in k))


@dataclass(frozen=True)
class Question:
    """An aggregates request once checked: what is read and how its figures are keyed."""

    selection: repository.Selection
    by: list[str]
    # Per dimension of `by`: whether the table has totals over it (over countries only for a
    # whole region or every country; over periods only for every period).
    summable: tuple[bool, ...]
    method: str

    def accumulate(self, rows: Sequence[Any]) -> dict[privacy.Key, Accumulated]:
        return accumulate(rows, self.by, self.summable, self.method)


def _question(
    code: str,
    method: str,
    region_of: dict[str, str | None],
    *,
    countries: list[str],
    regions: list[str],
    periods: list[str],
    granularity: str,
    by: list[str],
) -> Question:
    selected = sorted(set(countries) | {c for c, r in region_of.items() if r in regions})
    breakdowns = sorted((b for b in by if b not in ("country", "period")), key=lambda b: b.encode())
    selection = repository.Selection(
        indicator=code,
        shape=";".join(breakdowns),
        grain=GRAIN[granularity],
        countries=selected if countries or regions else None,
        periods=periods or None,
    )
    listed = countries or len(set(regions)) > 1  # several regions are a list of countries, not a region
    summable = tuple((b != "country" or not listed) and (b != "period" or not periods) for b in by)
    return Question(selection, by, summable, method)


async def _indicator(session: AsyncSession, code: str) -> tuple[Indicator, IndicatorVersion]:
    found = await catalogue_repository.with_current_version(session, code)
    if found is None:
        raise InvalidInput("Unknown indicator.", errors=[{"field": "indicator", "reason": f"no indicator {code!r}"}])
    return found


async def _public(
    session: AsyncSession, q: Question, content: IndicatorVersion, rules: privacy.Rules, decide: Decide
) -> Decided:
    """The public figures of the question, decided once per state of the indicator's observations."""
    kept = (
        *await rollups_repository.fingerprint(session, q.selection.indicator),
        *(content.version, q.method, content.value_type, content.sensitivity, rules),
        *(tuple(q.by), *(tuple(a) if isinstance(a, list) else a for a in q.selection.args())),
    )
    decided = PUBLISHED.get(kept)
    if decided is None:
        accumulated = q.accumulate(await repository.public_partials(session, q.selection))
        figures = {key: decide(acc.by_method(q.method)) for key, acc in accumulated.items()}
        decided = PUBLISHED[kept] = Decided(figures, _ordered(figures))
    return decided


async def _coalition_view(
    session: AsyncSession,
    directory: DirectoryClient,
    q: Question,
    coalition: uuid.UUID,
    public: dict[privacy.Key, privacy.Published],
    decide: Decide,
    rules: privacy.Rules,
) -> dict[privacy.Key, privacy.Published]:
    """The figures as the coalition sees them, each its own only where `privacy.choose` allows:
    what each organisation puts into a figure is compared with what it puts into the public one.
    Only its active members' shared values count: one that left shares with it no longer."""
    try:
        members = await directory.active_members(coalition)
    except NotFound:
        raise InvalidInput(
            "Unknown coalition.", errors=[{"field": "coalition", "reason": f"no coalition {coalition}"}]
        ) from None
    wider = q.accumulate(await repository.coalition_partials(session, q.selection, coalition, members))
    alone = q.accumulate(await repository.public_partials(session, q.selection))
    return {
        key: privacy.choose(
            public.get(key), decide(acc.by_method(q.method)), differing(alone.get(key), acc, q.method), rules
        )
        for key, acc in wider.items()
    }


async def aggregate(
    session: AsyncSession,
    directory: DirectoryClient,
    *,
    viewer_org: uuid.UUID | None,
    for_coalition: uuid.UUID | None = None,
    indicator: str,
    countries: list[str],
    regions: list[str],
    periods: list[str],
    granularity: str,
    by: list[str],
    rules: privacy.Rules,
) -> dict[str, Any]:
    """The figures of one question: checked, read, decided by `privacy`, then formatted."""
    found, content = await _indicator(session, indicator)
    region_of = await directory.country_regions()
    _validate(content.disaggregations, region_of, countries, regions, periods, granularity, by)
    q = _question(
        found.code,
        content.aggregation,
        region_of,
        countries=countries,
        regions=regions,
        periods=periods,
        granularity=granularity,
        by=by,
    )
    decide = _decider(rules, found.code, q.method, content)
    decided = await _public(session, q, content, rules, decide)
    published = decided.figures
    if for_coalition is not None:
        published = await _coalition_view(session, directory, q, for_coalition, published, decide, rules)
    own: dict[privacy.Key, Accumulated] = {}
    if viewer_org is not None:
        own = q.accumulate(await repository.own_partials(session, q.selection, viewer_org))
    plain = for_coalition is None and viewer_org is None  # the public figures alone
    cells, totals = await _tables(directory, q, decided, published, own, plain=plain)
    return {
        "indicator": found.code,
        "indicator_version": content.version,
        "name": content.name,
        "unit": content.unit,
        "aggregation": q.method,
        "granularity": granularity,
        "by": by,
        "scope": f"coalition:{for_coalition}" if for_coalition else "public",
        "disclosure": rules.describe(),
        "cells": cells,
        "totals": totals,
        "as_of": utcnow().isoformat(),
    }


Table = list[dict[str, Any]]


async def _tables(
    directory: DirectoryClient,
    q: Question,
    decided: Decided,
    published: dict[privacy.Key, privacy.Published],
    own: dict[privacy.Key, Accumulated],
    *,
    plain: bool,
) -> tuple[Table, Table]:
    """The answer's cells and totals, in order; the public ones formatted once and kept with
    the organisation counts their coverage came from."""
    keys = decided.order if plain else _ordered(set(published) | set(own))
    country_dim = q.by.index("country") if "country" in q.by else None
    in_country = await directory.organisations_in(
        sorted({str(k[country_dim]) for k in keys if country_dim is not None and k[country_dim]})
    )
    if plain and decided.tables is not None and decided.tables[0] == in_country:
        _, cells, totals = decided.tables
        return cells, totals

    def figure(key: privacy.Key) -> dict[str, Any]:
        country = key[country_dim] if country_dim is not None else None
        known = in_country.get(country) if country else None
        mine = own[key].by_method(q.method).value if key in own else None
        return _figure(key, q.by, published.get(key, privacy.HIDDEN), known, mine)

    cells = [figure(k) for k in keys if None not in k]
    totals = [figure(k) for k in keys if None in k]
    if plain:
        decided.tables = (in_country, cells, totals)
    return cells, totals


def _figure(
    key: privacy.Key, by: list[str], shown: privacy.Published, known: int | None, mine: Decimal | None
) -> dict[str, Any]:
    """One figure as answered: its place in each dimension, the published value and status,
    and beside them the caller's own value."""
    return {
        **dict(zip(by, key, strict=True)),
        "value": _plain(shown.value),
        "status": shown.status,
        "contributors": shown.contributors,
        # Contributors among the organisations the directory knows in that country (at most 1).
        "coverage": round(min(1.0, shown.contributors / known), 4) if known and shown.contributors else None,
        "own": _plain(mine),
    }


def _decider(rules: privacy.Rules, indicator: str, method: str, content: IndicatorVersion) -> Decide:
    whole = content.value_type == ValueType.COUNT and method in (
        Aggregation.SUM, Aggregation.LATEST, Aggregation.MIN, Aggregation.MAX
    )  # fmt: skip
    floor = rules.floor_of(content.value_type)
    sensitive = content.sensitivity == Sensitivity.SENSITIVE

    def decide(figure: privacy.Figure) -> privacy.Published:
        return privacy.decide(
            figure, rules, indicator=indicator, method=method, sensitive=sensitive, floor=floor, whole=whole
        )

    return decide


def _validate(
    allowed_breakdowns: list[str],
    region_of: dict[str, str | None],
    countries: list[str],
    regions: list[str],
    periods: list[str],
    granularity: str,
    by: list[str],
) -> None:
    allowed = {"country", "period", *allowed_breakdowns}
    errors = [
        {"field": "by", "reason": f"{b!r} is not one of {', '.join(sorted(allowed))}"} for b in by if b not in allowed
    ]
    if len(by) > 2:
        errors.append({"field": "by", "reason": "at most two dimensions"})
    if len(set(by)) != len(by):
        errors.append({"field": "by", "reason": "a dimension appears twice"})
    if granularity not in GRANULARITY:
        errors.append({"field": "granularity", "reason": f"one of {', '.join(GRANULARITY)}"})
    errors += [
        {"field": "country", "reason": REASONS["country"].format(term=c)} for c in countries if c not in region_of
    ]
    known_regions = {r for r in region_of.values() if r}
    errors += [{"field": "region", "reason": f"{r!r} is not a UN region"} for r in regions if r not in known_regions]
    errors += [
        {"field": "period", "reason": f"{p!r} is not a {granularity}"}
        for p in periods
        if not re.fullmatch(GRANULARITY.get(granularity, "^$"), p)
    ]
    if len(countries) > 1 and "country" not in by:
        errors.append({"field": "country", "reason": "several countries need by=country (one figure per country)"})
    if len(set(regions)) > 1 and "country" not in by:
        errors.append({"field": "region", "reason": "several regions need by=country (one figure per country)"})
    if countries and regions:
        errors.append({"field": "region", "reason": "ask for countries or regions, not both"})
    if len(periods) > 1 and "period" not in by:
        errors.append({"field": "period", "reason": "several periods need by=period (one figure per period)"})
    if errors:
        raise InvalidInput("The aggregate request is not valid.", errors=errors)


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize() if value == value.to_integral_value() else value, "f")
