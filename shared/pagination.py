"""Every collection answers one way: `{items, next_cursor}`, at most `limit` items (1 to 500),
the next page asked for with `cursor=<next_cursor>` until it is null.

A cursor is opaque to clients but not to an attacker, who can forge one: each kind is decoded
here, in one place, and every value it holds is checked for type and range before it reaches a
query, so that a forged cursor is a 422 on `cursor`, never a database error."""

import base64
import json
import math
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from shared.errors import InvalidInput
from shared.fields import has_surrogate

T = TypeVar("T")

MAX_PAGE_SIZE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=1000, description="`next_cursor` of the page before")]
# Past any list read whole, and small enough that an offset plus a page stays an integer the
# database takes (a SQL LIMIT, for partner matches).
MAX_OFFSET = 2**31 - 1
_OFFSET = re.compile(r"o:([0-9]{1,10})")
# What decoding a forged cursor may raise (binascii.Error, UnicodeDecodeError and
# json.JSONDecodeError are ValueErrors; OverflowError from a number or a time out of range).
CURSOR_ERRORS = (ValueError, TypeError, KeyError, OverflowError, RecursionError)


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def malformed_cursor(reason: str = "malformed") -> InvalidInput:
    return InvalidInput("The cursor is not one this list gave out.", errors=[{"field": "cursor", "reason": reason}])


def _decoded(cursor: str) -> bytes:
    return base64.urlsafe_b64decode(cursor.encode() + b"==")


def offset_of(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        if (found := _OFFSET.fullmatch(_decoded(cursor).decode())) and int(found[1]) <= MAX_OFFSET:
            return int(found[1])
    except CURSOR_ERRORS:
        pass
    raise malformed_cursor()


def page_of(items: Sequence[T], cursor: str | None, limit: int) -> Page[T]:
    """A page of a collection the service reads whole (a small one: an organisation's keys, a
    coalition's members), in the order given; the cursor is opaque."""
    start = offset_of(cursor)
    end = start + limit
    following = base64.urlsafe_b64encode(f"o:{end}".encode()).decode().rstrip("=") if end < len(items) else None
    return Page(items=list(items[start:end]), next_cursor=following)


# The parts of a sort key, each read from its JSON form: ValueError for what no list writes.
KeyPart = Callable[[object], Any]


def text_part(value: object) -> str:
    """Text PostgreSQL can compare: no NUL character, no lone surrogate."""
    if not isinstance(value, str) or "\x00" in value or has_surrogate(value):
        raise ValueError("not text")
    return value


def uuid_part(value: object) -> uuid.UUID:
    if not isinstance(value, str):
        raise ValueError("not a uuid")
    return uuid.UUID(value)


def number_part(value: object) -> float:
    """A finite float8 (a rank)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(number := float(value)):
        raise ValueError("not a finite number")
    return number


def time_part(value: object) -> datetime:
    """An ISO 8601 time with its offset, within years 1 to 9999 in UTC (so within PostgreSQL's
    timestamptz, and what the driver can send)."""
    if not isinstance(value, str):
        raise ValueError("not a time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without its offset")
    return moment.astimezone(UTC)  # OverflowError beyond year 1 or 9999


def cursor_json(cursor: str) -> Any:
    """The JSON value a cursor encodes (raises one of CURSOR_ERRORS)."""
    return json.loads(_decoded(cursor))


def sort_key(values: object, parts: Sequence[KeyPart]) -> tuple[Any, ...]:
    """A sort key read from its JSON list, each value by its part (raises one of CURSOR_ERRORS)."""
    if not isinstance(values, list) or len(values) != len(parts):
        raise ValueError("not a sort key")
    return tuple(part(value) for part, value in zip(parts, values, strict=True))


def keyset_cursor(*values: object) -> str:
    """An opaque cursor for a page ordered by `values` (the last item's sort key)."""
    return base64.urlsafe_b64encode(json.dumps([str(v) for v in values]).encode()).decode().rstrip("=")


def keyset_values(cursor: str | None, *parts: KeyPart) -> tuple[Any, ...] | None:
    """The sort key a `keyset_cursor` holds, each value read by its part (`text_part`,
    `uuid_part`, `time_part`…); 422 for a cursor this list did not give out."""
    if cursor is None:
        return None
    try:
        return sort_key(cursor_json(cursor), parts)
    except CURSOR_ERRORS as exc:
        raise malformed_cursor() from exc
