from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from services.gateway.proxy import forward
from shared.errors import NotFound

router = APIRouter()
SERVICES = ("directory", "metrics", "reports")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    doc = await request.app.state.openapi.get(title="Coalition Hub API", version=request.app.version)
    return JSONResponse(doc)


@router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Coalition Hub API")


@router.api_route("/v1/{service}/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(service: str, path: str, request: Request) -> StreamingResponse:
    if service not in SERVICES:
        raise NotFound(f"No service {service!r}; the API serves {', '.join(SERVICES)} under /v1/.")
    return await forward(request, request.app.state.clients[service], service)
