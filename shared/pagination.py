"""Every collection answers one way: `{items, next_cursor}`, at most `limit` items (1 to 500),
the next page asked for with `cursor=<next_cursor>` until it is null."""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from shared.errors import InvalidInput

T = TypeVar("T")

MAX_PAGE_SIZE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=1000, description="`next_cursor` of the page before")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def offset_of(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode() + b"==").decode().partition(":")
        if kind == "o" and number.isdigit():
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidInput("The cursor is not one this list gave out.", errors=[{"field": "cursor", "reason": "malformed"}])


def page_of(items: Sequence[T], cursor: str | None, limit: int) -> Page[T]:
    """A page of a collection the service reads whole (a small one: an organisation's keys, a
    coalition's members), in the order given; the cursor is opaque."""
    start = offset_of(cursor)
    end = start + limit
    following = base64.urlsafe_b64encode(f"o:{end}".encode()).decode().rstrip("=") if end < len(items) else None
    return Page(items=list(items[start:end]), next_cursor=following)


def keyset_cursor(*values: object) -> str:
    """An opaque cursor for a page ordered by `values` (the last item's sort key)."""
    return base64.urlsafe_b64encode(json.dumps([str(v) for v in values]).encode()).decode().rstrip("=")


def keyset_values(cursor: str | None, count: int) -> list[str] | None:
    """The sort key a `keyset_cursor` holds; 422 for a cursor this list did not give out."""
    if cursor is None:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=="))
        if isinstance(values, list) and len(values) == count and all(isinstance(v, str) for v in values):
            return values
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidInput("The cursor is not one this list gave out.", errors=[{"field": "cursor", "reason": "malformed"}])
