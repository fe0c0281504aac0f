import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from services.reports.authoring import service
from services.reports.authoring.schemas import ContentRead, ContentWrite
from services.reports.clients import DirectoryClient
from services.reports.document import Language
from services.reports.models.authoring import ReportContent
from shared.auth import COALITION_ADMIN, Caller, ObjectRule, access
from shared.db import UoW
from shared.fields import Period
from shared.identity import Identity
from shared.openapi import also
from shared.preconditions import PutIfMatch, version_etag

router = APIRouter(prefix="/v1/reports", tags=["reports: the coalition's words"])
Country = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3", examples=["NPL"])]
PATH = "/coalitions/{coalition_id}/contents/{iso3}/{period}/{language}"


def _directory(request: Request) -> DirectoryClient:
    return DirectoryClient(request.app.state.clients["directory"])


async def _path_coalition(coalition_id: uuid.UUID) -> uuid.UUID:
    return coalition_id


async def _takes_part(identity: Identity, coalition_id: uuid.UUID, request: Request) -> bool:
    return await service.may_read(_directory(request), identity, coalition_id)


# The coalition's words before publication: for its admins and its active member organisations,
# as if absent for everyone else.
CONTENT_READERS = ObjectRule(
    "coalition_member", _path_coalition, _takes_part, hidden="The coalition has written nothing for this report yet."
)


def _read(content: ReportContent) -> ContentRead:
    return ContentRead.model_validate(content, from_attributes=True)


@router.put(
    PATH,
    response_model=ContentRead,
    summary="Write the coalition's words for a report (its admins): a new version when anything changed",
    description="Headline findings, recommendations by addressee (optionally tied to commitments), country "
    "context with prevalence estimates and citations, limits of the data. 201 with a new version; 200 when "
    "nothing changed. The next report run of that country, period and language uses the latest version.",
    responses=also(ContentRead, **{"201": "A new version"}),
    **access(COALITION_ADMIN),
)
async def write_report_content(
    coalition_id: uuid.UUID,
    iso3: Country,
    period: Annotated[Period, Path()],
    language: Language,
    body: ContentWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> ContentRead:
    where = (iso3.upper(), period, language)
    content, new = await service.write(uow.session, _directory(request), caller, coalition_id, where, body, if_match)
    response.status_code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
    response.headers["ETag"] = version_etag(content.version)
    return _read(content)


@router.get(
    PATH,
    response_model=ContentRead,
    summary="The latest version of the coalition's words for a report (its admins and active members)",
    **access(CONTENT_READERS),
)
async def get_report_content(
    coalition_id: uuid.UUID,
    iso3: Country,
    period: Annotated[Period, Path()],
    language: Language,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
) -> ContentRead:
    content = await service.read(uow.session, coalition_id, (iso3.upper(), period, language))
    response.headers["ETag"] = version_etag(content.version)
    return _read(content)
