"""Security headers on every answer of the gateway, and which browser origins may call it."""

from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import problem

API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cross-Origin-Resource-Policy": "same-site",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
RAW_API_HEADERS = [(name.lower().encode(), value.encode()) for name, value in API_HEADERS.items()]
# The interactive docs: Swagger UI's script and style from the gateway itself, and the inline
# script that starts it; nothing from elsewhere.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in RAW_API_HEADERS if name not in present]
                message["headers"] = headers
                if scope["path"] == "/docs":
                    MutableHeaders(scope=message)["Content-Security-Policy"] = DOCS_CSP
            await send(message)

        await self.app(scope, receive, send_with_headers)


# What a browser on an admitted origin may send beyond the safelisted headers, and read of an
# answer: every header the API documents, both ways.
CORS_REQUEST_HEADERS = [
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Cache-Control",
    "Idempotency-Key",
    "X-Request-ID",
]
CORS_EXPOSED_HEADERS = [
    "X-Request-ID",
    "ETag",
    "Location",
    "Retry-After",
    "Allow",
    "Age",
    "Link",
    "Content-Disposition",
    "Idempotent-Replayed",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]


class ApiCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem naming what it refused
    (Starlette's is the plain text "Disallowed CORS headers")."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        errors = self._refusals(request_headers)
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        fields = ", ".join(e["field"] for e in errors)
        return problem(
            400,
            "CORS request refused",
            f"The preflight is refused: check {fields}.",
            slug="cors-refused",
            errors=errors,
            headers=headers,
        )

    def _refusals(self, request_headers: Headers) -> list[dict[str, Any]]:
        errors = []
        if not self.is_allowed_origin(origin=(origin := request_headers["origin"])):
            errors.append({"field": "origin", "reason": f"{origin} is not an origin this API admits"})
        if (method := request_headers["access-control-request-method"]) not in self.allow_methods:
            errors.append(
                {
                    "field": "access-control-request-method",
                    "reason": f"{method} is not one of {', '.join(self.allow_methods)}",
                }
            )
        requested = (request_headers.get("access-control-request-headers") or "").split(",")
        if refused := [h.strip() for h in requested if h.strip() and h.strip().lower() not in self.allow_headers]:
            reason = f"not a header the API takes: {', '.join(refused)}"
            errors.append({"field": "access-control-request-headers", "reason": reason})
        if "access-control-request-private-network" in request_headers and not self.allow_private_network:
            errors.append({"field": "access-control-request-private-network", "reason": "not offered"})
        return errors
