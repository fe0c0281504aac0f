"""Aggregates as files (CSV, JSON, SDMX-CSV) and the SDMX structure describing them at stable
URLs, laid out as the SDMX REST API lays out structure queries
(`/{artefact type}/{agency}/{id}/{version}`), as SDMX-ML 2.1 or 3.0 (Accept)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from services.metrics.aggregates.routes import PUBLIC_OR_COALITION_VIEW, Params, compute
from services.metrics.aggregates.schemas import AggregatesRead
from services.metrics.exports import sdmx
from services.metrics.exports import service as exports
from shared.auth import PUBLIC, Caller, access
from shared.db import UoW
from shared.openapi import documents, problems

router = APIRouter(prefix="/v1/metrics", tags=["metrics: collective impact"])


@router.get(
    "/exports/aggregates.csv",
    summary="Aggregates as CSV",
    response_class=PlainTextResponse,
    responses=documents("text/csv") | problems(403),
    **access(PUBLIC_OR_COALITION_VIEW),
)
async def export_csv(uow: UoW, request: Request, caller: Caller, q: Params) -> PlainTextResponse:
    result = await compute(uow, request, caller, q)
    return PlainTextResponse(exports.as_csv(result), media_type="text/csv; charset=utf-8")


@router.get(
    "/exports/aggregates.json",
    summary="Aggregates as JSON",
    response_model=AggregatesRead,
    responses=problems(403),
    **access(PUBLIC_OR_COALITION_VIEW),
)
async def export_json(uow: UoW, request: Request, caller: Caller, q: Params) -> JSONResponse:
    return JSONResponse(await compute(uow, request, caller, q))


SDMX_CSV = ["application/vnd.sdmx.data+csv;version=1.0.0", "application/vnd.sdmx.data+csv;version=2.0.0"]


@router.get(
    "/exports/aggregates.sdmx.csv",
    summary="Aggregates as SDMX-CSV 1.0, or 2.0 (Accept), of the dataflow COALITION_HUB:IMPACT(1.0)",
    description="Every dimension of the dataflow is a column of every file: a dimension the table is not broken "
    "down by holds the query's filter or `_T` (all). Each figure needs a time period and one area: give one "
    "`period` or `by=period` (totals over every period are left out), and at most one `region`. OBS_CONF "
    "carries the disclosure status. The structure: `Link` header, rel=describedby.",
    response_class=PlainTextResponse,
    responses=documents(*SDMX_CSV) | problems(403),
    **access(PUBLIC_OR_COALITION_VIEW),
)
async def export_sdmx(uow: UoW, request: Request, caller: Caller, q: Params) -> PlainTextResponse:
    exports.sdmx_check(by=q.terms, regions=q.region, periods=q.period)
    result = await compute(uow, request, caller, q)
    figures = exports.sdmx_rows(result, countries=[c.upper() for c in q.country], regions=q.region, periods=q.period)
    media = sdmx.negotiate(request.headers.get("accept"), SDMX_CSV)
    return PlainTextResponse(
        exports.as_sdmx_csv(figures, media.rsplit("=", 1)[1]),
        media_type=media,
        headers={"Link": f'<{sdmx.DATAFLOW_URL}>; rel="describedby"'},
    )


STRUCTURE_RESPONSES = documents(*sdmx.STRUCTURE_FORMATS, description="The SDMX-ML structure message")


async def _message(uow: UoW, request: Request, artefact: str, codelist: str | None = None) -> Response:
    media = sdmx.negotiate(request.headers.get("accept"), list(sdmx.STRUCTURE_FORMATS))
    body = await sdmx.message(uow.session, request.app.state.directory, artefact, media, codelist)
    return Response(body, media_type=media)


@router.get(
    "/sdmx/dataflow/COALITION_HUB/IMPACT/1.0",
    summary="The dataflow of the SDMX exports, with its structure and codelists",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def dataflow(uow: UoW, request: Request) -> Response:
    return await _message(uow, request, "dataflow")


@router.get(
    "/sdmx/datastructure/COALITION_HUB/DSD_IMPACT/1.0",
    summary="The data structure definition of the SDMX exports, with its codelists",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def datastructure(uow: UoW, request: Request) -> Response:
    return await _message(uow, request, "datastructure")


@router.get(
    "/sdmx/codelist/COALITION_HUB/{codelist_id}/1.0",
    summary="One codelist of the SDMX exports (CL_INDICATOR, CL_AREA, CL_UNIT, CL_OBS_CONF, CL_SEX, ...)",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def codelist(uow: UoW, request: Request, codelist_id: Annotated[str, Path(max_length=64)]) -> Response:
    return await _message(uow, request, "codelist", codelist_id)
