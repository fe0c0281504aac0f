"""Disclosure control, checked by hand on small tables and by hypothesis on random ones: no
hidden figure may follow from the published figures and totals."""

from decimal import Decimal
from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from services.metrics.privacy import FREE, PRIMARY, SECONDARY, Figure, Rules, Table, protect


def table_2d(values: list[list[int]], contributors: list[list[int]]) -> Table:
    """Cells (r, c) with row totals (r, None), column totals (None, c) and the grand total."""
    table = Table(["row", "col"])
    rows, cols = len(values), len(values[0])
    for r, c in product(range(rows), range(cols)):
        table.figures[(str(r), str(c))] = Figure((str(r), str(c)), Decimal(values[r][c]), contributors[r][c])
    for r in range(rows):
        table.figures[(str(r), None)] = Figure((str(r), None), Decimal(sum(values[r])), max(contributors[r]) + 2)
    for c in range(cols):
        column = [values[r][c] for r in range(rows)]
        table.figures[(None, str(c))] = Figure((None, str(c)), Decimal(sum(column)), 10)
    table.figures[(None, None)] = Figure((None, None), Decimal(sum(map(sum, values))), 10)
    return table


def recoverable_by_rank(table: Table) -> set:
    """An independent check (floating-point rank): a hidden figure is recoverable when adding its
    unit vector to the published equations does not raise their rank."""
    hidden = [k for k, f in table.figures.items() if f.status != FREE]
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    for total in table.totals():
        row = np.zeros(len(hidden))
        for figure, sign in [(total, -1.0), *((m, 1.0) for m in table.members(total))]:
            if figure.key in index:
                row[index[figure.key]] += sign
        rows.append(row)
    if not hidden:
        return set()
    matrix = np.array(rows) if rows else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(matrix) if len(rows) else 0
    found = set()
    for key, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


def test_each_total_sums_the_cells_its_key_selects() -> None:
    table = table_2d([[1, 2], [3, 4], [5, 6]], [[5, 5], [5, 5], [5, 5]])

    equations = table.equations()
    assert [total.key for total, _ in equations] == [t.key for t in table.totals()]
    assert all(cells == table.members(total) for total, cells in equations)
    assert {c.key for c in dict((t.key, c) for t, c in equations)[("1", None)]} == {("1", "0"), ("1", "1")}


def test_a_cell_with_two_contributors_is_hidden_with_a_partner() -> None:
    table = protect(table_2d([[10, 20], [30, 40]], [[2, 5], [5, 5]]), Rules(), sensitive=False, additive=True)

    assert table.figures[("0", "0")].status == PRIMARY and table.figures[("0", "0")].value is None
    hidden_partners = [f for f in table.figures.values() if f.status == SECONDARY]
    assert hidden_partners  # row 0 and column 0 totals would give it away otherwise
    assert recoverable_by_rank(table) == set()


def test_small_sensitive_counts_are_hidden_only_when_sensitive() -> None:
    values, contributors = [[3, 20, 25]], [[4, 4, 4]]
    sensitive = protect(table_2d(values, contributors), Rules(), sensitive=True, additive=True)
    normal = protect(table_2d(values, contributors), Rules(), sensitive=False, additive=True)

    assert sensitive.figures[("0", "0")].status == PRIMARY
    assert "could identify" in sensitive.figures[("0", "0")].reason
    assert all(f.status == FREE for f in normal.figures.values())


def test_non_additive_tables_need_no_complementary_suppression() -> None:
    table = protect(table_2d([[10, 20], [30, 40]], [[2, 5], [5, 5]]), Rules(), sensitive=False, additive=False)

    assert [f.status for f in table.figures.values()].count(PRIMARY) == 1
    assert SECONDARY not in {f.status for f in table.figures.values()}


def test_thresholds_are_settings() -> None:
    table = protect(table_2d([[10, 20]], [[4, 4]]), Rules(min_contributors=5), sensitive=False, additive=True)

    assert table.figures[("0", "0")].status == PRIMARY


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.tuples(
            st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=rows, max_size=rows),
            st.lists(st.lists(st.integers(1, 6), min_size=cols, max_size=cols), min_size=rows, max_size=rows),
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables, st.booleans())
def test_no_hidden_figure_can_be_worked_out(data: tuple, sensitive: bool) -> None:
    values, contributors = data
    table = protect(table_2d(values, contributors), Rules(), sensitive=sensitive, additive=True)

    assert recoverable_by_rank(table) == set()
    for figure in table.figures.values():
        assert (figure.value is None) == (figure.status != FREE)
        if figure.contributors < 3:
            assert figure.status == PRIMARY
