import uuid

from fastapi import APIRouter, Request, Response

from services.reports.clients import DirectoryClient
from services.reports.models.runs import ReportRun
from services.reports.models.signoff import Endorsement, SignoffRule
from services.reports.runs import service as runs
from services.reports.signoff import service
from services.reports.signoff.schemas import EndorsementRead, EndorsementWrite, RuleRead, RuleWrite, SignoffState
from shared.auth import COALITION_ADMIN, ORG_OWN_ADMIN, PUBLIC, Caller, access
from shared.db import UoW
from shared.errors import NotFound
from shared.identity import Identity
from shared.preconditions import PutIfMatch, content_etag

router = APIRouter(prefix="/v1/reports", tags=["reports: sign-off by member organisations"])


def _directory(request: Request) -> DirectoryClient:
    return DirectoryClient(request.app.state.clients["directory"])


def _rule(found: SignoffRule, signatories: list[uuid.UUID] | None = None) -> RuleRead:
    shown = found.signatories if signatories is None else signatories
    return RuleRead(coalition_id=found.coalition_id, quorum=found.quorum, signatories=shown)


def _endorsement(e: Endorsement, organisation_id: uuid.UUID | None, *, stated: bool = False) -> EndorsementRead:
    """`stated`: as a published edition states it, dated from its last change only; when it was
    first given, and so that the organisation changed its position in review, stays the members'."""
    return service.endorsement_read(e).model_copy(
        update={"organisation_id": organisation_id, **({"created_at": e.updated_at} if stated else {})}
    )


async def _readable(uow: UoW, caller: Identity, request: Request, run_id: uuid.UUID) -> ReportRun:
    run = await runs.get(uow.session, run_id)
    if not await runs.may_read(caller, run, _directory(request)):
        raise NotFound(f"No report run {run_id}.")  # a draft's existence is not disclosed
    return run


@router.put(
    "/coalitions/{coalition_id}/signoff-rule",
    response_model=RuleRead,
    summary="How the coalition's reports are signed off: a quorum or named signatories (its admins)",
    **access(COALITION_ADMIN),
)
async def set_signoff_rule(
    coalition_id: uuid.UUID,
    body: RuleWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> RuleRead:
    found = await service.set_rule(uow.session, _directory(request), caller, coalition_id, body, if_match)
    response.headers["ETag"] = service.rule_etag(found)
    return _rule(found)


@router.get(
    "/coalitions/{coalition_id}/signoff-rule",
    response_model=RuleRead,
    summary="How the coalition's reports are signed off (one endorsement when it has set no rule)",
    **access(PUBLIC),
)
async def get_signoff_rule(
    coalition_id: uuid.UUID, uow: UoW, caller: Caller, request: Request, response: Response
) -> RuleRead:
    applied = await service.rule(uow.session, coalition_id)
    shown = await service.as_shown(_directory(request), caller, None, applied, [])
    read = _rule(applied, shown.signatories)
    response.headers["ETag"] = content_etag(read)  # of what this caller is shown, no more
    return read


@router.put(
    "/reports/{run_id}/signoffs/{org_id}",
    response_model=EndorsementRead,
    summary="Endorse a report in review, or not, with a statement (the member organisation's admins)",
    **access(ORG_OWN_ADMIN),
)
async def sign_off_report(
    run_id: uuid.UUID,
    org_id: uuid.UUID,
    body: EndorsementWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> EndorsementRead:
    run = await _readable(uow, caller, request, run_id)
    signed = await service.sign(uow.session, _directory(request), caller, run, org_id, body, if_match)
    response.headers["ETag"] = service.endorsement_etag(signed)
    return _endorsement(signed, signed.organisation_id)


@router.get(
    "/reports/{run_id}/signoffs",
    response_model=SignoffState,
    summary="The run's sign-off: the rule, the endorsements and what publication still waits for",
    **access(PUBLIC),
)
async def get_report_signoffs(run_id: uuid.UUID, uow: UoW, caller: Caller, request: Request) -> SignoffState:
    run = await _readable(uow, caller, request, run_id)
    applied = await service.rule(uow.session, run.coalition_id)
    given = service.shown(run, await service.endorsements(uow.session, run_id))
    # A published edition met its rule when it was published; the rule of today does not apply to it.
    shown = await service.as_shown(_directory(request), caller, run, applied, given)
    return SignoffState(
        rule=_rule(applied, shown.signatories),
        endorsements=[
            _endorsement(e, organisation_id, stated=run.workflow == "published")
            for e, organisation_id in shown.endorsements
        ],
        satisfied=shown.missing is None,
        missing=shown.missing,
    )
