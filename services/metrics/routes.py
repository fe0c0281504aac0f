from typing import Annotated

from fastapi import APIRouter, Query

from services.metrics import service
from services.metrics.schemas import IndicatorRead
from shared.auth import PUBLIC, access
from shared.db import UoW
from shared.pagination import Limit, Page

router = APIRouter(prefix="/v1/metrics", tags=["metrics: indicator catalogue"])


@router.get("/indicators", response_model=Page[IndicatorRead], summary="List the indicator catalogue", **access(PUBLIC))
async def list_indicators(
    uow: UoW, cursor: Annotated[str | None, Query(max_length=64)] = None, limit: Limit = 100
) -> Page[IndicatorRead]:
    indicators, next_cursor = await service.list_indicators(uow.session, cursor=cursor, limit=limit)
    return Page(
        items=[IndicatorRead.model_validate(i, from_attributes=True) for i in indicators], next_cursor=next_cursor
    )
