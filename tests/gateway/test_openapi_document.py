"""The merged OpenAPI document of the real services describes what they answer: problems as
problem+json, a schema for every answer, readable unique operation ids, examples."""

from typing import Any

import pytest
from fastapi import FastAPI

from services.gateway.openapi import merge
from shared.errors import PROBLEM_JSON

PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
def document(upstreams: dict[str, FastAPI]) -> dict[str, Any]:
    return merge({name: app.openapi() for name, app in upstreams.items()}, title="t", version="1")


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_every_problem_is_declared_as_problem_json(document: dict[str, Any]) -> None:
    wrong = [
        f"{method} {path} {status}"
        for method, path, op in operations(document)
        for status, response in op["responses"].items()
        if status[0] in "45"
        and response.get("content")
        != {PROBLEM_JSON: {"schema": PROBLEM, "example": response["content"][PROBLEM_JSON]["example"]}}
    ]

    assert wrong == []
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert "ValidationError" not in document["components"]["schemas"]


def test_statuses_follow_the_rule_the_method_and_the_path(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        statuses = set(op["responses"])
        assert {"401", "429", "503"} <= statuses, (method, path)
        if op["x-access"] != "public":
            assert "403" in statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
        headers = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "header"}
        if method in ("PATCH", "DELETE"):
            assert {"412", "428"} <= statuses, (method, path)
            assert headers["If-Match"]["required"] is True, (method, path)
        if method == "PUT" and "If-Match" in headers:  # optional: a PUT may create
            assert "412" in statuses and "428" not in statuses, path
            assert headers["If-Match"]["required"] is False, path
        if method == "GET":
            assert "304" in statuses and "If-None-Match" in headers, path


def test_every_answer_has_a_schema(document: dict[str, Any]) -> None:
    empty = [
        f"{method} {path} {status} {media_type}"
        for method, path, op in operations(document)
        for status, response in op["responses"].items()
        for media_type, media in response.get("content", {}).items()
        if not media.get("schema")
    ]

    assert empty == []
    aggregates = document["paths"]["/v1/metrics/aggregates"]["get"]["responses"]["200"]["content"]
    assert aggregates["application/json"]["schema"] == {"$ref": "#/components/schemas/AggregatesRead"}


def test_operation_ids_are_unique_and_read_as_names(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(document)]

    assert len(ids) == len(set(ids))
    assert all("_v1_" not in i and len(i) < 40 for i in ids), [i for i in ids if "_v1_" in i or len(i) >= 40]
    assert document["paths"]["/v1/directory/organisations"]["get"]["operationId"] == "search_organisations"
    assert document["paths"]["/v1/metrics/indicators/{code}/adopt"]["post"]["operationId"] == "adopt_indicator"


def test_every_operation_is_tagged(document: dict[str, Any]) -> None:
    tags = {t["name"] for t in document["tags"]}

    assert all(op.get("tags") and set(op["tags"]) <= tags for _, _, op in operations(document))


def test_the_main_operations_show_examples(document: dict[str, Any]) -> None:
    bodies = {
        ("/v1/directory/organisations", "post"),
        ("/v1/directory/coalitions", "post"),
        ("/v1/metrics/organisations/{org_id}/observations", "put"),
        ("/v1/reports/reports", "post"),
    }
    for path, method in bodies:
        assert "example" in document["paths"][path][method]["requestBody"]["content"]["application/json"], path
    answer = document["paths"]["/v1/metrics/aggregates"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["example"]["cells"][0]["status"] == "F"


def test_the_document_says_where_a_key_comes_from_and_how_it_is_sent(document: dict[str, Any]) -> None:
    """Swagger UI shows the description above every operation: a newcomer on /docs learns there
    which calls need a key, how to get one, and what every write takes."""
    description = document["info"]["description"]

    assert "POST /v1/directory/registrations" in description and "hub admin create" in description
    assert "Authorization: Bearer <key>" in description and "X-API-Key" in description
    assert "Idempotency-Key" in description and "If-Match" in description
    assert "/v1/directory/registrations" in document["paths"]
