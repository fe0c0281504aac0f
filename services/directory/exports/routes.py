from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from services.directory.exports import service
from shared.auth import PUBLIC, access
from shared.openapi import documents

router = APIRouter(prefix="/v1/directory/exports", tags=["directory: import and export"])


def _stream(
    request: Request,
    render: Callable[[AsyncIterator[dict[str, Any]]], AsyncIterator[str]],
    media_type: str,
    filename: str,
) -> StreamingResponse:
    rows = service.organisations(request.app.state.sessionmaker)
    return StreamingResponse(
        render(rows), media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get(
    "/organisations.csv",
    summary="Every organisation as CSV (imports back as is)",
    response_class=StreamingResponse,
    responses=documents("text/csv"),
    **access(PUBLIC),
)
async def export_csv(request: Request) -> StreamingResponse:
    return _stream(request, service.as_csv, "text/csv; charset=utf-8", "organisations.csv")


@router.get(
    "/organisations.json",
    summary="Every organisation as JSON",
    response_class=StreamingResponse,
    responses=documents(
        "application/json",
        description="An array of organisations",
        json_schema={"type": "array", "items": {"type": "object"}},
    ),
    **access(PUBLIC),
)
async def export_json(request: Request) -> StreamingResponse:
    return _stream(request, service.as_json, "application/json", "organisations.json")


@router.get(
    "/hsds.json",
    summary="Every organisation in the Open Referral HSDS 3.0 shape",
    response_class=StreamingResponse,
    responses=documents("application/json", description="An HSDS 3.0 document"),
    **access(PUBLIC),
)
async def export_hsds(request: Request) -> StreamingResponse:
    return _stream(request, service.as_hsds, "application/json", "hsds.json")
