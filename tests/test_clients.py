"""The clients kept in `clients/` are generated from the API's OpenAPI document: this fails
when they drift from it (regenerate with `make clients`), and shows the Python one working."""

import re
import sys

from fastapi import FastAPI

from hub.openapi import document, dumps
from tests.conftest import ROOT
from tests.support.apps import asgi_client

CLIENTS = ROOT / "clients"
# Operations whose body is a file in several media types, which the Python generator may leave
# out (call them with the client's own httpx client, as docs/integration.md shows).
FILE_UPLOADS = {"create_import", "submit_batch"}


def operation_ids(doc: dict) -> set[str]:
    return {op["operationId"] for item in doc["paths"].values() for op in item.values()}


def test_the_kept_document_is_the_apis() -> None:
    kept = (CLIENTS / "openapi.json").read_text()

    assert kept == dumps(document()), "the API changed: run `make clients` and commit clients/"


def test_the_python_client_has_a_function_per_operation() -> None:
    doc = document()
    modules = {p.stem for p in (CLIENTS / "python" / "coalition_hub_client" / "api").glob("*/*.py")}
    models = (CLIENTS / "python" / "coalition_hub_client" / "models").glob("*.py")

    assert operation_ids(doc) - FILE_UPLOADS <= modules
    assert modules - {"__init__"} <= operation_ids(doc)  # nothing left from an older document
    assert "aggregates_read" in {p.stem for p in models}


def test_the_typescript_types_have_every_operation_and_schema() -> None:
    doc = document()
    types = (CLIENTS / "typescript" / "schema.d.ts").read_text()
    operations = types[types.index("export interface operations {") :]

    assert set(re.findall(r"^    ([A-Za-z0-9_]+): \{$", operations, re.M)) == operation_ids(doc)
    for name in doc["components"]["schemas"]:
        assert re.search(rf"^        {re.escape(name)}: ", types, re.M), name


async def test_the_python_client_reads_through_the_gateway(gateway_app: FastAPI) -> None:
    sys.path.insert(0, str(CLIENTS / "python"))
    try:
        from coalition_hub_client import Client
        from coalition_hub_client.api.directory_reference_data import list_countries
        from coalition_hub_client.models import PageCountryRead
    finally:
        sys.path.remove(str(CLIENTS / "python"))
    client = Client(base_url="http://gateway").set_async_httpx_client(asgi_client(gateway_app, "http://gateway"))

    async with client:
        page = await list_countries.asyncio(client=client, pathfinder=True)

    assert isinstance(page, PageCountryRead)
    assert len(page.items) == 15 and all(c.pathfinder for c in page.items)
