from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")

MAX_PAGE_SIZE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
