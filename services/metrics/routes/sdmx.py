"""The SDMX structure of the aggregates at stable URLs, laid out as the SDMX REST API lays out
structure queries (`/{artefact type}/{agency}/{id}/{version}`), as SDMX-ML 2.1 or 3.0 (Accept)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from services.metrics.service import sdmx as service
from shared.auth import PUBLIC, access
from shared.db import UoW
from shared.openapi import documents

router = APIRouter(tags=["metrics: collective impact"])


STRUCTURE_RESPONSES = documents(*service.STRUCTURE_FORMATS, description="The SDMX-ML structure message")


async def _message(uow: UoW, request: Request, artefact: str, codelist: str | None = None) -> Response:
    media = service.negotiate(request.headers.get("accept"), list(service.STRUCTURE_FORMATS))
    body = await service.message(uow.session, request.app.state.directory, artefact, media, codelist)
    return Response(body, media_type=media)


@router.get(
    service.DATAFLOW_URL,
    summary="The dataflow of the SDMX exports, with its structure and codelists",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def dataflow(uow: UoW, request: Request) -> Response:
    return await _message(uow, request, "dataflow")


@router.get(
    service.DSD_URL,
    summary="The data structure definition of the SDMX exports, with its codelists",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def datastructure(uow: UoW, request: Request) -> Response:
    return await _message(uow, request, "datastructure")


@router.get(
    service.CODELIST_URL,
    summary="One codelist of the SDMX exports (CL_INDICATOR, CL_AREA, CL_UNIT, CL_OBS_CONF, CL_SEX, ...)",
    response_class=Response,
    responses=STRUCTURE_RESPONSES,
    **access(PUBLIC),
)
async def codelist(uow: UoW, request: Request, codelist_id: Annotated[str, Path(max_length=64)]) -> Response:
    return await _message(uow, request, "codelist", codelist_id)
