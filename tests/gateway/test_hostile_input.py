"""Every operation of the public API, called with malformed paths, queries and bodies: whatever
arrives, the answer is a 4xx problem, never a 5xx."""

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import World, gateway
from tests.support.apps import asgi_client

# Path parameters as they travel in the URL (already percent-encoded where it matters).
HOSTILE_SEGMENTS = [
    "a%05",  # a control character
    "%00",  # NUL
    "%0d%0aX-Injected:%201",  # header injection
    "%ED%A0%80",  # a lone surrogate, as UTF-8 bytes no decoder accepts
    "%F0%28%8C%28",  # invalid UTF-8
    "%2e%2e%2f%2e%2e%2fmetrics",  # encoded traversal
    "x" * 4000,  # very long
    "-99999999999999999999999999",  # beyond any integer column
    "1e999",
    "%F0%9F%99%82",  # an emoji
]
HOSTILE_QUERY = ["x" * 4000, "-99999999999999999999999999", "1e999", "%ED%A0%80", "[]", "NaN", ",,,", "%00"]
DEEP = 100_000


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = {"a": [value]}
    return value


def hostile_values() -> list[Any]:
    return [10**400, -(10**30), 1e308 * 10, "\ud800", "x" * 20_000, {"$gt": ""}, nested(450), None, True, -1]


def raw_bodies() -> list[bytes]:
    return [
        b"[" * DEEP + b"]" * DEEP,
        b'{"a":' * DEEP + b"1" + b"}" * DEEP,
        b"1" + b"0" * 5000,
        b"-1e99999",
        b'"\\ud800"',
        b'[{"name": "\\ud800", "indicator": "\\udc00", "value": 1e999}]',
        b'[{"name": ' + b"[" * 900 + b"]" * 900 + b"}]",
        b"[]",
        b"null",
        b"{",
        b"\xff\xfe\x00",
    ]


def json_bodies(schema: dict[str, Any] | None) -> Iterator[Any]:
    """The operation's own fields, each given every hostile value in turn (one field at a time
    would take too long: all fields at once, for each value)."""
    properties = list((schema or {}).get("properties", {}))
    for value in hostile_values():
        yield dict.fromkeys(properties or ["x"], value)


def resolve(document: dict[str, Any], node: dict[str, Any] | None) -> dict[str, Any] | None:
    while node and "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path, operation


def with_params(path: str, hostile: str | None, placeholder: str) -> str:
    """Every `{param}` filled with a plausible id, or with `hostile` in each position."""
    return re.sub(r"\{[^}]+\}", hostile if hostile is not None else placeholder, path)


async def test_no_operation_answers_5xx_to_hostile_input(env: Any, upstreams: dict[str, FastAPI], world: World) -> None:
    admin = world.people["platform_admin"].headers
    placeholder = str(uuid.uuid4())
    failures: list[str] = []
    # The admin's key checked once, not on each of thousands of requests.
    async with gateway(env, upstreams, max_body_bytes=1_048_576, key_cache_seconds=600) as app:
        async with asgi_client(app, "http://gateway") as client:
            document = (await client.get("/openapi.json")).json()
            assert len(document["paths"]) > 50

            async def check(method: str, url: str, **kwargs: Any) -> None:
                try:
                    response = await client.request(method, url, headers=admin | kwargs.pop("headers", {}), **kwargs)
                except httpx.InvalidURL:
                    return  # the client itself would not send it
                if response.status_code >= 500:
                    failures.append(f"{method} {url[:120]} {str(kwargs)[:120]} -> {response.status_code}")
                elif response.status_code >= 400:
                    assert response.headers["content-type"] == "application/problem+json", (method, url)

            for method, path, operation in operations(document):
                for segment in HOSTILE_SEGMENTS if "{" in path else []:
                    await check(method, with_params(path, segment, placeholder))
                url = with_params(path, None, placeholder)
                names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                for value in HOSTILE_QUERY if names else []:
                    await check(method, url + "?" + "&".join(f"{n}={value}" for n in names))
                if "requestBody" not in operation:
                    continue
                content = operation["requestBody"].get("content", {})
                if "application/json" not in content:
                    continue
                schema = resolve(document, content["application/json"].get("schema"))
                for body in json_bodies(schema):
                    encoded = repr_json(body)
                    await check(method, url, content=encoded, headers={"content-type": "application/json"})
                for raw in raw_bodies():
                    await check(method, url, content=raw, headers={"content-type": "application/json"})

    assert not failures, "\n".join(failures)


def repr_json(value: Any) -> bytes:
    """JSON as an attacker would write it: huge integers and lone surrogates included."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


def object_schemas(document: dict[str, Any], node: Any, seen: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema a request body reaches, by name (`$ref`s followed once)."""
    if isinstance(node, list):
        for item in node:
            yield from object_schemas(document, item, seen)
    elif isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                schema = document["components"]["schemas"][name]
                if schema.get("type") == "object":
                    yield name, schema
                yield from object_schemas(document, schema, seen)
        for value in node.values():
            yield from object_schemas(document, value, seen)


async def test_every_json_body_refuses_unknown_fields(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        document = (await client.get("/openapi.json")).json()
    open_schemas, bodies = set(), 0
    for method, path, operation in operations(document):
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        for name, body in object_schemas(document, schema, set()):
            bodies += 1
            if body.get("additionalProperties") is not False:
                open_schemas.add(f"{name} ({method} {path})")

    assert bodies >= 15
    assert sorted(open_schemas) == []
