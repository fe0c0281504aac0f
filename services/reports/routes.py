import uuid

from fastapi import APIRouter, Request, Response, status

from services.reports import service
from services.reports.clients import DirectoryClient
from services.reports.models import CountryBriefRun
from services.reports.schemas import CountryBriefCreate, CountryBriefRunRead, Progress
from shared.auth import AUTHENTICATED, PUBLIC, access
from shared.db import UoW

router = APIRouter(prefix="/v1/reports", tags=["reports: country briefs"])


def _read(run: CountryBriefRun) -> CountryBriefRunRead:
    return CountryBriefRunRead(
        id=run.id,
        country=run.country,
        status=run.status,
        progress=Progress(stage=run.stage, percent=run.percent),
        attempts=run.attempts,
        result=run.result,
        error=run.error,
        created_at=run.created_at,
        updated_at=run.updated_at,
        finished_at=run.finished_at,
    )


@router.post(
    "/country-briefs",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CountryBriefRunRead,
    summary="Request a country brief (runs as a job)",
    **access(AUTHENTICATED),
)
async def request_country_brief(
    body: CountryBriefCreate, uow: UoW, request: Request, response: Response
) -> CountryBriefRunRead:
    directory = DirectoryClient(request.app.state.clients["directory"])
    run = await service.request_country_brief(uow, directory, request.app.state.jobs, body.country)
    response.headers["Location"] = f"/v1/reports/country-briefs/{run.id}"
    return _read(run)


@router.get(
    "/country-briefs/{run_id}",
    response_model=CountryBriefRunRead,
    summary="Status and result of a brief",
    **access(PUBLIC),
)
async def get_country_brief(run_id: uuid.UUID, uow: UoW) -> CountryBriefRunRead:
    return _read(await service.get_run(uow.session, run_id))
