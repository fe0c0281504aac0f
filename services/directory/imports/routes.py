import uuid

from fastapi import APIRouter, Request, Response, status

from services.directory.imports import service
from services.directory.imports.schemas import ImportCounts, ImportProgress, ImportRead
from services.directory.models.imports import ImportRun
from shared.auth import PLATFORM_ADMIN, Caller, access
from shared.db import UoW
from shared.uploads import media_format, with_body

router = APIRouter(prefix="/v1/directory", tags=["directory: import and export"])


def _read(run: ImportRun) -> ImportRead:
    return ImportRead(
        id=run.id,
        status=run.status,
        format=run.format,
        progress=ImportProgress(stage=run.stage, percent=run.percent),
        counts=ImportCounts(
            rows_total=run.rows_total,
            created=run.created,
            updated=run.updated,
            unchanged=run.unchanged,
            failed=run.failed,
        ),
        errors=run.errors,
        error=run.error,
        created_at=run.created_at,
        finished_at=run.finished_at,
    )


@router.post(
    "/imports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImportRead,
    summary="Import organisations from a CSV or JSON file (runs as a job; upserts by external_id)",
    description='JSON: a list of organisations (or `{"organisations": [...]}`). CSV: one organisation a row. '
    "The fields an export adds (id, demo, version, created_at, updated_at) are ignored, so an export imports back.",
    **with_body(
        access(PLATFORM_ADMIN),
        item=service.ImportRow,
        csv_notes="List fields (countries, forms, ...) separated by `;`; an empty cell is no value.",
    ),
)
async def create_import(request: Request, uow: UoW, caller: Caller, response: Response) -> ImportRead:
    fmt = media_format(request.headers.get("content-type"))
    run = await service.create(uow, request.app.state.jobs, caller, fmt, await request.body())
    response.headers["Location"] = f"/v1/directory/imports/{run.id}"
    return _read(run)


@router.get(
    "/imports/{import_id}",
    response_model=ImportRead,
    summary="Progress and report of an import",
    **access(PLATFORM_ADMIN),
)
async def get_import(import_id: uuid.UUID, uow: UoW) -> ImportRead:
    return _read(await service.get(uow.session, import_id))
