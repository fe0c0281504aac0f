"""Endpoints that take a file (CSV or JSON) as the raw request body."""

from typing import Any

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


def with_body(route: dict[str, Any]) -> dict[str, Any]:
    """Document the file body (read raw, so FastAPI cannot describe it)."""
    body = {"content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "array"}}}}
    return {**route, "openapi_extra": {**route["openapi_extra"], "requestBody": body}}
