"""The HSDS export and read API against Open Referral's own HSDS 3.0 schemas (hsds_schema/, with
their licence), checked strictly: draft 2020-12 with format checks, and no property HSDS does
not define (`additionalProperties: false` on every object, as the specification checks its own
examples)."""

import copy
import json
import uuid
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from fastapi import FastAPI
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.directory.demo import service as demo_set
from services.directory.demo.generate import generate
from shared.db import session_scope
from tests.directory.conftest import create_org

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = Path(__file__).with_name("hsds_schema")
PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


def strict(schema: Any) -> Any:
    """The schema with every object closed to properties it does not define."""
    if isinstance(schema, dict):
        closed = {k: strict(v) for k, v in schema.items()}
        if "properties" in closed and closed.get("type") == "object":
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


@cache
def compiled(name: str) -> dict[str, Any]:
    return strict(json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8")))


def validator(schema: dict[str, Any]) -> "jsonschema.Draft202012Validator":
    # Imported here, not at collection: the import costs a second in every worker.
    from jsonschema import Draft202012Validator

    registry: Registry = Registry().with_resources(
        (PUBLISHED + f"{name}.json", Resource.from_contents(compiled(name), default_specification=DRAFT202012))
        for name in ("organization", "organization_list")
    )
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def page_schema(full: bool) -> dict[str, Any]:
    """HSDS's own answer to GET /organizations (openapi.json): a `Page` with `contents`, closed."""
    api = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    answer = copy.deepcopy(api["paths"]["/organizations"]["get"]["responses"]["200"]["content"]["application/json"])
    schema = answer["schema"]
    schema["allOf"] = [api["components"]["schemas"]["Page"]]
    if full:
        schema["properties"]["contents"]["items"]["$ref"] = PUBLISHED + "organization.json"
    schema["required"] = ["contents", *api["components"]["schemas"]["Page"]["properties"]]
    schema["unevaluatedProperties"] = False
    return schema


def errors(document: Any, schema: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(document)]


def nested_ids(org: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            found.extend([value["id"]] if "id" in value else [])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(org)
    return found


def test_the_strict_schema_refuses_what_the_old_export_wrote() -> None:
    """The check can fail: an organisation as the export used to write it is refused, field by field."""
    org_id = str(uuid.uuid4())
    old = {
        "id": org_id,
        "name": "Old shape",
        "description": "",
        "email": None,
        "identifiers": [{"identifier_scheme": "external_id", "identifier": "x-1"}],
        "services": [{"id": f"{org_id}:prevention", "name": "Prevention", "status": "active",
                      "service_areas": [{"extent_type": "country", "name": "MLI"}]}],
    }  # fmt: skip

    found = "\n".join(errors(old, compiled("organization")))

    assert "email: None is not of type 'string'" in found
    assert "'identifiers' was unexpected" in found
    assert f"services/0/id: '{org_id}:prevention' is not a 'uuid'" in found
    assert "services/0/service_areas/0: 'id' is a required property" in found


async def test_the_whole_demo_export_is_valid_hsds(directory: httpx.AsyncClient, directory_app: FastAPI) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:  # the test's rolled-back transaction
        await demo_set.load_demo(session, generate(3000, 60))

    first = await directory.get("/v1/directory/exports/hsds.json")
    again = (await directory.get("/v1/directory/exports/hsds.json")).json()
    export = first.json()

    assert first.headers["content-type"].startswith("application/json")
    assert export["total_items"] == len(export["contents"]) >= 3000
    assert [export[k] for k in ("page_number", "total_pages", "first_page", "last_page")] == [1, 1, True, True]
    assert errors({**export, "contents": []}, page_schema(full=True)) == []
    invalid = {o["id"]: errors(o, compiled("organization")) for o in export["contents"]}
    assert {k: v for k, v in invalid.items() if v} == {}
    ids = [i for o in export["contents"] for i in nested_ids(o)]
    assert len(ids) == len(set(ids))  # every nested id names one thing
    assert export["contents"] == again["contents"]  # and the same thing in every export
    demo = [o for o in export["contents"] if o["description"].startswith("[Demo data]")]
    assert len(demo) == 3000 and all(o["services"] and o["organization_identifiers"] for o in demo)
    assert all("extent_type" not in a for o in demo for s in o["services"] for a in s.get("service_areas", []))


async def test_hostile_and_sparse_organisations_are_valid_hsds(
    directory: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    tag = uuid.uuid4().hex[:8]
    hostile = await create_org(
        admin,
        name='"},{"id":null} <script>alert(1)</script> ' + tag,
        acronym="=1+2",
        description="Line one\n\u202eevil ' \" \\ {}",
        contact_email="o'brien+x@example.org",
        contact_phone="+1 (555) 010-0000 ext. 7",
        website="https://example.org/a?b=c&d=%20e#f",
        countries=["MLI", "NPL"],
        languages=["fr", "ne"],
        interventions=["prevention", "research_data"],
        forms=["debt_bondage"],
    )
    sparse = await create_org(admin, name=f"Sparse {tag}")

    export = (await directory.get("/v1/directory/exports/hsds.json")).json()
    found = {o["id"]: o for o in export["contents"]}

    for org in (found[hostile["id"]], found[sparse["id"]]):
        assert errors(org, compiled("organization")) == []
    assert found[hostile["id"]]["name"] == hostile["name"]
    assert found[sparse["id"]] == {"id": sparse["id"], "name": sparse["name"], "description": "", "services": []}
    areas = [a["name"] for s in found[hostile["id"]]["services"] for a in s["service_areas"]]
    assert areas == ["Mali", "Nepal", "Mali", "Nepal"]


async def test_organizations_are_paged_as_hsds_pages_them(
    directory: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    for n in range(5):  # so that page 2 of 2 is full
        await create_org(
            admin, name=f"Paged {n} {uuid.uuid4().hex[:6]}", countries=["NPL"], interventions=["prevention"]
        )
    total = (await directory.get("/v1/directory/hsds/organizations", params={"per_page": 1})).json()["total_items"]

    second = (await directory.get("/v1/directory/hsds/organizations", params={"page": 2, "per_page": 2})).json()
    full = (await directory.get("/v1/directory/hsds/organizations", params={"per_page": 2, "full": "true"})).json()
    beyond = (await directory.get("/v1/directory/hsds/organizations", params={"page": total + 1})).json()
    one = await directory.get(f"/v1/directory/hsds/organizations/{full['contents'][0]['id']}")
    unknown = await directory.get(f"/v1/directory/hsds/organizations/{uuid.uuid4()}")
    bad = await directory.get("/v1/directory/hsds/organizations", params={"page": 0})

    assert errors(second, page_schema(full=False)) == []
    assert errors(full, page_schema(full=True)) == []
    assert errors(beyond, page_schema(full=False)) == []
    assert (second["page_number"], second["size"], second["first_page"]) == (2, 2, False)
    assert second["total_pages"] == -(-total // 2) and second["last_page"] == (total <= 4)
    assert all("services" not in o for o in second["contents"]) and all("services" in o for o in full["contents"])
    assert (beyond["empty"], beyond["contents"], beyond["last_page"]) == (True, [], True)
    assert one.status_code == 200 and one.json() == full["contents"][0]
    assert unknown.status_code == 404
    assert bad.status_code == 422 and "page" in bad.text


@pytest.mark.parametrize("value", ["not-a-uuid", "123e4567-e89b-12d3-a456-42661417400"])
async def test_an_organization_id_that_is_not_a_uuid_is_refused(directory: httpx.AsyncClient, value: str) -> None:
    response = await directory.get(f"/v1/directory/hsds/organizations/{value}")

    assert response.status_code == 422 and "organization_id" in response.text
