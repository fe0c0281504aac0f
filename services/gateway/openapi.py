"""One OpenAPI document for the whole public API, merged from the services' own documents.

Schema names that two services define differently are prefixed with the service name, and
every `$ref` is rewritten to match; so are operation ids that two services share. The gateway
adds what it owns: the security schemes, each operation's security (from the access rule the
service declares as `x-access`), and the problems the gateway itself answers."""

import asyncio
import copy
import logging
import time
from typing import Any

import httpx

from shared.openapi import open_to_anonymous, problem_response

log = logging.getLogger("hub.gateway.openapi")
REF_PREFIX = "#/components/schemas/"
TITLE = "Coalition Hub API"
SECURITY_SCHEMES = {
    "bearerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key, `Authorization: Bearer hub_…` (organisation admins create them).",
    },
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The same key."},
}
WITH_KEY: list[dict[str, list[str]]] = [{"bearerKey": []}, {"apiKeyHeader": []}]
# Public operations take a key too (it may show more: the caller's own values, shared figures).
KEY_OPTIONAL = [{}, *WITH_KEY]
# What the gateway answers for any operation: a key it refuses, a rate limit, a service that is
# down, answers wrongly or too slowly.
# 403: the key of an organisation awaiting review is refused everywhere but its own profile.
GATEWAY_STATUSES = (401, 403, 429, 502, 503, 504)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                name = value[len(REF_PREFIX) :]
                out[key] = REF_PREFIX + renames.get(name, name)
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


# What a newcomer on /docs needs before the first call: which calls need a key, where a key
# comes from, how to send it, and the rules every write follows (docs/api.md says more).
DESCRIPTION = """Coalition Hub public API: directory, shared measurement and shadow reports.

**Keys.** Reading public data needs no key; every write does. An organisation registers itself
with `POST /v1/directory/registrations` (no key) and gets its first admin's key, which works fully
once a reviewer approves the registration. On an install of your own, `hub admin create` prints a
platform admin's key. Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>` (here:
**Authorize**, below).

**Writes.** A JSON body goes with `Content-Type: application/json`. An `Idempotency-Key` header
makes a write safe to send again: the same key and body get the first answer. `PATCH` and
`DELETE` need `If-Match` with the `ETag` you read, quotes included (428 without, 412 when stale).

**Errors** are RFC 9457 `application/problem+json`, with `errors` naming each field and reason
and the `request_id` that finds the logs. Lists answer `{"items", "next_cursor"}`: pass
`cursor=<next_cursor>` until it is null."""


def merge(documents: dict[str, dict[str, Any]], *, title: str, version: str) -> dict[str, Any]:
    renames: dict[str, dict[str, str]] = {service: {} for service in documents}
    while True:
        rewritten = {s: _rewrite_refs(copy.deepcopy(d), renames[s]) for s, d in documents.items()}
        seen: dict[str, tuple[str, Any]] = {}
        clashes: list[tuple[str, str]] = []
        for service, doc in rewritten.items():
            for name, schema in doc.get("components", {}).get("schemas", {}).items():
                new_name = renames[service].get(name, name)
                if new_name in seen and seen[new_name][1] != schema:
                    clashes.append((service, name))
                else:
                    seen.setdefault(new_name, (service, schema))
        if not clashes:
            break
        for service, name in clashes:
            renames[service][name] = f"{service.capitalize()}{name}"

    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": DESCRIPTION,
        },
        "paths": {},
        "components": {"schemas": {}},
        "tags": [],
    }
    for service, doc in rewritten.items():
        for path, item in doc.get("paths", {}).items():
            if path.startswith(f"/v1/{service}/"):  # a service publishes only under its prefix
                merged["paths"][path] = {m: _at_gateway(m, op) for m, op in item.items()}
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            merged["components"]["schemas"][renames[service].get(name, name)] = schema
    _unique_operation_ids(merged["paths"])
    merged["components"]["securitySchemes"] = copy.deepcopy(SECURITY_SCHEMES)
    merged["tags"] = [
        {"name": t}
        for t in sorted({t for i in merged["paths"].values() for o in i.values() for t in o.get("tags", [])})
    ]
    return merged


def _at_gateway(method: str, operation: dict[str, Any]) -> dict[str, Any]:
    """The operation as the gateway serves it: its security, and the gateway's own problems."""
    operation = {**operation, "security": KEY_OPTIONAL if open_to_anonymous(operation) else WITH_KEY}
    responses = operation["responses"] = dict(operation.get("responses", {}))
    statuses = GATEWAY_STATUSES + ((413,) if "requestBody" in operation else ())
    for status in statuses:
        responses.setdefault(str(status), problem_response(status))
    return operation


def _unique_operation_ids(paths: dict[str, Any]) -> None:
    """An id that two services use gets the service's name in front, in both."""
    operations = [(path.split("/")[2], op) for path, item in paths.items() for op in item.values()]
    counts: dict[str, int] = {}
    for _, op in operations:
        counts[op.get("operationId", "")] = counts.get(op.get("operationId", ""), 0) + 1
    for service, op in operations:
        if "operationId" in op and counts[op["operationId"]] > 1:
            op["operationId"] = f"{service}_{op['operationId']}"


# How long a document missing a service is kept: a service that hangs is asked again after
# this, not by every reader in turn (each would wait for the call's timeout).
INCOMPLETE_SECONDS = 5.0


class OpenAPICache:
    """Fetches the services' documents on demand and keeps a complete merge for a while. A service
    that does not answer is merged from the document it last gave (its API has not changed while
    it is down), and named in `info.x-unavailable-services`."""

    def __init__(self, clients: dict[str, httpx.AsyncClient], ttl_seconds: float) -> None:
        self.clients = clients
        self.ttl = ttl_seconds
        self._doc: dict[str, Any] | None = None
        self._at = 0.0
        self._complete = True
        self._last: dict[str, dict[str, Any]] = {}  # each service's last document
        self._lock = asyncio.Lock()

    async def _fetch(self, service: str) -> dict[str, Any] | None:
        try:
            response = await self.clients[service].get("/openapi.json")
            response.raise_for_status()
            document: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError):
            log.warning("service OpenAPI unavailable", extra={"upstream": service})
            return None
        self._last[service] = document
        return document

    async def get(self, *, title: str, version: str) -> dict[str, Any]:
        async with self._lock:
            kept_for = self.ttl if self._complete else min(self.ttl, INCOMPLETE_SECONDS)
            if self._doc is not None and time.monotonic() - self._at < kept_for:
                return self._doc
            fetched = dict(zip(self.clients, await asyncio.gather(*map(self._fetch, self.clients)), strict=True))
            missing = sorted(s for s, d in fetched.items() if not d)
            known = {s: d or self._last.get(s) for s, d in fetched.items()}
            doc = merge({s: d for s, d in known.items() if d}, title=title, version=version)
            if missing:
                doc["info"]["x-unavailable-services"] = missing
            self._doc, self._at, self._complete = doc, time.monotonic(), not missing
            return doc
