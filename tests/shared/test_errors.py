"""Every error path answers RFC 9457 problem+json, with the request id and no stack trace."""

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
import sqlalchemy
import sqlalchemy.exc
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, ValidationError

from shared.app import create_service_app, running
from shared.db import create_engine
from shared.errors import Conflict, is_unavailable, validation_reason
from shared.settings import CommonSettings
from tests.conftest import Env, as_anonymous
from tests.support.apps import asgi_client

router = APIRouter()


class Thing(BaseModel):
    name: str
    size: int


@router.post("/things")
async def create_thing(thing: Thing) -> Thing:
    return thing


@router.get("/echo")
async def echo(q: str = "") -> dict[str, str]:
    return {"q": q}


@router.get("/boom")
async def boom() -> None:
    raise RuntimeError("secret internals: do not show")


@router.get("/taken")
async def taken() -> None:
    raise Conflict("That name is taken.")


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    settings = CommonSettings(**{**env.settings(), "max_body_bytes": 1024})
    app = create_service_app(service="probe", settings=settings, routers=[router], description="test app")
    async with running(app), asgi_client(app, "http://probe", signer=as_anonymous()) as c:
        yield c


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_invalid_body_names_each_field_and_reason(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post("/things", json={"name": "x", "size": "big"}), 422)

    assert body["errors"] == [
        {"field": "size", "reason": "Input should be a valid integer, unable to parse string as an integer"}
    ]


async def test_malformed_json_is_a_422_on_the_body(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.post("/things", content=b"{not json", headers={"content-type": "application/json"}), 422
    )

    assert body["errors"][0]["field"] == "body"
    # Why and where, as the decoder says it: not a bare "JSON decode error".
    assert (
        body["errors"][0]["reason"].startswith("not valid JSON: ") and "(at character 1)" in body["errors"][0]["reason"]
    )


@pytest.mark.parametrize(
    ("content_type", "named"),
    [
        (None, "none"),
        ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
        ("text/plain", "text/plain"),
    ],
)
async def test_a_json_body_sent_as_something_else_names_the_content_type(
    client: httpx.AsyncClient, content_type: str | None, named: str
) -> None:
    """curl -d without -H 'content-type: application/json' sends a form: the answer says what to send."""
    headers = {"content-type": content_type} if content_type else {}
    body = assert_problem(await client.post("/things", content=b'{"name": "x", "size": 1}', headers=headers), 422)

    [error] = body["errors"]
    assert error["field"] == "content-type" and "application/json" in error["reason"] and named in error["reason"]
    assert (await client.post("/things", json={"name": "x", "size": 1})).status_code == 200


async def test_a_missing_body_is_still_a_missing_body(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post("/things"), 422)

    assert body["errors"] == [{"field": "body", "reason": "Field required"}]


async def test_nul_characters_are_field_errors_wherever_they_are(client: httpx.AsyncClient) -> None:
    nested = await client.post(
        "/things", json={"name": "a\x00b", "size": 1, "tags": ["ok", "\x00"], "meta": {"k\x00": "v"}}
    )
    query = await client.get("/echo", params={"q": "x\x00", "other": "fine"})
    path = await client.get("/echo%00")
    escaped_text = await client.post("/things", json={"name": "\\u0000 is how JSON writes it", "size": 1})

    body = assert_problem(nested, 422)
    reason = "text must not contain NUL characters (U+0000)"
    assert body["errors"] == [{"field": f, "reason": reason} for f in ("name", "tags.1", "meta")]
    assert assert_problem(query, 422)["errors"] == [{"field": "query.q", "reason": reason}]
    assert assert_problem(path, 422)["errors"] == [{"field": "path", "reason": reason}]
    assert escaped_text.status_code == 200 and escaped_text.json()["name"].startswith("\\u0000")


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/nowhere"), 404)


async def test_wrong_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.delete("/things"), 405)


async def test_domain_error_carries_its_status(client: httpx.AsyncClient) -> None:
    assert assert_problem(await client.get("/taken"), 409)["detail"] == "That name is taken."


async def test_unhandled_error_is_a_500_without_internals_and_is_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.get("/boom", headers={"X-Request-ID": "trace-me-12345"})

    body = assert_problem(response, 500)
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert body["request_id"] == "trace-me-12345"
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and logged[0].request_id == "trace-me-12345" and logged[0].exc_info


async def test_declared_oversized_body_is_refused_before_reading(client: httpx.AsyncClient) -> None:
    assert_problem(await client.post("/things", content=b"x" * 2048, headers={"content-type": "application/json"}), 413)


async def test_streamed_oversized_body_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b" " * 512

    assert_problem(await client.post("/things", content=chunks(), headers={"content-type": "application/json"}), 413)


async def test_a_malformed_request_id_is_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"X-Request-ID": "bad id\twith spaces"})

    assert response.headers["x-request-id"] != "bad id\twith spaces"
    assert len(response.headers["x-request-id"]) == 32


async def test_a_failed_statement_does_not_carry_its_values(env: Env) -> None:
    engine = create_engine(env.database_url, "public")
    try:
        async with engine.connect() as connection:
            with pytest.raises(sqlalchemy.exc.DBAPIError) as failed:
                await connection.execute(
                    sqlalchemy.text("SELECT CAST(:contact AS text), 1 / 0"), {"contact": "ana@kiln.org"}
                )
    finally:
        await engine.dispose()

    assert "ana@kiln.org" not in str(failed.value)
    assert "hidden" in str(failed.value)


@pytest.mark.parametrize(
    ("sqlstate", "unavailable"), [("57P03", True), ("57P01", True), ("08006", True), ("23505", False)]
)
def test_postgresql_starting_or_stopping_is_an_outage(sqlstate: str, unavailable: bool) -> None:
    class DriverError(Exception):
        pass

    orig = DriverError("the database system is shutting down")
    orig.sqlstate = sqlstate  # type: ignore[attr-defined]

    assert is_unavailable(sqlalchemy.exc.OperationalError("SELECT 1", {}, orig)) is unavailable


def test_an_unknown_field_is_said_as_one_likely_misspelt() -> None:
    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")
        country: str = ""

    with pytest.raises(ValidationError) as refused:
        Strict.model_validate({"contry": "NPL"})
    [error] = refused.value.errors()

    assert error["loc"] == ("contry",)
    assert validation_reason(error) == (
        "unknown field: not one this takes (check its spelling against the schema at /docs)"
    )
