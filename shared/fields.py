"""Field types the services' request models share, each checked the same way everywhere."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime

from shared import glyphs, periods


def _iso3(value: str) -> str:
    # Spaces around it are ignored, as around every field of a batch file; tabs and other
    # blanks are not, there or here.
    value = value.strip(" ").upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-3 code")
    return value


def _period(value: str) -> str:
    periods.bounds(value)
    return value


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
        raise ValueError("must fall within years 1 to 9999 in UTC") from None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    return _shown(value)


def _shown(value: str) -> str:
    problem = glyphs.shown_text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def refuse_null(value: Any) -> Any:
    """A field of a PATCH body that may be left out but has no null (`field_validator(...,
    mode="before")(refuse_null)`): null is refused, not taken as "unchanged"."""
    if value is None:
        raise ValueError("may be left out, not set to null")
    return value


# A required human-readable name or title (organisations, coalitions, accounts, keys,
# indicators): not blank once surrounding spaces are stripped, and read by others as it is
# (shared/glyphs.py: nothing invisible, no word mixing look-alike alphabets, no letter under a
# pile of marks). Its length goes before it, so
# that pydantic checks it as a string's, in `... | None` too:
# `Annotated[str, Field(min_length=2, max_length=300), NotBlank]`.
NotBlank = AfterValidator(_not_blank)
# Other short text shown to others (an acronym): read as it is, as a name.
Shown = AfterValidator(_shown)
# A country, as an ISO 3166-1 alpha-3 code (upper-cased).
Iso3 = Annotated[str, AfterValidator(_iso3)]
# A reporting period: `2024`, `2024-Q2` or `2024-05`.
Period = Annotated[str, AfterValidator(_period)]
# A time with its offset, taken in UTC: within years 1 to 9999 there, as PostgreSQL's
# timestamptz and the driver hold it (a time near either end with an offset may fall outside).
UtcTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]


# PostgreSQL cannot store the NUL character in text, nor a lone surrogate (`"\\ud800"` in JSON:
# half of a UTF-16 pair, which has no UTF-8 form). Requests are checked for both at the edge
# (shared/middleware.py); files, by the jobs that read them.
NUL_REASON = "text must not contain NUL characters (U+0000)"
SURROGATE_REASON = "text must not contain lone surrogates (U+D800 to U+DFFF)"


def _has_nul(text: str) -> bool:
    return "\x00" in text


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _fields_where(value: Any, bad: Callable[[str], bool], path: str, root: str) -> list[str]:
    """Where a decoded JSON value holds text that is `bad` ('a.0.b'); a bad key is its parent's.
    Walked without recursion, so no nesting depth can stop it."""
    found: list[str] = []
    stack = [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if bad(node):
                found.append(where or root)
        elif isinstance(node, dict):
            if any(bad(str(key)) for key in node):
                found.append(where or root)
            else:
                stack += [(f"{where}.{k}" if where else str(k), item) for k, item in reversed(node.items())]
        elif isinstance(node, list):
            stack += [(f"{where}.{i}" if where else str(i), item) for i, item in reversed(list(enumerate(node)))]
    return found


def nul_fields(value: Any, path: str = "", root: str = "body") -> list[str]:
    """Where a decoded JSON value holds a NUL character ('a.0.b'); a key's NUL is its parent's."""
    return _fields_where(value, _has_nul, path, root)


def surrogate_fields(value: Any, path: str = "", root: str = "body") -> list[str]:
    """Where a decoded JSON value holds a lone surrogate (a valid pair decodes to one character)."""
    return _fields_where(value, has_surrogate, path, root)
