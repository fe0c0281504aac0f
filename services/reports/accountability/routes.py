import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from services.reports.accountability import service, standing
from services.reports.accountability.schemas import (
    AssessmentRead,
    AssessmentWrite,
    CommitmentCreate,
    CommitmentRead,
    CommitmentUpdate,
    ConsolidationRead,
    ConsolidationWrite,
)
from services.reports.clients import DirectoryClient, MetricsClient
from services.reports.document import Milestone
from services.reports.models.accountability import Commitment
from shared.auth import COALITION_ADMIN, ORG_MEMBER, ORG_OWN_MEMBER, PUBLIC, Caller, ObjectRule, access
from shared.db import UoW
from shared.identity import Identity
from shared.openapi import also
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, PutIfMatch, check_if_match, content_etag

router = APIRouter(prefix="/v1/reports", tags=["reports: commitments and assessments"])
Country = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3", examples=["NPL"])]


def _directory(request: Request) -> DirectoryClient:
    return DirectoryClient(request.app.state.clients["directory"])


def _metrics(request: Request) -> MetricsClient:
    return MetricsClient(request.app.state.clients["metrics"])


async def _path_country(iso3: Country) -> str:
    return iso3.upper()


async def _commitment_country(commitment_id: uuid.UUID, uow: UoW) -> str:
    """The country of the commitment (404 for an unknown or removed one)."""
    return (await service.get_commitment(uow.session, commitment_id)).country


async def _commitment_row(commitment_id: uuid.UUID, uow: UoW) -> Commitment:
    """The commitment (404 for an unknown or removed one)."""
    return await service.get_commitment(uow.session, commitment_id)


async def _edits(identity: Identity, commitment: Commitment, request: Request) -> bool:
    return await service.edits(_directory(request), identity, commitment)


async def _administers_in(identity: Identity, country: str, request: Request) -> bool:
    return await standing.administers_in(_directory(request), identity, country)


async def _takes_part_in(identity: Identity, country: str, request: Request) -> bool:
    return await standing.takes_part_in(_directory(request), identity, country)


async def _path_coalition(coalition_id: uuid.UUID) -> uuid.UUID:
    return coalition_id


async def _in_coalition(identity: Identity, coalition_id: uuid.UUID, request: Request) -> bool:
    return await standing.in_coalition(_directory(request), identity, coalition_id)


# A country's roadmap is added to by the admins of a coalition active there (and platform admins),
# each commitment edited by the admins of the coalition that entered it (and platform admins);
# its assessments are seen by those coalitions' admins and active member organisations, each
# reading those of the organisations of its own coalitions (`standing.circle`); a coalition's
# rating by its admins and active member organisations.
ROADMAP_EDITORS = ObjectRule("country_coalition_admin", _path_country, _administers_in)
COMMITMENT_EDITORS = ObjectRule("commitment_coalition_admin", _commitment_row, _edits)
COMMITMENT_READERS = ObjectRule("country_coalition_member", _commitment_country, _takes_part_in)
RATING_READERS = ObjectRule("coalition_member", _path_coalition, _in_coalition)


def _commitment(c: Commitment) -> CommitmentRead:
    return CommitmentRead.model_validate(c, from_attributes=True)


@router.post(
    "/countries/{iso3}/commitments",
    status_code=status.HTTP_201_CREATED,
    response_model=CommitmentRead,
    summary="Add a commitment to a country's roadmap (admins of a coalition active there)",
    **access(ROADMAP_EDITORS),
)
async def create_commitment(
    iso3: Country, body: CommitmentCreate, uow: UoW, caller: Caller, request: Request, response: Response
) -> CommitmentRead:
    commitment = await service.create_commitment(
        uow.session, _directory(request), _metrics(request), caller, iso3.upper(), body
    )
    response.headers["Location"] = f"/v1/reports/commitments/{commitment.id}"
    return _commitment(commitment)


@router.get(
    "/countries/{iso3}/commitments",
    response_model=Page[CommitmentRead],
    summary="A country's roadmap commitments, in milestone order",
    **access(PUBLIC),
)
async def list_commitments(
    iso3: Country,
    uow: UoW,
    milestone: Annotated[list[Milestone], Query()] = [],  # noqa: B006
    cursor: uuid.UUID | None = None,
    limit: Limit = 100,
) -> Page[CommitmentRead]:
    rows, next_cursor = await service.list_commitments(uow.session, iso3.upper(), milestone, cursor, limit)
    return Page(items=[_commitment(c) for c in rows], next_cursor=next_cursor)


@router.get("/commitments/{commitment_id}", response_model=CommitmentRead, summary="One commitment", **access(PUBLIC))
async def get_commitment(commitment_id: uuid.UUID, uow: UoW, response: Response) -> CommitmentRead:
    read = _commitment(await service.get_commitment(uow.session, commitment_id))
    response.headers["ETag"] = content_etag(read)
    return read


async def _check_commitment(uow: UoW, commitment_id: uuid.UUID, if_match: str) -> None:
    """The commitment stays locked until the change commits, so no one changes it in between."""
    current = await service.get_commitment(uow.session, commitment_id, for_update=True)
    check_if_match(if_match, content_etag(_commitment(current)), what="commitment")


@router.patch(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    summary="Edit a commitment (admins of the coalition that entered it)",
    **access(COMMITMENT_EDITORS),
)
async def update_commitment(
    commitment_id: uuid.UUID,
    body: CommitmentUpdate,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: IfMatch,
) -> CommitmentRead:
    await _check_commitment(uow, commitment_id, if_match)
    commitment = await service.update_commitment(uow.session, _metrics(request), caller, commitment_id, body)
    read = _commitment(commitment)
    response.headers["ETag"] = content_etag(read)
    return read


@router.delete(
    "/commitments/{commitment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a commitment (admins of the coalition that entered it)",
    **access(COMMITMENT_EDITORS),
)
async def delete_commitment(
    commitment_id: uuid.UUID, uow: UoW, caller: Caller, request: Request, if_match: IfMatch
) -> None:
    await _check_commitment(uow, commitment_id, if_match)
    await service.delete_commitment(uow.session, caller, commitment_id)


@router.put(
    "/commitments/{commitment_id}/assessments/{org_id}",
    response_model=AssessmentRead,
    summary="Assess a commitment for your organisation (201 new, 200 revised)",
    responses=also(AssessmentRead, **{"201": "A new assessment"}),
    **access(ORG_OWN_MEMBER),
)
async def assess_commitment(
    commitment_id: uuid.UUID,
    org_id: uuid.UUID,
    body: AssessmentWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> AssessmentRead:
    assessment, created = await service.assess(
        uow.session, _directory(request), caller, commitment_id, org_id, body, if_match
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["ETag"] = service.assessment_etag(assessment)
    return service.assessment_read(assessment)


@router.get(
    "/commitments/{commitment_id}/assessments/{org_id}",
    response_model=AssessmentRead,
    summary="Your organisation's assessment of a commitment",
    **access(ORG_MEMBER),  # platform admins read every assessment, as in the list
)
async def get_own_assessment(
    commitment_id: uuid.UUID, org_id: uuid.UUID, uow: UoW, response: Response
) -> AssessmentRead:
    found = await service.own_assessment(uow.session, commitment_id, org_id)
    response.headers["ETag"] = service.assessment_etag(found)
    return service.assessment_read(found)


@router.get(
    "/commitments/{commitment_id}/assessments",
    response_model=Page[AssessmentRead],
    summary="The assessments of a commitment by the organisations of the caller's coalitions in its country",
    **access(COMMITMENT_READERS),
)
async def list_assessments(
    commitment_id: uuid.UUID, uow: UoW, caller: Caller, request: Request, cursor: Cursor = None, limit: Limit = 100
) -> Page[AssessmentRead]:
    found = await service.assessments(uow.session, _directory(request), caller, commitment_id)
    return page_of([service.assessment_read(a) for a in found], cursor, limit)


@router.put(
    "/commitments/{commitment_id}/consolidations/{coalition_id}",
    response_model=ConsolidationRead,
    summary="The coalition's consolidated rating of a commitment (its admins)",
    **access(COALITION_ADMIN),
)
async def consolidate_rating(
    commitment_id: uuid.UUID,
    coalition_id: uuid.UUID,
    body: ConsolidationWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> ConsolidationRead:
    consolidation, found = await service.consolidate(
        uow.session, _directory(request), caller, commitment_id, coalition_id, body, if_match
    )
    response.headers["ETag"] = service.consolidation_etag(consolidation, found)
    return service.consolidation_read(consolidation, found)


@router.get(
    "/commitments/{commitment_id}/consolidations/{coalition_id}",
    response_model=ConsolidationRead,
    summary="A coalition's rating of a commitment, with its members' assessments and the dissent",
    **access(RATING_READERS),
)
async def get_consolidation(
    commitment_id: uuid.UUID, coalition_id: uuid.UUID, uow: UoW, caller: Caller, request: Request, response: Response
) -> ConsolidationRead:
    consolidation, found = await service.consolidation(uow.session, _directory(request), commitment_id, coalition_id)
    response.headers["ETag"] = service.consolidation_etag(consolidation, found)
    return service.consolidation_read(consolidation, found)
