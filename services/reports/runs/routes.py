import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status

from services.reports.clients import DirectoryClient
from services.reports.document import Language
from services.reports.models.runs import ReportRun
from services.reports.runs import listing, service
from services.reports.runs.artifacts import FORMS
from services.reports.runs.gather import Request as Wanted
from services.reports.runs.schemas import PublishedReportRead, ReportCreate, ReportProgress, ReportRunRead
from shared.auth import PUBLIC, Caller, ObjectRule, access
from shared.db import UoW
from shared.errors import Conflict, NotFound
from shared.identity import Identity
from shared.openapi import also, documents
from shared.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1/reports", tags=["reports: shadow reports"])
# The form behind each extension of the URL.
FORMATS = {extension: (attribute, media_type) for attribute, (extension, media_type) in FORMS.items()}
Format = Literal["html", "md", "json", "pdf", "csv"]
REPORT_FORMS = documents(*(media_type.split(";")[0] for _, media_type in FORMATS.values()), description="The report")
# A report page carries its style and charts inline and nothing else: no script, no fetch, no
# frame. (The gateway's default policy, for API answers, would refuse even the style.)
REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def _read(run: ReportRun) -> ReportRunRead:
    base = f"/v1/reports/reports/{run.id}"
    return ReportRunRead(
        **run.model_dump(
            include={
                "id", "country", "period", "coalition_id", "template", "language", "status", "attempts", "error",
                "workflow", "edition", "previous_id", "same_as", "needs_regeneration",
                "regeneration_reason", "created_at", "finished_at", "published_at",
            }
        ),
        # A withdrawn report's hash would confirm a guess at what it held (regeneration.retract).
        content_hash=None if run.needs_regeneration else run.content_hash,
        progress=ReportProgress(stage=run.stage, percent=run.percent),
        public_url=f"/v1/reports/public/{run.slug}" if run.slug else None,
        artifacts={f: f"{base}/report.{f}" for f in FORMATS}
        if run.status == "done" and not run.needs_regeneration
        else {},
    )  # fmt: skip


def _directory(request: Request) -> DirectoryClient:
    return DirectoryClient(request.app.state.clients["directory"])


async def _readable(uow: UoW, caller: Caller, request: Request, run_id: uuid.UUID) -> ReportRun:
    run = await service.get(uow.session, run_id)
    if not await service.may_read(caller, run, _directory(request)):
        raise NotFound(f"No report run {run_id}.")  # a draft's existence is not disclosed
    return run


async def _requested_coalition(body: ReportCreate) -> uuid.UUID:
    return body.coalition_id


async def _run_coalition(run_id: uuid.UUID, uow: UoW, caller: Caller, request: Request) -> uuid.UUID:
    """The coalition authoring the run, for a caller who may read it (404 for the others)."""
    return (await _readable(uow, caller, request, run_id)).coalition_id


def _admin_of(identity: Identity, coalition_id: uuid.UUID, request: Request) -> bool:
    return service.may_author(identity, coalition_id)


# The admins of the coalition a report is for: named in the request, or authoring the run.
AUTHORS_OF_REQUEST = ObjectRule("authoring_coalition_admin", _requested_coalition, _admin_of)
AUTHORS_OF_RUN = ObjectRule("authoring_coalition_admin", _run_coalition, _admin_of)


@router.post(
    "/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportRunRead,
    summary="Request a report (202; a job gathers, checks and renders it). Idempotency-Key accepted.",
    responses=also(ReportRunRead, **{"200": "The earlier run of the same request"}),
    description="The authoring coalition's admins request it. The same Idempotency-Key and body get the first "
    "answer again (202, Idempotent-Replayed: true); the same request while an earlier one is unfinished, "
    "or the same key after a day, returns the earlier run (200).",
    **access(AUTHORS_OF_REQUEST),
)
async def request_report(
    body: ReportCreate,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200, min_length=1)] = None,
) -> ReportRunRead:
    wanted = Wanted(body.country, body.period, body.coalition_id, body.template, body.language)
    run, new = await service.request(uow, _directory(request), request.app.state.jobs, caller, wanted, idempotency_key)
    response.status_code = status.HTTP_202_ACCEPTED if new else status.HTTP_200_OK
    response.headers["Location"] = f"/v1/reports/reports/{run.id}"
    return _read(run)


@router.get(
    "/reports",
    response_model=Page[ReportRunRead],
    summary="Report runs, newest first: published ones, and the drafts of the caller's coalitions",
    **access(PUBLIC),
)
async def list_reports(
    uow: UoW,
    caller: Caller,
    request: Request,
    coalition: uuid.UUID | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3")] = None,
    status_: Annotated[Literal["queued", "running", "done", "failed"] | None, Query(alias="status")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[ReportRunRead]:
    visible = await listing.readable_coalitions(caller, _directory(request))
    rows, following = await listing.runs(
        uow.session,
        visible,
        coalition=coalition,
        country=country.upper() if country else None,
        status=status_,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[_read(r) for r in rows], next_cursor=following)


@router.get("/reports/{run_id}", response_model=ReportRunRead, summary="Status of a report run", **access(PUBLIC))
async def get_report(run_id: uuid.UUID, uow: UoW, caller: Caller, request: Request) -> ReportRunRead:
    return _read(await _readable(uow, caller, request, run_id))


async def _artifact(request: Request, run: ReportRun, fmt: Format) -> Response:
    if run.status != "done":
        raise Conflict(f"The report is {run.status}; its forms exist once it is done.")
    if run.needs_regeneration:
        raise Conflict(f"This report's forms were erased ({run.regeneration_reason}); request the report again.")
    attribute, media_type = FORMATS[fmt]
    # The same inputs give a draft and then its published edition: the tag tells them apart.
    headers = {"ETag": f'"{run.content_hash}-{"published" if run.workflow == "published" else "draft"}"'}
    if fmt == "html":
        headers["Content-Security-Policy"] = REPORT_PAGE_CSP
    body = await request.app.state.artifacts.read(run, attribute)
    return Response(body, media_type=media_type, headers=headers)


@router.get(
    "/reports/{run_id}/report.{fmt}",
    summary="A generated report as HTML, Markdown, JSON, PDF, or its figures as SDMX-CSV",
    response_class=Response,
    responses=REPORT_FORMS,
    **access(PUBLIC),
)
async def get_report_artifact(run_id: uuid.UUID, fmt: Format, uow: UoW, caller: Caller, request: Request) -> Response:
    return await _artifact(request, await _readable(uow, caller, request, run_id), fmt)


async def _move(request: Request, uow: UoW, run_id: uuid.UUID, action: str) -> ReportRunRead:
    state = request.app.state
    return _read(await service.move(uow, state.jobs, state.artifacts, state.signoff_of, run_id, action))


@router.post(
    "/reports/{run_id}/submit",
    response_model=ReportRunRead,
    summary="Workflow: submit (draft -> in review)",
    **access(AUTHORS_OF_RUN),
)
async def submit_report(run_id: uuid.UUID, uow: UoW, request: Request) -> ReportRunRead:
    return await _move(request, uow, run_id, "submit")


@router.post(
    "/reports/{run_id}/return",
    response_model=ReportRunRead,
    summary="Workflow: return (in review -> draft)",
    **access(AUTHORS_OF_RUN),
)
async def return_report(run_id: uuid.UUID, uow: UoW, request: Request) -> ReportRunRead:
    return await _move(request, uow, run_id, "return")


@router.post(
    "/reports/{run_id}/publish",
    response_model=ReportRunRead,
    summary="Workflow: publish (in review -> published)",
    **access(AUTHORS_OF_RUN),
)
async def publish_report(run_id: uuid.UUID, uow: UoW, request: Request) -> ReportRunRead:
    return await _move(request, uow, run_id, "publish")


@router.get(
    "/public",
    response_model=Page[PublishedReportRead],
    summary="Published reports, newest first",
    **access(PUBLIC),
)
async def list_published_reports(
    uow: UoW,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3")] = None,
    period: Annotated[str | None, Query(max_length=7, description="2024, 2024-Q2 or 2024-05")] = None,
    coalition: uuid.UUID | None = None,
    language: Language | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[PublishedReportRead]:
    rows, following = await listing.published(
        uow.session,
        country=country.upper() if country else None,
        period=period,
        coalition=coalition,
        language=language,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[_published(r) for r in rows], next_cursor=following)


def _published(run: ReportRun) -> PublishedReportRead:
    base = f"/v1/reports/public/{run.slug}"
    return PublishedReportRead(
        **run.model_dump(include={"id", "country", "period", "coalition_id", "template", "language", "edition"}),
        published_at=run.published_at,
        public_url=base,
        forms={f: f"{base}/report.{f}" for f in FORMATS},
    )


@router.get(
    "/public/{slug}",
    summary="A published report: its HTML page",
    response_class=Response,
    responses=documents("text/html"),
    **access(PUBLIC),
)
async def get_public_report_page(slug: str, uow: UoW, request: Request) -> Response:
    return await _artifact(request, await service.public(uow.session, slug), "html")


@router.get(
    "/public/{slug}/report.{fmt}",
    summary="A published report as HTML, Markdown, JSON, PDF, or its figures as SDMX-CSV",
    response_class=Response,
    responses=REPORT_FORMS,
    **access(PUBLIC),
)
async def get_public_artifact(slug: str, fmt: Format, uow: UoW, request: Request) -> Response:
    return await _artifact(request, await service.public(uow.session, slug), fmt)
