"""Reading a batch file before it is staged: its columns, its JSON records, and how many rows it
holds, counted as PostgreSQL's COPY reads them so that the staged rows can be checked against it.
Whatever runs over a whole CSV file here is a bytes operation (a million rows in tens of
milliseconds), never Python per row."""

import re
from typing import Any

from services.metrics.vocabularies import REASONS
from shared.fields import NUL_REASON, SURROGATE_REASON, nul_fields, surrogate_fields
from shared.uploads import NAMED_TWICE, UnreadableFile, json_faults, load_json

COLUMNS = (
    "indicator",
    "country",
    "subdivision",
    "period",
    "value",
    "weight",
    "disaggregation",
    "visibility",
    "coalition_id",
    "status",
    "method_note",
    "source",
)
REQUIRED = ("indicator", "country", "period", "value")
# COPY … CSV reads `\.` alone on a line (outside a quoted cell) as the end of the data and reads
# no further, without an error. Found by its bytes; whether it is in a quoted cell is decided by
# the quotes before it, and only where it occurs.
END_OF_DATA = re.compile(rb"\\\.(?<=[\r\n]\\\.)[\r\n]")
END_OF_DATA_REASON = (
    "a line holding only \\. (COPY would read it as the end of the data and drop the rows after it): "
    'remove it, or quote it ("\\.") if it is a value'
)
# A breakdown is staged as `key=term;key=term`: a JSON key or term holding these would be read as
# other pairs.
SEPARATORS = re.compile("[;=]")


def _line_end(content: bytes) -> bytes:
    """The line end COPY reads, from the first line: CR alone, or LF (after CR or not)."""
    cr = content.find(b"\r")
    if cr == -1 or content[cr + 1 : cr + 2] == b"\n":
        return b"\n"
    lf = content.find(b"\n", 0, cr)
    return b"\r" if lf == -1 else b"\n"


def csv_header(content: bytes) -> list[str]:
    end = content.find(_line_end(content))
    first = (content if end == -1 else content[:end]).decode("utf-8-sig", errors="replace").strip().strip("\r")
    names = [n.strip().strip('"').lower() for n in first.split(",")]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    errors = [{"row": 0, "field": "header", "reason": f"unknown column {n!r}"} for n in unknown]
    errors += [{"row": 0, "field": "header", "reason": f"missing column {n!r}"} for n in missing]
    if len(set(names)) != len(names):
        errors.append({"row": 0, "field": "header", "reason": NAMED_TWICE})
    if errors:
        raise UnreadableFile(errors)
    return names


def _lines(content: bytes) -> int:
    """Lines after the first, a last one without a line end included."""
    end = _line_end(content)
    ends = content.count(end) + (0 if not content or content.endswith(end) else 1)
    return max(ends - 1, 0)


def csv_rows(content: bytes) -> int:
    """The rows of a CSV file after its header, as COPY reads them: its line ends outside quoted
    cells (a quoted `""` opens and closes, so the text between pairs of quotes is outside)."""
    return _lines(b"".join(content.split(b'"')[::2]) if b'"' in content else content)


def read_in_full(content: bytes, staged: int) -> bool:
    """Whether COPY staged every row of the file. Most files have no line end in a quoted cell, so
    their lines are their rows; quotes are looked into only when the two differ."""
    return staged == _lines(content) or staged == csv_rows(content)


def end_of_data(content: bytes) -> int | None:
    """The row of the first line COPY would read as the end of the data, if any (numbered as COPY
    numbers rows in its errors: lines after the header)."""
    if b"\\" not in content:  # one byte: searched as fast as memory is read
        return None
    quotes, start = 0, 0
    for found in END_OF_DATA.finditer(content):
        quotes += content.count(b'"', start, found.start())
        start = found.start()
        if quotes % 2 == 0:
            return content.count(_line_end(content), 0, start)
    return None


def _breakdown_errors(line: int, breakdown: dict[str, Any]) -> list[dict[str, Any]]:
    """A JSON breakdown's keys and terms that would be read as other pairs once staged; the words
    are a single report's (no vocabulary holds ';' or '=')."""
    errors = []
    for key, term in breakdown.items():
        if SEPARATORS.search(key):
            reason = "not a breakdown (a breakdown's name holds no ';' or '=')"
            errors.append({"row": line, "field": f"disaggregation.{key}", "reason": reason})
        elif SEPARATORS.search(str(term)):
            errors.append({"row": line, "field": f"disaggregation.{key}", "reason": REASONS["term"].format(term=term)})
    return errors


# What each field of a JSON row may be (null aside): as `ObservationWrite` declares it, so a row
# reads as the single write would read it; the rest is text.
NUMBERS = ("value", "weight")
TYPE_REASONS = {
    "value": "a number, or a number as text",
    "disaggregation": "an object of breakdown terms (or key=term;key=term)",
}


def _typed(column: str, value: Any) -> bool:
    if value is None or isinstance(value, str):
        return True
    if column in NUMBERS:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return column == "disaggregation" and isinstance(value, dict)


def _record_errors(line: int, item: Any) -> list[dict[str, Any]]:
    if not isinstance(item, dict):
        return [{"row": line, "field": "row", "reason": "an object"}]
    errors = [{"row": line, "field": k, "reason": "unknown field"} for k in item if k not in COLUMNS]
    faults = json_faults(item, root="row")
    errors += [{"row": line, "field": f, "reason": r} for f, r in faults]
    named = {f for f, _ in faults}
    errors += [
        {"row": line, "field": k, "reason": TYPE_REASONS.get(k, TYPE_REASONS["value"] if k in NUMBERS else "text")}
        for k, v in item.items()
        if k in COLUMNS and k not in named and not _typed(k, v)
    ]
    errors += [{"row": line, "field": f, "reason": NUL_REASON} for f in nul_fields(item, root="row")]
    errors += [{"row": line, "field": f, "reason": SURROGATE_REASON} for f in surrogate_fields(item, root="row")]
    if isinstance(item.get("disaggregation"), dict):
        errors += _breakdown_errors(line, item["disaggregation"])
    return errors


def json_records(content: bytes) -> list[tuple[str | None, ...]]:
    try:
        data = load_json(content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise UnreadableFile([{"row": 0, "field": "body", "reason": f"not JSON: {exc}"}]) from exc
    if isinstance(data, dict):
        data = data.get("observations")
    if not isinstance(data, list):
        raise UnreadableFile(
            [{"row": 0, "field": "body", "reason": "a list of observations, or {'observations': [...]}"}]
        )
    records, errors = [], []
    for line, item in enumerate(data, start=1):
        errors += _record_errors(line, item)
        if errors:
            continue
        breakdown = item.get("disaggregation")
        if isinstance(breakdown, dict):
            item = {**item, "disaggregation": ";".join(f"{k}={v}" for k, v in breakdown.items())}
        records.append(tuple(None if item.get(c) is None else str(item[c]) for c in COLUMNS))
    if errors:
        raise UnreadableFile(errors)
    return records


def count_rows(fmt: str, content: bytes) -> int:
    """Rows in a file, as staging reads them (to choose between answering at once and a job)."""
    if fmt == "json":
        return len(json_records(content))
    return csv_rows(content)
