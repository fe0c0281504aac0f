"""Collective impact: figures across organisations, each indicator with its own method, from
the normalised contributions (repository/rollups.py), and every one decided by
`privacy.decide`.

What a request may ask is bounded so that the set of figures anyone can obtain stays a fixed
hierarchy: figures span one country, a whole region, or every country (several listed countries
are separate cells, and a total over an arbitrary list of them is not given); likewise a total
over periods is given only over every period, never over a chosen list."""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import privacy
from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.clients import DirectoryClient
from services.metrics.rollups import repository as rollups_repository
from services.metrics.rollups.repository import SOURCE_COLUMNS, UNSTATED, across_organisations, contributions
from services.metrics.vocabularies import REASONS
from shared.db import raw_connection, utcnow
from shared.errors import InvalidInput

GRANULARITY = {"year": r"^\d{4}$", "quarter": r"^\d{4}-Q[1-4]$", "month": r"^\d{4}-\d{2}$"}
GRAIN = {"month": 0, "quarter": 1, "year": 2}
ADDITIVE = {"sum", "latest"}  # methods whose figures are sums of contributions


def _partials(source: str, *, filters: str) -> str:
    """Contributions of `source` summed per (country, period as reported, label), each kept with
    its period at the requested grain."""
    contributions_sql = contributions(source, "SELECT $1::varchar AS indicator_code, $2::text AS shape")
    summed = across_organisations(
        contributions_sql, "country, period, label, remainder, shared", f"WHERE grain <= $3 AND top >= $3 AND {filters}"
    )
    return f"""
        SELECT s.country, metrics.period_at(s.period, $3::smallint) AS period, s.period AS reported, s.label,
               s.remainder, s.shared, s.period_end, s.organisations::text[] AS organisations, s.amounts,
               s.weighted_amounts, s.n, s.total, s.weighted_total, s.weight_total, s.min, s.max
        FROM ({summed}) s
    """


FILTERS = (
    "($4::varchar[] IS NULL OR {a}country = ANY($4))"
    " AND ($5::text[] IS NULL OR metrics.period_at({a}period, $3::smallint) = ANY($5))"
)

# Public figures: refreshed roll-ups, and the years marked since their refresh from the observations.
CHANGED = "SELECT DISTINCT left(period, 4) AS year, country FROM metrics.rollup_changes WHERE indicator_code = $1"
CHANGED_OBSERVATIONS = f"""
    SELECT {SOURCE_COLUMNS}, false AS shared
    FROM metrics.observations o
    JOIN ({CHANGED}) k ON o.country = k.country AND o.period >= k.year AND o.period < (k.year::int + 1)::text
    WHERE o.indicator_code = $1 AND o.visibility = 'public'
"""
PUBLIC = f"""
    WITH changed AS MATERIALIZED ({CHANGED})
    SELECT r.country, metrics.period_at(r.period, $3::smallint) AS period, r.period AS reported, r.label,
           r.remainder, false AS shared, r.period_end, r.organisations::text[] AS organisations, r.amounts,
           r.weighted_amounts, r.n, r.total, r.weighted_total, r.weight_total, r.min, r.max
    FROM metrics.rollups r
    WHERE r.indicator_code = $1 AND r.shape = $2 AND r.grain <= $3 AND r.top >= $3 AND {FILTERS.format(a="r.")}
      AND NOT EXISTS (SELECT 1 FROM changed ch WHERE (ch.year, ch.country) = (r.year, r.country))
    UNION ALL
    {_partials(CHANGED_OBSERVATIONS, filters=FILTERS.format(a=""))}
"""


def _view(visible: str) -> str:
    """Contributions read straight from the observations a view takes (a coalition's, or one
    organisation's own), with `shared` marking coalition-shared values."""
    source = (
        f"SELECT {SOURCE_COLUMNS}, o.visibility = 'coalition' AS shared FROM metrics.observations o "
        f"WHERE o.indicator_code = $1 AND ($4::varchar[] IS NULL OR o.country = ANY($4)) AND {visible}"
    )
    return _partials(source, filters=FILTERS.format(a=""))


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


@dataclass
class Accumulated:
    """Rows of one figure, merged as they come: each organisation's contribution, so that the
    figure knows its contributors and its largest one."""

    key: privacy.Key
    label: tuple[tuple[str, str], ...]
    numerator: Decimal = Decimal(0)
    n: int = 0
    weighted: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    latest_end: Any = None
    latest: list[Any] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)  # as reported: the same contributions at any granularity
    shared: set[str] = field(default_factory=set)
    amounts: dict[str, Decimal] = field(default_factory=dict)  # each organisation's contribution
    weighted_amounts: dict[str, Decimal] = field(default_factory=dict)

    def add(self, row: Any, weighted: bool) -> None:
        self.countries.add(row["country"])
        self.periods.add(row["reported"])
        self.n += row["n"]
        self.numerator += row["total"]
        _add_amounts(self.amounts, zip(row["organisations"], row["amounts"], strict=True))
        if weighted:
            _add_amounts(self.weighted_amounts, zip(row["organisations"], row["weighted_amounts"], strict=True))
            if row["weight_total"] is not None:
                self.weighted += row["weighted_total"]
                self.weight += row["weight_total"]
        self._extremes(row["min"], row["max"])
        self._latest(row["period_end"], [row])
        if row["shared"]:
            self.shared.update(row["organisations"])

    def merge(self, other: "Accumulated") -> None:
        """Another figure's rows, as if added one by one (a cell into the totals it counts in)."""
        self.countries |= other.countries
        self.periods |= other.periods
        self.n += other.n
        self.numerator += other.numerator
        _add_amounts(self.amounts, other.amounts.items())
        _add_amounts(self.weighted_amounts, other.weighted_amounts.items())
        self.weighted += other.weighted
        self.weight += other.weight
        self._extremes(other.minimum, other.maximum)
        self._latest(other.latest_end, other.latest)
        self.shared |= other.shared

    def _extremes(self, low: Decimal | None, high: Decimal | None) -> None:
        self.minimum = low if self.minimum is None else min(self.minimum, low) if low is not None else self.minimum
        self.maximum = high if self.maximum is None else max(self.maximum, high) if high is not None else self.maximum

    def _latest(self, end: Any, rows: list[Any]) -> None:
        if self.latest_end is None or end > self.latest_end:
            self.latest_end, self.latest = end, list(rows)
        elif end == self.latest_end:
            self.latest.extend(rows)

    def by_method(self, method: str) -> privacy.Figure:
        """The figure as the indicator's method makes it; `largest` is the size of the largest
        organisation's contribution to what is added up, so the noise is sized alike whatever
        table it is in."""
        f = privacy.Figure(
            self.key,
            organisations=set(self.amounts),
            numerator=self.numerator,
            largest=max(map(abs, self.amounts.values()), default=Decimal(0)),
            countries=self.countries,
            periods=self.periods,
            label=self.label,
        )
        if method == "mean":
            return replace(f, divisor=Decimal(self.n))
        if method == "weighted_mean":
            largest = max(map(abs, self.weighted_amounts.values()), default=Decimal(0))
            unit = self.weight / self.n if self.n else Decimal(1)
            return replace(f, numerator=self.weighted, divisor=self.weight, largest=largest, unit=unit)
        if method in ("min", "max"):
            value = self.minimum if method == "min" else self.maximum
            return replace(f, numerator=value, largest=value, single=True)
        if method == "latest":
            rows = self.latest
            amounts: dict[str, Decimal] = {}
            for r in rows:
                _add_amounts(amounts, zip(r["organisations"], r["amounts"], strict=True))
            return replace(
                f,
                organisations=set(amounts),
                numerator=sum((r["total"] for r in rows), Decimal(0)),
                largest=max(map(abs, amounts.values())),
                countries={r["country"] for r in rows},
                periods={r["reported"] for r in rows},
            )
        return f


def _add_amounts(into: dict[str, Decimal], amounts: Iterable[tuple[str, Decimal]]) -> None:
    if not into:
        into.update(amounts)
        return
    get = into.get
    for organisation, amount in amounts:
        into[organisation] = get(organisation, 0) + amount


def accumulate(
    rows: list[Any], by: list[str], summable: tuple[bool, ...], method: str
) -> dict[privacy.Key, Accumulated]:
    """Each figure of the table (cells and the totals over summable dimensions) by the method:
    rows are added into their cell, then each cell into the totals it counts in. Remainders (what
    an organisation's breakdown leaves out of its total) count only in sums."""
    weighted = method == "weighted_mean"
    cells: dict[privacy.Key, Accumulated] = {}
    for row in rows:
        if row["remainder"] and method not in ADDITIVE:
            continue
        key = tuple(
            row["country"] if b == "country" else row["period"] if b == "period" else row["label"][b] for b in by
        )
        if key not in cells:
            cells[key] = _new(key, by)
        cells[key].add(row, weighted)
    figures = dict(cells)
    for cell_key, cell in cells.items():
        for key in privacy.margins(cell_key, summable)[1:]:  # the first is the cell itself
            if key not in figures:
                figures[key] = _new(key, by)
            figures[key].merge(cell)
    return figures


def _new(key: privacy.Key, by: list[str]) -> Accumulated:
    label = tuple(
        (b, k) for b, k in zip(by, key, strict=True) if b not in ("country", "period") and k not in (None, UNSTATED)
    )
    return Accumulated(key, label)


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
    found = await catalogue_repository.get(session, indicator)
    if found is None:
        raise InvalidInput(
            "Unknown indicator.", errors=[{"field": "indicator", "reason": f"no indicator {indicator!r}"}]
        )
    content = await catalogue_repository.version(session, found.code, found.current_version)
    assert content is not None
    region_of = await directory.country_regions()
    _validate(content.disaggregations, region_of, countries, regions, periods, granularity, by)

    selected = sorted(set(countries) | {c for c, r in region_of.items() if r in regions})
    breakdowns = sorted((b for b in by if b not in ("country", "period")), key=lambda b: b.encode())
    # Totals over countries only for a whole region or every country; over periods only for all.
    summable = tuple((b != "country" or not countries) and (b != "period" or not periods) for b in by)
    method = content.aggregation
    # $1 indicator, $2 the table's shape (its breakdowns as roll-ups name them), $3 grain, $4 countries, $5 periods
    args = [found.code, ";".join(breakdowns), GRAIN[granularity], selected if countries or regions else None,
            periods or None]  # fmt: skip

    connection = await raw_connection(session)
    # JIT is off for every connection (shared/db.py): these statements read thousands of rows
    # at most, and compiling them took ten times longer than running them.
    decide = _decider(rules, found.code, method, content)
    kept = (
        *await rollups_repository.fingerprint(session, found.code),
        *(content.version, method, content.value_type, content.sensitivity, rules),
        *(tuple(by), *(tuple(a) if isinstance(a, list) else a for a in args)),
    )
    decided = PUBLISHED.get(kept)
    if decided is None:
        public_rows = await connection.fetch(PUBLIC, *args)
        figures = {
            key: decide(acc.by_method(method)) for key, acc in accumulate(public_rows, by, summable, method).items()
        }
        decided = PUBLISHED[kept] = Decided(figures, _ordered(figures))
    published = decided.figures
    if for_coalition is not None:
        view_args: list[Any] = list(args)
        clause = privacy.visible_observations_sql(None, for_coalition, view_args)
        wider = accumulate(await connection.fetch(_view(clause), *view_args), by, summable, method)
        published = {
            key: privacy.choose(published.get(key), decide(acc.by_method(method)), len(acc.shared), rules)
            for key, acc in wider.items()
        }
    own: dict[privacy.Key, Accumulated] = {}
    if viewer_org is not None:
        own_args: list[Any] = list(args)
        clause = privacy.visible_observations_sql(viewer_org, None, own_args)
        own = accumulate(await connection.fetch(_view(clause), *own_args), by, summable, method)

    plain = for_coalition is None and viewer_org is None  # the public figures alone
    keys = decided.order if plain else _ordered(set(published) | set(own))
    country_dim = by.index("country") if "country" in by else None
    in_country = await directory.organisations_in(
        sorted({k[country_dim] for k in keys if country_dim is not None and k[country_dim]})
    )

    def figure(key: privacy.Key) -> dict[str, Any]:
        shown = published.get(key, privacy.HIDDEN)
        country = key[country_dim] if country_dim is not None else None
        known = in_country.get(country) if country else None
        mine = own[key].by_method(method).value if key in own else None
        return {
            **dict(zip(by, key, strict=True)),
            "value": _plain(shown.value),
            "status": shown.status,
            "contributors": shown.contributors,
            # Contributors among the organisations the directory knows in that country (at most 1).
            "coverage": round(min(1.0, shown.contributors / known), 4) if known and shown.contributors else None,
            "own": _plain(mine),
        }

    if plain and decided.tables is not None and decided.tables[0] == in_country:
        _, cells, totals = decided.tables
    else:
        cells = [figure(k) for k in keys if None not in k]
        totals = [figure(k) for k in keys if None in k]
        if plain:
            decided.tables = (in_country, cells, totals)
    return {
        "indicator": found.code,
        "indicator_version": content.version,
        "name": content.name,
        "unit": content.unit,
        "aggregation": method,
        "granularity": granularity,
        "by": by,
        "scope": f"coalition:{for_coalition}" if for_coalition else "public",
        "disclosure": rules.describe(),
        "cells": cells,
        "totals": totals,
        "as_of": utcnow().isoformat(),
    }


def _decider(rules: privacy.Rules, indicator: str, method: str, content: Any) -> Any:
    counts = content.value_type == "count"
    whole = counts and method in ("sum", "latest", "min", "max")
    sensitive = content.sensitivity == "sensitive"
    return lambda f: privacy.decide(
        f, rules, indicator=indicator, method=method, sensitive=sensitive, counts=counts, whole=whole
    )


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
        if not re.match(GRANULARITY.get(granularity, "^$"), p)
    ]
    if len(countries) > 1 and "country" not in by:
        errors.append({"field": "country", "reason": "several countries need by=country (one figure per country)"})
    if countries and regions:
        errors.append({"field": "region", "reason": "ask for countries or regions, not both"})
    if len(periods) > 1 and "period" not in by:
        errors.append({"field": "period", "reason": "several periods need by=period (one figure per period)"})
    if errors:
        raise InvalidInput("The aggregate request is not valid.", errors=errors)


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize() if value == value.to_integral_value() else value, "f")
