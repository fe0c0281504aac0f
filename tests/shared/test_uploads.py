"""The two endpoints that take a file (directory imports, observation batches) are described in
the public OpenAPI document so that client generators include them: the JSON body an array of
the row's schema, the CSV body's columns those the service reads."""

import re

import pytest
from fastapi import FastAPI

from services.directory.imports.service import ImportRow
from services.gateway.openapi import merge
from services.metrics.batches.files import COLUMNS, REQUIRED

BULK = {
    "directory": ("/v1/directory/imports", "ImportRow"),
    "metrics": ("/v1/metrics/organisations/{org_id}/observations/batches", "ObservationWrite"),
}


@pytest.fixture
def public_document(directory_app: FastAPI, metrics_app: FastAPI) -> dict:
    """The document the gateway publishes (merged from the services' own)."""
    return merge({"directory": directory_app.openapi(), "metrics": metrics_app.openapi()}, title="t", version="1")


def body(document: dict, service: str) -> dict:
    path, _ = BULK[service]
    return document["paths"][path]["post"]["requestBody"]


def csv_columns(description: str) -> tuple[list[str], list[str]]:
    found = re.search(r"Columns: ([a-z0-9_, ]+); required: ([a-z0-9_, ]+)\.", description)
    assert found, description
    return found[1].split(", "), found[2].split(", ")


@pytest.mark.parametrize("service", BULK)
def test_a_bulk_json_body_is_an_array_of_the_row_schema(public_document: dict, service: str) -> None:
    described = body(public_document, service)
    array = described["content"]["application/json"]["schema"]

    assert described["required"] is True
    assert array["type"] == "array" and array["items"]["title"] == BULK[service][1]
    assert array["items"]["properties"] and array["items"]["additionalProperties"] is False
    assert "$defs" not in str(array) and "$ref" not in str(array)  # whole, where a generator looks for it


def test_the_batch_body_describes_what_the_batch_reads(public_document: dict) -> None:
    import jsonschema  # here, not at collection: its import costs a second in every worker

    described = body(public_document, "metrics")
    items = jsonschema.Draft202012Validator(described["content"]["application/json"]["schema"]["items"])
    columns, required = csv_columns(described["content"]["text/csv"]["schema"]["description"])

    assert sorted(columns) == sorted(COLUMNS) and sorted(required) == sorted(REQUIRED)
    assert sorted(items.schema["properties"]) == sorted(COLUMNS) and sorted(items.schema["required"]) == sorted(
        REQUIRED
    )
    assert items.is_valid({"indicator": "x_count", "country": "NPL", "period": "2024", "value": 3,
                           "disaggregation": {"sex": "female"}, "visibility": "public"})  # fmt: skip
    assert not items.is_valid({"indicator": "x_count", "country": "NPL", "period": "2024"})  # no value
    assert not items.is_valid({"indicator": "x_count", "country": "NPL", "period": "2024", "value": 3, "x": 1})


def test_the_import_body_describes_what_the_import_reads(public_document: dict) -> None:
    import jsonschema

    described = body(public_document, "directory")
    items = jsonschema.Draft202012Validator(described["content"]["application/json"]["schema"]["items"])
    columns, required = csv_columns(described["content"]["text/csv"]["schema"]["description"])

    assert columns == list(ImportRow.model_fields) and sorted(required) == ["external_id", "name"]
    assert {"countries", "forms", "interventions", "contact_email"} <= set(columns)
    assert items.is_valid({"external_id": "a-1", "name": "Sahel Freedom Watch", "countries": ["MLI", "MRT"]})
    assert not items.is_valid({"name": "No external id"})
