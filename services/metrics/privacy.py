"""Statistical disclosure control: the one place every published figure goes through.

A table is cells plus totals (a total has None in the dimensions it sums over). Primary
suppression hides a figure with too few contributing organisations, or a sensitive count that
is small enough to identify people. For additive tables (sums) complementary suppression then
hides more figures until no hidden one can be computed from the published ones: every published
total is an equation (total = sum of its cells), and a hidden figure is recoverable exactly when
its unit vector lies in the row space of the system, which is checked with exact (integer)
arithmetic.

Codes follow SDMX's OBS_CONF: F free, C confidential (primary), D secondary suppression."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from math import gcd

Key = tuple[str | None, ...]
FREE, PRIMARY, SECONDARY = "F", "C", "D"


@dataclass
class Figure:
    key: Key
    value: Decimal | None
    contributors: int
    status: str = FREE
    reason: str | None = None

    @property
    def published(self) -> bool:
        return self.status == FREE


Equations = list[tuple[Figure, list[Figure]]]  # each total with the cells it sums


@dataclass(frozen=True)
class Rules:
    min_contributors: int = 3
    min_sensitive_count: int = 5


@dataclass
class Table:
    dims: list[str]
    figures: dict[Key, Figure] = field(default_factory=dict)

    def cells(self) -> list[Figure]:
        return [f for f in self.figures.values() if None not in f.key]

    def totals(self) -> list[Figure]:
        return [f for f in self.figures.values() if None in f.key]

    def members(self, total: Figure) -> list[Figure]:
        """The cells a total sums."""
        return [c for c in self.cells() if all(t is None or t == k for t, k in zip(total.key, c.key, strict=True))]

    def equations(self) -> Equations:
        """Every total with the cells it sums, in the order of the totals (each cell is placed
        by its key, rather than compared with every total)."""
        members: dict[Key, list[Figure]] = {t.key: [] for t in self.totals()}
        for cell in self.cells():
            for total in margins(cell.key):
                if total in members:
                    members[total].append(cell)
        return [(self.figures[key], cells) for key, cells in members.items()]


def margins(cell: Key) -> list[Key]:
    """The totals a cell belongs to: its key with some of its dimensions summed over (None),
    the cell itself first."""
    return [
        tuple(None if summed else k for summed, k in zip(mask, cell, strict=True))
        for mask in product((False, True), repeat=len(cell))
    ]


def primary(table: Table, rules: Rules, *, sensitive: bool) -> None:
    for figure in table.figures.values():
        if figure.contributors < rules.min_contributors:
            figure.status = PRIMARY
            figure.reason = f"fewer than {rules.min_contributors} contributing organisations"
        elif sensitive and figure.value is not None and 0 < figure.value < rules.min_sensitive_count:
            figure.status = PRIMARY
            figure.reason = f"a count below {rules.min_sensitive_count} could identify people"


def recoverable(table: Table, equations: Equations) -> set[Key]:
    """Hidden figures whose value follows from the published ones and the totals' equations."""
    hidden = [f.key for f in table.figures.values() if not f.published]
    index = {key: i for i, key in enumerate(hidden)}
    rows: list[list[int]] = []
    for total, members in equations:
        row = [0] * len(hidden)
        for figure, sign in [(total, -1), *((m, 1) for m in members)]:
            if not figure.published:
                row[index[figure.key]] += sign
        if any(row):
            rows.append(row)
    return {hidden[i] for i in _determined(rows, len(hidden))}


def _determined(rows: list[list[int]], width: int) -> set[int]:
    """Columns whose unit vector is in the row space: reduced row echelon form, exact. Rows stay
    integer (each is a nonzero multiple of the rational reduced row, divided by its gcd), which
    gives the same zero pattern as rational arithmetic without the cost of fractions."""
    matrix = [r[:] for r in rows]
    pivots: list[int] = []
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead_row = matrix[r]
        lead = lead_row[c]
        for i in range(len(matrix)):
            factor = matrix[i][c]
            if i != r and factor != 0:
                reduced = [lead * a - factor * b for a, b in zip(matrix[i], lead_row, strict=True)]
                divisor = gcd(*reduced)
                matrix[i] = [v // divisor for v in reduced] if divisor > 1 else reduced
        pivots.append(c)
        r += 1
    return {c for i, c in enumerate(pivots) if sum(1 for v in matrix[i] if v != 0) == 1}


def complementary(table: Table) -> None:
    """Hide the fewest-looking extra figures (smallest published member first) until nothing
    hidden can be recovered."""
    if all(f.published for f in table.figures.values()):
        return  # nothing hidden, nothing to protect
    equations = table.equations()  # statuses change below; which cells a total sums does not
    while exposed := recoverable(table, equations):
        key = min(exposed, key=str)
        for total, members in equations:
            involved = [total, *members]
            if any(f.key == key for f in involved):
                candidates = [f for f in members if f.published] or [f for f in involved if f.published]
                if candidates:
                    pick = min(candidates, key=lambda f: (f.value if f.value is not None else Decimal(0), str(f.key)))
                    pick.status = SECONDARY
                    pick.reason = "hidden so that another hidden figure cannot be worked out"
                    break
        else:  # no published figure beside it: publishing nothing is always safe
            for figure in table.figures.values():
                if figure.published:
                    figure.status = SECONDARY
                    figure.reason = "hidden so that another hidden figure cannot be worked out"


def protect(table: Table, rules: Rules, *, sensitive: bool, additive: bool) -> Table:
    primary(table, rules, sensitive=sensitive)
    if additive:
        complementary(table)
    for figure in table.figures.values():
        if not figure.published:
            figure.value = None
    return table


def visible_observations_sql(viewer_org: object, viewer_coalitions: Iterable[object], args: list[object]) -> str:
    """SQL over `o` (metrics.observations): what a viewer may see. Private values stay with their
    organisation; coalition values reach only the coalition's members; public values anyone."""
    args.append(list(viewer_coalitions))
    coalitions = f"${len(args)}::uuid[]"
    clause = f"(o.visibility = 'public' OR (o.visibility = 'coalition' AND o.coalition_id = ANY({coalitions}))"
    if viewer_org is not None:
        args.append(viewer_org)
        clause += f" OR o.organisation_id = ${len(args)}::uuid"
    return clause + ")"


def visible_scopes(viewer_coalitions: Iterable[object]) -> list[str]:
    """The roll-up scopes (see repository/rollups.py) a viewer may see: public values and the
    coalition values of the coalitions they are an active member of. A viewer's own private
    values are never rolled up; readers add them from the observations."""
    return ["public", *sorted(str(c) for c in viewer_coalitions)]
