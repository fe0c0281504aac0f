import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, request_response
from starlette.types import Receive, Scope, Send

from services.gateway.cache import SharedCache
from services.gateway.openapi import TITLE
from services.gateway.proxy import forward, public_path
from services.gateway.ratelimit import Decision, Policy
from shared.errors import Forbidden, NotFound, TooManyRequests, Unauthorized
from shared.identity import ACCESS_EPOCH_KEY, Identity

router = APIRouter()
# The API's documentation, included as GATEWAY_EXPOSE_DOCS allows (GatewaySettings.docs_exposed).
docs_router = APIRouter()
SERVICES = ("directory", "metrics", "reports")
DOCS_ASSETS = "/docs/assets"
KEY_CREATION = re.compile(r"^/v1/directory/organisations/([^/]+)/keys/?$")
REGISTRATION = re.compile(r"^/v1/directory/registrations/?$")
ANONYMOUS = Identity.anonymous()  # never changed: only signed into the requests it forwards


HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<ul>
<li><a href="/v1/reports/public/index.html">Published shadow reports</a> (and their <a href="/v1/reports/public/feed.atom">feed</a>)</li>
<li><a href="/v1/directory/countries?pathfinder=true">The Pathfinder Countries</a>, as the API answers (JSON)</li>
{docs}</ul>
</body></html>
"""


@router.get("/", include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    """What a browser finds at the root: the published reports, and the API's documentation
    where the gateway shows it (GATEWAY_EXPOSE_DOCS)."""
    docs = (
        '<li><a href="/docs">The API and its documentation</a></li>\n'
        if request.app.state.settings.docs_exposed()
        else ""
    )
    return HTMLResponse(HOME.format(title="Coalition Hub", docs=docs))


@docs_router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    doc = await request.app.state.openapi.get(title=TITLE, version=request.app.version)
    return JSONResponse(doc)


@docs_router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    """Swagger UI from the assets of the `swagger-ui-bundle-v2` package, served under
    DOCS_ASSETS (no CDN: the page works offline)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title=TITLE,
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        # No badge from the public validator service; the key typed in Authorize stays on reload.
        swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
    )


def _address(request: Request) -> str:
    return f"ip:{request.client.host if request.client else '-'}"


def _bucket(request: Request, identity: Identity, path: str) -> tuple[str, Policy]:
    """The caller's bucket for `path`, the normalised path the request is forwarded to (its dot
    segments removed, so `/registrations/x/..` is a registration too)."""
    policies: dict[str, Policy] = request.app.state.rate_policies
    who = f"key:{identity.key_id}" if identity.key_id else _address(request)
    if request.method == "POST" and (creation := KEY_CREATION.fullmatch(path)):
        # A budget per organisation: onboarding many organisations is not guessing at one.
        return f"{who}:keys-of:{creation.group(1)}", policies["key_creation"]
    if request.method == "POST" and REGISTRATION.fullmatch(path):
        # Self-registration is anonymous: a small budget per client address, whatever key it sends.
        return f"{_address(request)}:registrations", policies["registration"]
    return who, policies["key" if identity.key_id else "anonymous"]


def _while_pending(request: Request, identity: Identity, path: str) -> None:
    """A key of an organisation awaiting review reads who it is and reads or edits its own
    organisation's profile; everything else waits for the review."""
    if not identity.pending:
        return
    path = path.rstrip("/")
    own = f"/v1/directory/organisations/{identity.organisation_id}"
    reads = request.method in ("GET", "HEAD") and path in ("/v1/directory/me", own)
    if reads or (request.method == "PATCH" and path == own):
        return
    raise Forbidden(
        "Your organisation awaits review: until it is approved, its keys read /v1/directory/me and edit its profile only."
    )


def _limited(decision: Decision | None) -> None:
    if decision is not None and not decision.allowed:
        policy, headers = decision.policy, decision.headers()
        # The wait in words too: a client that shows the detail and not the headers (a script
        # printing the problem) otherwise leaves its reader guessing between a second and an hour.
        raise TooManyRequests(
            f"Rate limit of {policy.burst} requests ({policy.name}) reached; "
            f"retry in {headers['Retry-After']} s (Retry-After).",
            headers=headers,
        )


async def _identify(request: Request) -> Identity:
    """The caller, from its key. Refused keys are counted per client address: once an address
    has spent its budget, keys from it are refused (429) without asking the directory, so
    guessing keys costs the guesser and not the directory."""
    state = request.app.state
    if "authorization" not in request.headers and not request.headers.get("x-api-key"):
        return ANONYMOUS
    _limited(await state.limiter.hit(_address(request), state.rate_policies["auth_failure"], cost=0))
    return await _verified(request)


async def _verified(request: Request) -> Identity:
    state = request.app.state
    try:
        return await state.keys.identify(request.headers)
    except Unauthorized:
        await state.limiter.hit(_address(request), state.rate_policies["auth_failure"])
        raise


async def _admit(request: Request, path: str) -> tuple[Identity, Decision | None]:
    """The caller and its rate-limit decision. A key the gateway remembers takes one round
    trip to Redis: its address's guard, the access epoch and its bucket in one script (three
    otherwise); when the epoch moved, the key is verified again."""
    state = request.app.state
    remembered = state.keys.remembered(request.headers)
    if remembered is not None:
        bucket, policy = _bucket(request, remembered, path)
        checked = await state.limiter.hit_guarded(
            _address(request), state.rate_policies["auth_failure"], ACCESS_EPOCH_KEY, bucket, policy
        )
        if checked is not None:
            _limited(checked.guard)
            if state.keys.epoch_seen(checked.epoch):
                return remembered, checked.decision
            return await _verified(request), checked.decision
    identity = await _identify(request)
    return identity, await state.limiter.hit(*_bucket(request, identity, path))


async def proxy(request: Request) -> Response:
    """Authenticate, rate-limit, then answer from the shared cache or forward with the caller's
    signed identity. A plain Starlette route: FastAPI's parameter and dependency solving cost
    more than the forward's own Python work, for nothing this endpoint needs."""
    service = request.path_params["service"]
    if service not in SERVICES:
        raise NotFound(f"No service {service!r}; the API serves {', '.join(SERVICES)} under /v1/.")
    forwarded_path = public_path(request.url.path, service)
    state = request.app.state
    identity, decision = await _admit(request, forwarded_path)
    _limited(decision)
    _while_pending(request, identity, forwarded_path)
    cache: SharedCache = state.shared_cache
    caller = f"key:{identity.key_id}" if identity.key_id else _address(request)
    # Callers of an organisation are owed its own values beside public figures: never another's answer.
    audience = "organisation" if identity.is_account and identity.organisation_id else "anyone"
    lookup = cache.lookup(request, service, forwarded_path, caller, audience)
    response = lookup.stored
    if response is None:
        try:
            response = await cache.through(
                lookup, lambda: forward(request, state.upstream_urls[service], service, forwarded_path, identity)
            )
        finally:
            cache.forwarded(request, service, caller)
    if decision is not None:
        response.raw_headers += [(k.lower().encode(), v.encode()) for k, v in decision.headers().items()]
    return response


# Every method is forwarded, as an ASGI app (a route to a function takes GET only unless given
# a list): the service knows which its path answers and says so in the 405's Allow, where the
# gateway's own refusal of a method outside a list named the list instead.
class _AnyMethod:
    def __init__(self) -> None:
        self.app = request_response(proxy)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


router.routes.append(Route("/v1/{service}/{path:path}", _AnyMethod(), include_in_schema=False))
