import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from services.metrics.jobs import ROLLUPS_REFRESH
from services.metrics.observations import service
from services.metrics.observations.schemas import ObservationRead, ObservationRevisionRead, ObservationWrite
from shared.auth import ORG_OWN_MEMBER, Caller, access
from shared.db import UoW
from shared.openapi import also
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import PutIfMatch

router = APIRouter(prefix="/v1/metrics/organisations/{org_id}", tags=["metrics: observations"])


async def observation_organisation(org_id: uuid.UUID, observation_id: uuid.UUID, uow: UoW) -> uuid.UUID:
    """The organisation whose observation it is: only the path's (another's is not found)."""
    return (await service.get(uow.session, org_id, observation_id)).organisation_id


@router.put(
    "/observations",
    response_model=ObservationRead,
    summary="Report a value (201 new, 200 revised or unchanged; every revision is kept)",
    responses=also(ObservationRead, **{"201": "A new value"}),
    **access(ORG_OWN_MEMBER),
)
async def report_observation(
    org_id: uuid.UUID,
    body: ObservationWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> ObservationRead:
    directory = request.app.state.directory
    observation, outcome = await service.upsert(uow.session, directory, caller, org_id, body, if_match)
    if outcome != "unchanged":
        uow.on_commit(lambda: request.app.state.jobs.enqueue(ROLLUPS_REFRESH))
    response.status_code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
    response.headers["X-Outcome"] = outcome
    response.headers["ETag"] = service.etag(observation)
    return service.read(observation)


@router.get(
    "/observations",
    response_model=Page[ObservationRead],
    summary="The organisation's own observations, all of them",
    **access(ORG_OWN_MEMBER),
)
async def list_observations(
    org_id: uuid.UUID,
    uow: UoW,
    indicator: Annotated[str | None, Query(max_length=64)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    cursor: uuid.UUID | None = None,
    limit: Limit = 100,
) -> Page[ObservationRead]:
    rows, next_cursor = await service.of_organisation(
        uow.session, org_id, indicator=indicator, country=country, cursor=cursor, limit=limit
    )
    return Page(items=[service.read(o) for o in rows], next_cursor=next_cursor)


@router.get(
    "/observations/{observation_id}/history",
    response_model=Page[ObservationRevisionRead],
    summary="Every revision of an observation, with who and when",
    **access(ORG_OWN_MEMBER.on(observation_organisation)),
)
async def observation_history(
    org_id: uuid.UUID, observation_id: uuid.UUID, uow: UoW, cursor: Cursor = None, limit: Limit = 100
) -> Page[ObservationRevisionRead]:
    revisions = await service.history(uow.session, org_id, observation_id)
    return page_of([ObservationRevisionRead.model_validate(r, from_attributes=True) for r in revisions], cursor, limit)
