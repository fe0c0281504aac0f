"""Field types the services' request models share, each checked the same way everywhere."""

import re
from typing import Annotated, Any

from pydantic import AfterValidator

from shared import periods


def _iso3(value: str) -> str:
    value = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("an ISO 3166-1 alpha-3 code such as 'NPL'")
    return value


def _period(value: str) -> str:
    periods.bounds(value)
    return value


# A country, as an ISO 3166-1 alpha-3 code (upper-cased).
Iso3 = Annotated[str, AfterValidator(_iso3)]
# A reporting period: `2024`, `2024-Q2` or `2024-05`.
Period = Annotated[str, AfterValidator(_period)]


# PostgreSQL cannot store the NUL character in text. Requests are checked for it at the edge
# (shared/middleware.py); files, by the jobs that read them.
NUL_REASON = "text must not contain NUL characters (U+0000)"


def nul_fields(value: Any, path: str = "", root: str = "body") -> list[str]:
    """Where a decoded JSON value holds a NUL character ('a.0.b'); a key's NUL is its parent's."""
    if isinstance(value, str):
        return [path or root] if "\x00" in value else []
    if isinstance(value, dict):
        if any("\x00" in str(key) for key in value):
            return [path or root]
        return [f for key, item in value.items() for f in nul_fields(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [f for i, item in enumerate(value) for f in nul_fields(item, f"{path}.{i}" if path else str(i))]
    return []
