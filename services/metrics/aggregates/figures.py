"""Rows of contributions added up into figures: each into its cell, then each cell into the
totals it counts in, keeping every organisation's contribution, so that a figure knows its
contributors and each one's part (disclosure control draws one noise per part)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from services.metrics import privacy
from services.metrics.vocabularies import Aggregation

ADDITIVE = {Aggregation.SUM, Aggregation.LATEST}  # methods whose figures are sums of contributions


@dataclass
class Accumulated:
    """Rows of one figure, merged as they come: each organisation's contribution (and, for
    weighted means, its weighted sum and its weights), so that the figure knows its contributors
    and each one's part."""

    key: privacy.Key
    numerator: Decimal = Decimal(0)
    n: int = 0
    weighted: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    latest_end: Any = None
    latest: list[Any] = field(default_factory=list)
    amounts: dict[str, Decimal] = field(default_factory=dict)  # each organisation's contribution
    weighted_amounts: dict[str, Decimal] = field(default_factory=dict)
    weights: dict[str, Decimal] = field(default_factory=dict)  # each organisation's weights' sum

    def add(self, row: Any, weighted: bool) -> None:
        self.n += row["n"]
        self.numerator += row["total"]
        _add_amounts(self.amounts, zip(row["organisations"], row["amounts"], strict=True))
        if weighted:
            _add_amounts(self.weighted_amounts, zip(row["organisations"], row["weighted_amounts"], strict=True))
            _add_amounts(self.weights, zip(row["organisations"], row["weights"], strict=True))
            if row["weight_total"] is not None:
                self.weighted += row["weighted_total"]
                self.weight += row["weight_total"]
        self._extremes(row["min"], row["max"])
        self._latest(row["period_end"], [row])

    def merge(self, other: "Accumulated") -> None:
        """Another figure's rows, as if added one by one (a cell into the totals it counts in)."""
        self.n += other.n
        self.numerator += other.numerator
        _add_amounts(self.amounts, other.amounts.items())
        _add_amounts(self.weighted_amounts, other.weighted_amounts.items())
        _add_amounts(self.weights, other.weights.items())
        self.weighted += other.weighted
        self.weight += other.weight
        self._extremes(other.minimum, other.maximum)
        self._latest(other.latest_end, other.latest)

    def _extremes(self, low: Decimal | None, high: Decimal | None) -> None:
        self.minimum = low if self.minimum is None else min(self.minimum, low) if low is not None else self.minimum
        self.maximum = high if self.maximum is None else max(self.maximum, high) if high is not None else self.maximum

    def _latest(self, end: Any, rows: list[Any]) -> None:
        if self.latest_end is None or end > self.latest_end:
            self.latest_end, self.latest = end, list(rows)
        elif end == self.latest_end:
            self.latest.extend(rows)

    def by_method(self, method: str) -> privacy.Figure:
        """The figure as the indicator's method makes it, with each organisation's part of what is
        added up (its total over whatever rows and breakdowns the table holds, so that its noise
        is the same in every table the same contribution is in)."""
        f = privacy.Figure(self.key, self.amounts, numerator=self.numerator)
        if method == Aggregation.MEAN:
            return replace(f, divisor=Decimal(self.n))
        if method == Aggregation.WEIGHTED_MEAN:
            return replace(
                f, amounts=self.weighted_amounts, numerator=self.weighted, divisor=self.weight, divisors=self.weights
            )
        if method in (Aggregation.MIN, Aggregation.MAX):
            value = self.minimum if method == Aggregation.MIN else self.maximum
            assert value is not None  # every row has a value (observations' values are never null)
            return replace(f, numerator=value, single=True)
        if method == Aggregation.LATEST:
            amounts: dict[str, Decimal] = {}
            for r in self.latest:
                _add_amounts(amounts, zip(r["organisations"], r["amounts"], strict=True))
            return replace(f, amounts=amounts, numerator=sum((r["total"] for r in self.latest), Decimal(0)))
        return f

    def entries(self, method: str) -> dict[str, tuple[Any, ...]]:
        """What each organisation puts into the figure `by_method` makes of these rows: its sum
        (and weighted sum); for `latest`, its sum in the latest period with the period."""
        if method == Aggregation.LATEST:
            amounts: dict[str, Decimal] = {}
            for r in self.latest:
                _add_amounts(amounts, zip(r["organisations"], r["amounts"], strict=True))
            return {organisation: (self.latest_end, amount) for organisation, amount in amounts.items()}
        return {
            organisation: (amount, self.weighted_amounts.get(organisation))
            for organisation, amount in self.amounts.items()
        }


def differing(public: Accumulated | None, wider: Accumulated, method: str) -> int:
    """How many organisations put something different into a figure in a wider view (a
    coalition's) than in the public one: a shared value that the normalisation drops, or that
    leaves the organisation's contribution to this figure as it was, does not count."""
    before = public.entries(method) if public is not None else {}
    after = wider.entries(method)
    return sum(
        1 for organisation in before.keys() | after.keys() if before.get(organisation) != after.get(organisation)
    )


def _add_amounts(into: dict[str, Decimal], amounts: Iterable[tuple[str, Decimal]]) -> None:
    if not into:
        into.update(amounts)
        return
    get = into.get
    for organisation, amount in amounts:
        into[organisation] = get(organisation, 0) + amount


def accumulate(
    rows: Sequence[Any], by: list[str], summable: tuple[bool, ...], method: str
) -> dict[privacy.Key, Accumulated]:
    """Each figure of the table (cells and the totals over summable dimensions) by the method:
    rows are added into their cell, then each cell into the totals it counts in. Remainders (what
    an organisation's breakdown leaves out of its total) count only in sums."""
    weighted = method == Aggregation.WEIGHTED_MEAN
    cells: dict[privacy.Key, Accumulated] = {}
    for row in rows:
        if row["remainder"] and method not in ADDITIVE:
            continue
        key = tuple(
            row["country"] if b == "country" else row["period"] if b == "period" else row["label"][b] for b in by
        )
        if key not in cells:
            cells[key] = Accumulated(key)
        cells[key].add(row, weighted)
    figures = dict(cells)
    for cell_key, cell in cells.items():
        for key in privacy.margins(cell_key, summable)[1:]:  # the first is the cell itself
            if key not in figures:
                figures[key] = Accumulated(key)
            figures[key].merge(cell)
    return figures
