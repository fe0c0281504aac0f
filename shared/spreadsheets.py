"""CSV cells that a spreadsheet opens as text, never as a formula (OWASP, "CSV Injection").

A text cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed, or with
one of `= + - @` after leading white space (which spreadsheets strip), is written with a single
quote in front. A cell that already starts with a quote before such a character gets one more,
so `restore` gives every value back exactly: a CSV export imports back as it was. Numbers are
written as numbers (a negative value stays a number)."""

import csv
from collections.abc import Iterable, Mapping
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"


def _live(text: str) -> bool:
    """Would a spreadsheet take `text`, as written, for a formula (or would `restore` misread it)?"""
    return (
        text.startswith(TRIGGERS)
        or text.lstrip().startswith(TRIGGERS[:4])
        or (text.startswith(QUOTE) and _live(text[1:]))
    )


def neutralise(value: Any) -> Any:
    """The cell to write for `value`: text that could run as a formula gets a leading quote."""
    if isinstance(value, str) and _live(value):
        return QUOTE + value
    return value


def restore(cell: str) -> str:
    """The value a cell written by `neutralise` stood for."""
    return cell[1:] if cell.startswith(QUOTE) and _live(cell[1:]) else cell


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every cell goes through `neutralise`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: neutralise(v) for k, v in rowdict.items()})


class Writer:
    """`csv.writer` whose every cell goes through `neutralise`."""

    def __init__(self, buffer: Any, **options: Any) -> None:
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])
