"""SDMX exports read by pysdmx against the structure the service publishes: every file of every
kind of table, in SDMX-CSV 1.0 and 2.0, must be an instance of the dataflow (every dimension a
column, every coded value in its codelist, every time period an SDMX time period), and hold the
same figures as the API."""

import re
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import Codelist, Role, Schema

from services.metrics.exports import sdmx
from tests.conftest import World, as_anonymous
from tests.factories import adopted, report
from tests.support.apps import asgi_client

CSV = {"1.0": "application/vnd.sdmx.data+csv;version=1.0.0", "2.0": "application/vnd.sdmx.data+csv;version=2.0.0"}
ML = {
    "2.1": "application/vnd.sdmx.structure+xml;version=2.1",
    "3.0": "application/vnd.sdmx.structure+xml;version=3.0.0",
}
# ObservationalTimePeriod's standard forms: Gregorian (2024, 2024-05, 2024-05-31) and reporting (2024-Q2, ...).
TIME_PERIOD = re.compile(
    r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$|^\d{4}-(A1|S[12]|T[1-3]|Q[1-4]|M(0[1-9]|1[0-2])|W\d{2}|D\d{3})$"
)
UNIT = "people (=1+2, ≥ 18)"  # free text, hostile: its code must still be an SDMX id


@pytest.fixture
async def client(metrics_app: FastAPI) -> Any:
    async with asgi_client(metrics_app, "http://metrics", signer=as_anonymous()) as c:
        yield c


@pytest.fixture(autouse=True)
def _rolled_back(module_world_each_test: World) -> None:
    """Each test's writes roll back to the module's data (`code`)."""


@pytest.fixture(scope="module")
async def code(module_world: World, metrics_app: FastAPI) -> str:
    """Four organisations report in Nepal (by sex, and a larger total: the rest not stated), three in India, two in Peru,
    over two years and a quarter; one private value of 1,000 must never leave. Written once for
    the module, in the transaction its world is made in (the tests only read it)."""
    code = await adopted(metrics_app, prefix="sdmx", unit=UNIT, disaggregations=["sex", "age_group"])
    orgs = [uuid.uuid4() for _ in range(5)]
    for n, org in enumerate(orgs[:4]):
        for period, sex, value in (("2023", "female", 10), ("2024", "male", 10), ("2024-Q1", "female", 10),
                                   ("2024", "", 100)):  # fmt: skip
            breakdown = {"sex": sex} if sex else {}
            await report(metrics_app, org, indicator=code, country="NPL", period=period, value=value + n,
                         disaggregation=breakdown, visibility="public")  # fmt: skip
    for org in orgs[:3]:
        await report(metrics_app, org, indicator=code, country="IND", period="2024", value=5, visibility="public")
    for org in orgs[:2]:
        await report(metrics_app, org, indicator=code, country="PER", period="2024", value=7, visibility="public")
    await report(metrics_app, orgs[4], indicator=code, country="NPL", period="2024", value=1000, visibility="private")
    return code


async def structure(client: httpx.AsyncClient, version: str = "2.1") -> str:
    response = await client.get(sdmx.DATAFLOW_URL, headers={"accept": ML[version]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(ML[version])
    return response.text


def mismatches(data: str, published: str) -> list[str]:
    """Where `data` differs from the published structure, as pysdmx reads both."""
    try:
        [dataset] = get_datasets(data, published)
    except Exception as error:  # noqa: BLE001 - any failure to read is a mismatch
        return [f"pysdmx cannot read it: {error!r}"]
    schema = dataset.structure
    if not isinstance(schema, Schema):
        return [f"no published structure for {schema}"]
    frame = dataset.data
    found = []
    expected = [c.id for c in schema.components]
    if list(frame.columns) != expected:
        return [f"columns {list(frame.columns)} are not the components {expected}"]
    for component in schema.components:
        values = frame[component.id]
        present = values.dropna()
        # The measure may be absent (SDMX's missing value): the last check says when.
        if component.required and component.role != Role.MEASURE and len(present) != len(values):
            found.append(f"{component.id}: a required value is missing")
        if isinstance(component.enumeration, Codelist):
            codes = {c.id for c in component.enumeration.codes}
            found += [f"{component.id}: {v!r} is not in {component.enumeration.id}" for v in set(present) - codes]
        if component.id == "TIME_PERIOD":
            found += [f"TIME_PERIOD: {v!r} is not a time period" for v in present if not TIME_PERIOD.match(str(v))]
    dimensions = [c.id for c in schema.components.dimensions]
    if frame.duplicated(subset=dimensions).any():
        found.append("two observations have the same key")
    if (frame["OBS_VALUE"].isna() != (frame["OBS_CONF"] == "C")).any():
        found.append("a value is missing where it is not confidential, or given where it is")
    return found


async def test_the_structure_is_published_as_valid_sdmx_ml(client: httpx.AsyncClient, code: str) -> None:
    messages = {v: read_sdmx(await structure(client, v), validate=True) for v in ML}  # against SDMX's XSDs
    dsd = (await client.get(sdmx.DSD_URL)).text
    units = await client.get(sdmx.CODELIST_URL.format(codelist_id="CL_UNIT"))
    unknown = await client.get(sdmx.CODELIST_URL.format(codelist_id="CL_NOTHING"))

    for message in messages.values():
        [flow] = message.get_dataflows()
        assert (flow.agency, flow.id, flow.version) == ("COALITION_HUB", "IMPACT", "1.0")
        [dsd_model] = message.get_data_structure_definitions()
        assert [d.id for d in dsd_model.components.dimensions] == [d.id for d in sdmx.DIMENSIONS]
        indicators = message.get_codelist("Codelist=COALITION_HUB:CL_INDICATOR(1.0)")
        assert f"Indicator {code}" in {c.name for c in indicators.codes if c.id == code}
    assert "DSD_IMPACT" in dsd and "<str:Dataflow " not in dsd
    assert (
        units.status_code == 200 and f'id="{sdmx.unit_code(UNIT)}"' in units.text and "CL_INDICATOR" not in units.text
    )
    assert re.fullmatch(r"[A-Za-z0-9_@$\-]+", sdmx.unit_code(UNIT))
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


TABLES = [
    {"country": "NPL", "period": "2024"},
    {"by": "period"},
    {"by": "country,period"},
    {"region": "Asia", "by": "country", "period": "2024"},
    {"by": "sex", "period": "2024"},
    {"by": "sex,age_group", "country": "NPL", "period": "2024"},
    {"by": "period", "country": "NPL", "granularity": "quarter"},
]


@pytest.mark.parametrize("version", CSV)
@pytest.mark.parametrize("table", TABLES, ids=lambda t: "&".join(f"{k}={v}" for k, v in t.items()))
async def test_every_export_is_an_instance_of_the_published_structure(
    client: httpx.AsyncClient, code: str, table: dict[str, str], version: str
) -> None:
    params = {"indicator": code, **table}
    published = await structure(client, "2.1" if version == "1.0" else "3.0")
    api = (await client.get("/v1/metrics/aggregates", params=params)).json()
    response = await client.get(
        "/v1/metrics/exports/aggregates.sdmx.csv", params=params, headers={"accept": CSV[version]}
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(CSV[version])
    assert response.headers["link"] == f'<{sdmx.DATAFLOW_URL}>; rel="describedby"'
    assert mismatches(response.text, published) == []
    [dataset] = get_datasets(response.text, published)
    frame = dataset.data
    assert len(frame) > 0 and "1000" not in response.text
    # The same figures as the API (from the same disclosure control), but totals over every period.
    figures = [f for f in (*api["cells"], *api["totals"]) if "period" not in api["by"] or f["period"]]
    assert Counter((f["value"] and Decimal(f["value"]), f["status"], f["contributors"]) for f in figures) == Counter(
        (None if pd.isna(v) else Decimal(str(v)), s, None if pd.isna(c) else int(c))
        for v, s, c in zip(frame["OBS_VALUE"], frame["OBS_CONF"], frame["CONTRIBUTORS"], strict=True)
    )
    # The filters are columns: a file alone says which indicator, place, time and unit it is for.
    assert set(frame["INDICATOR"]) == {code} and set(frame["UNIT_MEASURE"]) == {sdmx.unit_code(UNIT)}
    assert set(frame["FREQ"]) == {"Q" if table.get("granularity") == "quarter" else "A"}
    if "country" in table:
        assert set(frame["REF_AREA"]) == {table["country"]}
    if "period" in table:
        assert set(frame["TIME_PERIOD"]) == {table["period"]}
    for dimension in sdmx.BREAKDOWNS:
        if dimension.query not in table.get("by", ""):
            assert set(frame[dimension.id]) == {"_T"}


async def test_totals_take_the_code_of_what_they_cover(client: httpx.AsyncClient, code: str) -> None:
    async def read(**params: str) -> Any:
        text = (await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params={"indicator": code, **params})).text
        return get_datasets(text, await structure(client))[0].data

    region = await read(region="Asia", by="country", period="2024")
    world = await read(by="country", period="2024")
    sexes = await read(by="sex", period="2024", country="NPL")

    assert set(region["REF_AREA"]) == {"NPL", "IND", "142"}  # Asia's total by its M49 code
    assert {"NPL", "PER", "_T"} <= set(world["REF_AREA"])
    assert set(sexes["SEX"]) == {"male", "_U", "_T"}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"by": "country"}, "period"), ({"by": "country", "region": ["Asia", "Africa"], "period": "2024"}, "region")],
)
async def test_a_table_sdmx_cannot_key_is_refused(
    client: httpx.AsyncClient, code: str, params: dict[str, Any], field: str
) -> None:
    response = await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params={"indicator": code, **params})

    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_the_check_finds_what_does_not_match(client: httpx.AsyncClient, code: str) -> None:
    """The check can fail: a file with an unknown area, a total as a time period, a column missing."""
    params = {"indicator": code, "country": "NPL", "period": "2024"}
    text = (await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params=params)).text
    published = await structure(client)
    header, *rows = text.splitlines()

    unknown_area = "\n".join([header, *(r.replace(",NPL,", ",XXX,") for r in rows)])
    total_time = "\n".join([header, *(r.replace(",2024,", ",_T,") for r in rows)])
    no_freq = "\n".join(line.replace(",A,", ",", 1).replace("FREQ,", "", 1) for line in [header, *rows])

    assert "REF_AREA: 'XXX' is not in CL_AREA" in mismatches(unknown_area, published)
    assert "TIME_PERIOD: '_T' is not a time period" in mismatches(total_time, published)
    assert mismatches(no_freq, published)[0].startswith("columns ['INDICATOR', 'REF_AREA',")
