import uuid

from fastapi import APIRouter, Request, Response, status

from services.metrics.batches import service
from services.metrics.batches.schemas import BatchCounts, BatchRead
from services.metrics.models.batches import Batch
from services.metrics.observations.schemas import ObservationWrite
from services.metrics.vocabularies import BatchStatus
from shared.auth import ORG_OWN_MEMBER, Caller, access
from shared.db import UoW
from shared.openapi import also
from shared.uploads import media_format, with_body

router = APIRouter(prefix="/v1/metrics/organisations/{org_id}/observations", tags=["metrics: observations"])
CODES = {"applied": status.HTTP_201_CREATED, "queued": status.HTTP_202_ACCEPTED, "existing": status.HTTP_200_OK}


async def batch_organisation(org_id: uuid.UUID, batch_id: uuid.UUID, uow: UoW) -> uuid.UUID:
    """The organisation whose batch it is: only the path's (another's is not found)."""
    return (await service.get(uow.session, org_id, batch_id)).organisation_id


def _read(batch: Batch) -> BatchRead:
    return BatchRead(
        id=batch.id,
        status=BatchStatus(batch.status),
        atomic=service.ATOMIC,
        progress={"stage": batch.stage, "percent": batch.percent},
        counts=BatchCounts(
            rows=batch.rows,
            created=batch.created,
            updated=batch.updated,
            unchanged=batch.unchanged,
            errors=batch.error_count,
        ),
        errors=batch.errors,
        created_at=batch.created_at,
        finished_at=batch.finished_at,
    )


@router.post(
    "/batches",
    response_model=BatchRead,
    responses=also(BatchRead, **{"201": "Applied", "202": "Accepted, to be applied by a job"}),
    summary="Report many values from a CSV or JSON file, all or nothing",
    description=f"Up to {service.SYNC_ROWS:,} rows are applied at once (201); a larger file is applied by a job "
    "(202; follow Location). A file with any wrong row changes nothing and every problem is listed. Sending the "
    "same file again returns the same batch (200). CSV columns: indicator, country, period, value (required), "
    "subdivision, weight, disaggregation (`sex=female;age_group=child`), visibility, coalition_id, status, "
    "method_note, source. JSON: a list of the same fields (disaggregation as an object).",
    **with_body(
        access(ORG_OWN_MEMBER),
        item=ObservationWrite,
        csv_notes="disaggregation as `sex=female;age_group=child`; an empty cell is no value.",
    ),
)
async def submit_batch(org_id: uuid.UUID, request: Request, uow: UoW, caller: Caller, response: Response) -> BatchRead:
    fmt = media_format(request.headers.get("content-type"))
    batch, outcome = await service.submit(
        uow, request.app.state.directory, request.app.state.jobs, caller, org_id, fmt, await request.body()
    )
    response.status_code = CODES[outcome]
    response.headers["Location"] = f"/v1/metrics/organisations/{org_id}/observations/batches/{batch.id}"
    response.headers["X-Outcome"] = outcome
    return _read(batch)


@router.get(
    "/batches/{batch_id}",
    response_model=BatchRead,
    summary="Progress and report of a batch",
    **access(ORG_OWN_MEMBER.on(batch_organisation)),
)
async def get_batch(org_id: uuid.UUID, batch_id: uuid.UUID, uow: UoW) -> BatchRead:
    return _read(await service.get(uow.session, org_id, batch_id))
