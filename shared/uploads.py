"""Endpoints that take a file (CSV or JSON) as the raw request body."""

from typing import Any

from pydantic import BaseModel, TypeAdapter

from shared.errors import InvalidInput


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
