import csv
import io

import pytest

from shared import spreadsheets

VALUES = [
    "=1+2",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    " =1",
    "'=1",
    "''=1",
    "' =1",
    "'ok",
    "ok",
    "",
    "a=b",
]


@pytest.mark.parametrize("value", VALUES)
def test_a_cell_never_opens_as_a_formula_and_reads_back_as_written(value: str) -> None:
    buffer = io.StringIO()
    spreadsheets.Writer(buffer).writerow([value, -5, 2.5])
    cell, number, fraction = next(csv.reader(io.StringIO(buffer.getvalue())))

    assert not cell.lstrip().startswith(("=", "+", "-", "@")) and not cell.startswith(("\t", "\r", "\n"))
    assert spreadsheets.restore(cell) == value
    assert (number, fraction) == ("-5", "2.5")  # numbers stay numbers
