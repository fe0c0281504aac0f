import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from services.gateway.proxy import forward, public_path
from services.gateway.ratelimit import Policy
from shared.errors import NotFound, TooManyRequests
from shared.http import IdentitySigner
from shared.identity import Identity

router = APIRouter()
SERVICES = ("directory", "metrics", "reports")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
KEY_CREATION = re.compile(r"^/v1/directory/organisations/[^/]+/keys/?$")


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    doc = await request.app.state.openapi.get(title="Coalition Hub API", version=request.app.version)
    return JSONResponse(doc)


@router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Coalition Hub API")


def _bucket(request: Request, identity: Identity) -> tuple[str, Policy]:
    policies: dict[str, Policy] = request.app.state.rate_policies
    who = f"key:{identity.key_id}" if identity.key_id else f"ip:{request.client.host if request.client else '-'}"
    if request.method == "POST" and KEY_CREATION.match(request.url.path):
        return who, policies["key_creation"]
    return who, policies["key" if identity.key_id else "anonymous"]


@router.api_route("/v1/{service}/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(service: str, path: str, request: Request) -> StreamingResponse:
    """Authenticate, rate-limit, then forward with the caller's signed identity."""
    if service not in SERVICES:
        raise NotFound(f"No service {service!r}; the API serves {', '.join(SERVICES)} under /v1/.")
    forwarded_path = public_path(request.url.path, service)
    state = request.app.state
    identity = await state.keys.identify(request.headers)
    bucket, policy = _bucket(request, identity)
    decision = await state.limiter.hit(bucket, policy)
    if decision is not None and not decision.allowed:
        raise TooManyRequests(
            f"Rate limit of {policy.burst} requests ({policy.name}) reached; retry after the time in Retry-After.",
            headers=decision.headers(),
        )
    signer = IdentitySigner(state.secret, identity)
    response = await forward(request, state.clients[service], service, forwarded_path, signer)
    if decision is not None:
        response.raw_headers += [(k.lower().encode(), v.encode()) for k, v in decision.headers().items()]
    return response
