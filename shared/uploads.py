"""Endpoints that take a file (CSV or JSON) as the raw request body, and what both importers
(directory imports, observation batches) say about the same faults of a file, in the same words."""

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from shared.errors import InvalidInput

NAMED_TWICE = "a column is named twice"
EXTRA_CELLS = "more cells than the header has columns"
NOT_JSON_NUMBER = "NaN and Infinity are not JSON numbers (RFC 8259)"
FIELD_TWICE = "named twice in one object"


class UnreadableFile(ValueError):
    """A file that cannot be read as a whole, or of which some rows cannot; `errors` say where
    (`row` 0: the file itself), as both importers report them."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"row {e['row']}: {e['field']}: {e['reason']}" for e in errors[:10]))
        self.errors = errors


class _Fault:
    """Where a JSON file holds what a reader must not take silently (see `load_json`)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):  # the last value would win: mark the name instead
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                found[name] = _Fault(FIELD_TWICE)
            seen.add(name)
    return found


def load_json(content: bytes | str) -> Any:
    """JSON as RFC 8259 has it. Python's reader also takes NaN, Infinity and -Infinity, and keeps
    the last of a name given twice in one object; here each stands in the value as a fault that
    `json_faults` finds, so a reader names the row and field instead of reading a value the file
    does not hold. Raises ValueError (or RecursionError) for text that is not JSON at all."""
    return json.loads(content, parse_constant=lambda _: _Fault(NOT_JSON_NUMBER), object_pairs_hook=_object)


def json_faults(value: Any, root: str = "body") -> list[tuple[str, str]]:
    """(field, reason) of every fault `load_json` left in a value ('a.0.b'), walked without
    recursion, so no nesting depth can stop it."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, _Fault):
            found.append((where or root, node.reason))
        elif isinstance(node, dict):
            stack += [(f"{where}.{k}" if where else str(k), item) for k, item in reversed(node.items())]
        elif isinstance(node, list):
            stack += [(f"{where}.{i}" if where else str(i), item) for i, item in reversed(list(enumerate(node)))]
    return found


def media_format(content_type: str | None) -> str:
    """'csv' or 'json' from the Content-Type; 415-like problems are answered as 422 naming the header."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        return "csv"
    if kind == "application/json":
        return "json"
    raise InvalidInput(
        "Send the file as text/csv or application/json.",
        errors=[{"field": "content-type", "reason": f"{kind or 'none'} is not text/csv or application/json"}],
    )


def with_body(route: dict[str, Any], *, item: type[BaseModel], csv_notes: str) -> dict[str, Any]:
    """Document the file body (read raw, so FastAPI cannot describe it): JSON as an array of
    `item`, CSV as text whose columns are the fields of `item` (a generator reads the columns
    from the description)."""
    columns = list(item.model_fields)
    required = [name for name, field in item.model_fields.items() if field.is_required()]
    schema = TypeAdapter(item).json_schema()
    assert "$defs" not in schema, f"{item.__name__} must be flat to be inlined in the request body"
    csv_text = {
        "type": "string",
        "description": f"UTF-8 CSV with a header row. Columns: {', '.join(columns)}; required: "
        f"{', '.join(required)}. {csv_notes}",
        "example": ",".join(required) + "\n",
    }
    body = {
        "required": True,
        "content": {
            "text/csv": {"schema": csv_text},
            "application/json": {"schema": {"type": "array", "items": schema}},
        },
    }
    return {**route, "openapi_extra": {**route["openapi_extra"], "requestBody": body}}
