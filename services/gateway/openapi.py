"""One OpenAPI document for the whole public API, merged from the services' own documents.

Schema names that two services define differently are prefixed with the service name, and
every `$ref` is rewritten to match."""

import asyncio
import copy
import logging
import time
from typing import Any

import httpx

log = logging.getLogger("hub.gateway.openapi")
REF_PREFIX = "#/components/schemas/"


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
            "description": "Coalition Hub public API: directory, shared measurement and shadow reports.",
        },
        "paths": {},
        "components": {"schemas": {}},
        "tags": [],
    }
    for service, doc in rewritten.items():
        for path, item in doc.get("paths", {}).items():
            if path.startswith(f"/v1/{service}/"):  # a service publishes only under its prefix
                merged["paths"][path] = item
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            merged["components"]["schemas"][renames[service].get(name, name)] = schema
        for tag in doc.get("tags", []):
            if tag not in merged["tags"]:
                merged["tags"].append(tag)
    return merged


class OpenAPICache:
    """Fetches the services' documents on demand and keeps a complete merge for a while."""

    def __init__(self, clients: dict[str, httpx.AsyncClient], ttl_seconds: float) -> None:
        self.clients = clients
        self.ttl = ttl_seconds
        self._doc: dict[str, Any] | None = None
        self._at = 0.0
        self._lock = asyncio.Lock()

    async def _fetch(self, service: str) -> dict[str, Any] | None:
        try:
            response = await self.clients[service].get("/openapi.json")
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError):
            log.warning("service OpenAPI unavailable", extra={"upstream": service})
            return None

    async def get(self, *, title: str, version: str) -> dict[str, Any]:
        async with self._lock:
            if self._doc is not None and time.monotonic() - self._at < self.ttl:
                return self._doc
            fetched = dict(zip(self.clients, await asyncio.gather(*map(self._fetch, self.clients)), strict=True))
            doc = merge({s: d for s, d in fetched.items() if d}, title=title, version=version)
            missing = sorted(s for s, d in fetched.items() if not d)
            if missing:
                doc["info"]["x-unavailable-services"] = missing  # incomplete: not cached
            else:
                self._doc, self._at = doc, time.monotonic()
            return doc
