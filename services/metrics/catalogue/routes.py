import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from services.metrics import vocabularies
from services.metrics.catalogue import repository, service
from services.metrics.catalogue.schemas import (
    CODE,
    CommentCreate,
    CommentRead,
    IndicatorCreate,
    IndicatorRead,
    IndicatorRevision,
    IndicatorTranslation,
    IndicatorTranslationRead,
    IndicatorVersionRead,
)
from services.metrics.jobs import ROLLUPS_REFRESH
from services.metrics.models.catalogue import Indicator, IndicatorVersion
from services.metrics.vocabularies import IndicatorStatus, TranslationLanguage
from shared.auth import AUTHENTICATED, ORG_MEMBER, ORG_OWN_MEMBER, PLATFORM_ADMIN, PUBLIC, Caller, access
from shared.db import UoW
from shared.openapi import without_location
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, PutIfMatch, check_if_match, content_etag

router = APIRouter(prefix="/v1/metrics", tags=["metrics: indicator catalogue"])
Code = Annotated[str, Path(max_length=64)]
Status = Literal[
    IndicatorStatus.PROPOSED, IndicatorStatus.UNDER_REVIEW, IndicatorStatus.ADOPTED, IndicatorStatus.RETIRED
]
Number = Annotated[int, Path(ge=1, le=2**31 - 1)]


async def proposer(code: Code, uow: UoW) -> uuid.UUID | None:
    """The organisation that proposed the indicator; None for the starter indicators."""
    return (await service.get(uow.session, code)).proposed_by


# Members of the proposing organisation, and platform admins (the service adds what the
# indicator's status allows: a proposal is the proposer's, an adopted indicator the admins').
PROPOSER = ORG_MEMBER.on(proposer, "proposer")


def _read(indicator: Indicator, content: IndicatorVersion, endorsements: int) -> IndicatorRead:
    return IndicatorRead(
        code=indicator.code,
        status=indicator.status,
        current_version=indicator.current_version,
        starter=indicator.starter,
        proposed_by=indicator.proposed_by,
        endorsements=endorsements,
        content=IndicatorVersionRead.model_validate(content, from_attributes=True),
        created_at=indicator.created_at,
        updated_at=indicator.updated_at,
    )


@router.get("/vocabularies", summary="Value types, aggregations, breakdowns and other terms", **access(PUBLIC))
async def list_vocabularies() -> dict[str, object]:
    return vocabularies.ALL


@router.get("/indicators", response_model=Page[IndicatorRead], summary="The indicator catalogue", **access(PUBLIC))
async def list_indicators(
    uow: UoW,
    status_: Annotated[list[Status], Query(alias="status")] = [  # noqa: B006
        IndicatorStatus.PROPOSED,
        IndicatorStatus.UNDER_REVIEW,
        IndicatorStatus.ADOPTED,
    ],
    cursor: Annotated[str | None, Query(pattern=CODE.pattern, description="`next_cursor` of the page before")] = None,
    limit: Limit = 100,
) -> Page[IndicatorRead]:
    rows = await repository.listing(uow.session, statuses=status_, after=cursor, limit=limit + 1)
    items = [_read(*row) for row in rows[:limit]]
    return Page(items=items, next_cursor=items[-1].code if len(rows) > limit else None)


@router.post(
    "/indicators",
    status_code=status.HTTP_201_CREATED,
    response_model=IndicatorRead,
    summary="Propose an indicator",
    **access(AUTHENTICATED),
)
async def propose_indicator(body: IndicatorCreate, uow: UoW, caller: Caller, response: Response) -> IndicatorRead:
    indicator = await service.propose(uow.session, caller, body)
    response.headers["Location"] = f"/v1/metrics/indicators/{indicator.code}"
    return _read(*await service.current(uow.session, indicator.code))


@router.get("/indicators/{code}", response_model=IndicatorRead, summary="One indicator, as it stands", **access(PUBLIC))
async def get_indicator(code: Code, uow: UoW) -> IndicatorRead:
    return _read(*await service.current(uow.session, code))


@router.get(
    "/indicators/{code}/versions",
    response_model=Page[IndicatorVersionRead],
    summary="Every version",
    **access(PUBLIC),
)
async def list_versions(code: Code, uow: UoW, cursor: Cursor = None, limit: Limit = 100) -> Page[IndicatorVersionRead]:
    return page_of(
        [
            IndicatorVersionRead.model_validate(v, from_attributes=True)
            for v in await service.versions(uow.session, code)
        ],
        cursor,
        limit,
    )


@router.get(
    "/indicators/{code}/versions/{number}",
    response_model=IndicatorVersionRead,
    summary="One version",
    **access(PUBLIC),
)
async def get_version(code: Code, number: Number, uow: UoW) -> IndicatorVersionRead:
    return IndicatorVersionRead.model_validate(await service.version(uow.session, code, number), from_attributes=True)


@router.post(
    "/indicators/{code}/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=IndicatorVersionRead,
    summary="Revise an indicator (a new version; the proposer while proposed, platform admins always)",
    **access(PROPOSER),
)
async def revise_indicator(
    code: Code, body: IndicatorRevision, uow: UoW, caller: Caller, request: Request, response: Response
) -> IndicatorVersionRead:
    revised = await service.revise(uow.session, caller, code, body)
    response.headers["Location"] = f"/v1/metrics/indicators/{code}/versions/{revised.version}"
    # A revision that changed the breakdowns marked the indicator's years: their roll-ups are made again.
    uow.on_commit(lambda: request.app.state.jobs.enqueue(ROLLUPS_REFRESH))
    return IndicatorVersionRead.model_validate(revised, from_attributes=True)


@router.get(
    "/indicators/{code}/versions/{number}/translations/{language}",
    response_model=IndicatorTranslationRead,
    summary="A version's name, unit and definition in one language",
    **access(PUBLIC),
)
async def get_translation(
    code: Code, number: Number, language: TranslationLanguage, uow: UoW, response: Response
) -> IndicatorTranslationRead:
    read = service.translation_read(await service.version(uow.session, code, number), language)
    response.headers["ETag"] = content_etag(read)
    return read


@router.put(
    "/indicators/{code}/versions/{number}/translations/{language}",
    response_model=IndicatorVersionRead,
    summary="Set a version's name, unit and definition in one language (who may revise the indicator)",
    **access(PROPOSER),
)
async def translate_version(
    code: Code,
    number: Number,
    language: TranslationLanguage,
    body: IndicatorTranslation,
    uow: UoW,
    caller: Caller,
    if_match: PutIfMatch,
    response: Response,
) -> IndicatorVersionRead:
    """Answers with the version; its `ETag` is the translation's, as its GET gives it."""
    found = await service.translate(uow.session, caller, code, number, language, body, if_match)
    response.headers["ETag"] = content_etag(service.translation_read(found, language))
    return IndicatorVersionRead.model_validate(found, from_attributes=True)


@router.delete(
    "/indicators/{code}/versions/{number}/translations/{language}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a version's translation into one language (who may revise the indicator)",
    **access(PROPOSER),
)
async def remove_translation(
    code: Code, number: Number, language: TranslationLanguage, uow: UoW, caller: Caller, if_match: IfMatch
) -> None:
    await service.remove_translation(uow.session, caller, code, number, language, if_match)


@router.post(
    "/indicators/{code}/review",
    response_model=IndicatorRead,
    summary="Submit a proposal for review (the proposer)",
    **access(PROPOSER),
)
async def review_indicator(code: Code, uow: UoW, caller: Caller) -> IndicatorRead:
    return await _move(uow, caller, code, IndicatorStatus.UNDER_REVIEW)


@router.post(
    "/indicators/{code}/withdraw-review",
    response_model=IndicatorRead,
    summary="Take a proposal back from review (the proposer)",
    **access(PROPOSER),
)
async def withdraw_review_indicator(code: Code, uow: UoW, caller: Caller) -> IndicatorRead:
    return await _move(uow, caller, code, IndicatorStatus.PROPOSED)


@router.post(
    "/indicators/{code}/adopt",
    response_model=IndicatorRead,
    summary="Adopt an indicator (platform admins)",
    **access(PLATFORM_ADMIN),
)
async def adopt_indicator(code: Code, uow: UoW, caller: Caller) -> IndicatorRead:
    return await _move(uow, caller, code, IndicatorStatus.ADOPTED)


@router.post(
    "/indicators/{code}/retire",
    response_model=IndicatorRead,
    summary="Retire an indicator (platform admins)",
    **access(PLATFORM_ADMIN),
)
async def retire_indicator(code: Code, uow: UoW, caller: Caller) -> IndicatorRead:
    return await _move(uow, caller, code, IndicatorStatus.RETIRED)


async def _move(uow: UoW, caller: Caller, code: str, target: IndicatorStatus) -> IndicatorRead:
    await service.move(uow.session, caller, code, target)
    return _read(*await service.current(uow.session, code))


@router.put(
    "/indicators/{code}/endorsements/{org_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Endorse an indicator on behalf of your organisation",
    **access(ORG_OWN_MEMBER),
)
async def endorse_indicator(
    code: Code, org_id: uuid.UUID, uow: UoW, request: Request, caller: Caller, if_match: PutIfMatch
) -> None:
    await request.app.state.directory.require_organisation(org_id, caller)
    await service.endorse(uow.session, code, org_id, if_match)


@router.delete(
    "/indicators/{code}/endorsements/{org_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw your organisation's endorsement",
    **access(ORG_OWN_MEMBER),
)
async def withdraw_endorsement(code: Code, org_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> None:
    check_if_match(if_match, None, what="endorsement")
    await service.withdraw_endorsement(uow.session, code, org_id)


@router.post(
    "/indicators/{code}/comments",
    status_code=status.HTTP_201_CREATED,
    response_model=CommentRead,
    summary="Comment on an indicator",
    **without_location(access(AUTHENTICATED)),
)
async def add_comment(code: Code, body: CommentCreate, uow: UoW, caller: Caller) -> CommentRead:
    return CommentRead.model_validate(await service.comment(uow.session, caller, code, body.body), from_attributes=True)


@router.get("/indicators/{code}/comments", response_model=Page[CommentRead], summary="Comments", **access(PUBLIC))
async def list_comments(code: Code, uow: UoW, cursor: Cursor = None, limit: Limit = 100) -> Page[CommentRead]:
    return page_of(
        [CommentRead.model_validate(c, from_attributes=True) for c in await service.comments(uow.session, code)],
        cursor,
        limit,
    )
