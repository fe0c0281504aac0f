"""A fifth audit, of the ways figures reach callers other than the aggregates' disclosure control
itself (docs/privacy.md): roll-ups read beside live rows, progress against targets, deserts,
exports and the figures' caching. Each test is an attack carried out over the HTTP API by a
caller with nothing but its own writes and the answers, and asserts that it fails; expectations
are worked out from the answers and the values the test wrote, not from the service's code."""

import csv
import io
import uuid
from fractions import Fraction as F
from typing import Any

from fastapi import FastAPI

from services.metrics.rollups import service as rollups
from shared.db import session_scope
from tests import factories
from tests.conftest import World, as_anonymous, as_identity
from tests.factories import report
from tests.support.apps import asgi_client

ANON = as_anonymous()
PLATFORM_ADMIN = as_identity(factories.account(None, platform_admin=True))


async def ask(app: FastAPI, signer: Any, **params: Any) -> dict[str, Any]:
    async with asgi_client(app, "http://metrics", signer=signer) as client:
        response = await client.get("/v1/metrics/aggregates", params=params)
    assert response.status_code == 200, f"{params}: {response.text}"
    return dict(response.json())


def total(answer: dict[str, Any]) -> F | None:
    """The answer's one total (every dimension summed over), None when hidden or absent."""
    found = [t for t in answer["totals"] if all(v is None for k, v in t.items() if k in answer["by"])]
    return F(found[0]["value"]) if found and found[0]["value"] is not None else None


async def test_a_breakdown_added_to_an_indicator_does_not_open_a_coalition_view_for_one_member(
    directory_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """Roll-ups keep each table shape an indicator had when they were refreshed. A platform admin
    adds a breakdown (age_group) to an indicator reported by sex; the years nobody writes again
    keep no roll-ups of the new shapes. Asked by age group, the public figure of such a year was
    then read from the roll-ups (nothing: the figure was missing) while the coalition's view was
    read from the observations (everything): every public contributor looked like one that
    "puts something different into the coalition's view", so the view opened for one member's
    shared value, V's 600, which three differing organisations should have covered. One write of
    the attacker's own (a private 0 in the same year) then marked the year and made the public
    figure whole: the coalition's figure before minus the public one after was V's 600 with V's
    own noise only, read by one member alone (the design needs two colluders sharing zeros).

    Writes: 1 (the attacker's private 0). Requests: 2. Before the fix: 600 within 15 %."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        public = [await factories.organisation_in(s, "NPL") for _ in range(3)]
        victim, attacker = await factories.organisation_in(s, "NPL"), await factories.organisation_in(s, "NPL")
        coalition = await factories.coalition_in(s, "NPL", active=[victim, attacker])
    code = await factories.adopted(metrics_app, prefix="side_shape", disaggregations=["sex"])
    cell = {"indicator": code, "country": "NPL", "period": "2023", "disaggregation": {"sex": "female"}}
    for org, value in zip(public, (100, 200, 300), strict=True):
        await report(metrics_app, org, value=value, visibility="public", **cell)
    await report(metrics_app, victim, value=600, visibility="coalition", coalition_id=coalition, **cell)
    await rollups.refresh_all(metrics_app.state.sessionmaker)
    async with asgi_client(metrics_app, "http://metrics", signer=PLATFORM_ADMIN) as client:
        current = (await client.get(f"/v1/metrics/indicators/{code}")).json()["content"]
        revised = await client.post(
            f"/v1/metrics/indicators/{code}/versions",
            json={**{k: current[k] for k in ("name", "definition", "method_note", "unit", "value_type")},
                  "aggregation": "sum", "disaggregations": ["sex", "age_group"], "change_note": "By age too."},
        )  # fmt: skip
    assert revised.status_code == 201, revised.text

    by_age = {"indicator": code, "country": "NPL", "period": "2023", "by": "age_group"}
    as_attacker = as_identity(factories.account(attacker))
    seen_by_coalition = total(await ask(metrics_app, as_attacker, **by_age, coalition=str(coalition)))
    seen_publicly = total(await ask(metrics_app, ANON, **by_age))
    by_period = total(await ask(metrics_app, ANON, indicator=code, country="NPL", by="period"))
    await report(metrics_app, attacker, value=0, visibility="private", **cell)  # marks the year
    public_after = total(await ask(metrics_app, ANON, **by_age))
    await rollups.refresh_all(metrics_app.state.sessionmaker)
    refreshed = total(await ask(metrics_app, ANON, **by_age))

    # The same public contributions publish the same number whichever `by` is asked, at once and
    # after the roll-ups were made again.
    assert by_period is not None and abs(by_period - 600) <= F(15, 100) * 600 + 1
    assert seen_publicly == by_period == public_after == refreshed
    # One member's shared value does not make a coalition's figure of its own.
    assert seen_by_coalition == seen_publicly
    estimate = seen_by_coalition - public_after if seen_by_coalition is not None else F(0)
    assert abs(estimate - 600) > F(15, 100) * 600 + 1, f"V's shared 600 read as {estimate}"


async def test_progress_deserts_and_exports_answer_an_organisation_the_public_figures(
    metrics_app: FastAPI, world: World
) -> None:
    """An organisation with private values of its own (2024 beside three public ones, and 2025
    alone) asks every other door that carries figures: progress against a target, deserts, the
    CSV, JSON and SDMX-CSV exports. Each must publish what an anonymous caller reads from the
    aggregates (value, status, contributors, coverage), its own values only as `own`, and the year
    it reported alone as a hidden figure that nothing else describes."""
    code = await factories.adopted(metrics_app, prefix="side_doors")
    attacker = uuid.uuid4()
    for org, year, value, visibility in [
        *((uuid.uuid4(), "2024", v, "public") for v in (40, 50, 60)),
        (attacker, "2024", 7000, "private"),
        (attacker, "2025", 9000, "private"),
    ]:
        await report(metrics_app, org, indicator=code, country="BGD", period=year, value=value, visibility=visibility)
    as_attacker = as_identity(factories.account(attacker))
    question = {"indicator": code, "country": "BGD", "by": "period"}
    public = await ask(metrics_app, ANON, **question)
    async with asgi_client(metrics_app, "http://metrics", signer=PLATFORM_ADMIN) as client:
        target = {"baseline_period": "2020", "baseline_value": 0, "target_period": "2030", "target_value": 300}
        assert (await client.put(f"/v1/metrics/targets/{code}/BGD", json=target)).status_code == 200
    async with asgi_client(metrics_app, "http://metrics", signer=as_attacker) as client:
        progress = (await client.get(f"/v1/metrics/targets/{code}/BGD/progress")).json()
        deserts = (await client.get("/v1/metrics/deserts", params={"indicator": code, "region": "Asia"})).json()
        exported = {
            kind: await client.get(f"/v1/metrics/exports/aggregates.{kind}", params=question)
            for kind in ("json", "csv", "sdmx.csv")
        }

    shown = ("value", "status", "contributors", "coverage")
    [published] = [{k: c[k] for k in shown} for c in public["cells"] if c["period"] == "2024"]
    assert published["status"] == "F" and [c["period"] for c in public["cells"]] == ["2024"]
    seen = {c["period"]: c for c in progress["series"]}
    assert {k: seen["2024"][k] for k in shown} == published and seen["2024"]["own"] == "7000"
    assert seen["2025"] == {"period": "2025", "value": None, "status": "C", "contributors": None,
                            "coverage": None, "own": "9000"}  # fmt: skip
    assert progress["latest_period"] == "2024" and progress["latest_value"] == published["value"]
    [bgd] = [c for c in deserts["countries"] if c["country"] == "BGD"]
    everything = await ask(metrics_app, ANON, indicator=code)  # every period: the deserts' question
    [all_periods] = [{k: c[k] for k in shown} for c in everything["cells"] if c["country"] == "BGD"]
    assert {k: bgd["figure"][k] for k in shown} == all_periods and bgd["figure"]["own"] == "16000"
    as_json = {c["period"]: c for c in exported["json"].json()["cells"]}
    assert {k: as_json["2024"][k] for k in shown} == published and as_json["2025"]["value"] is None
    rows = {r["period"]: r for r in csv.DictReader(io.StringIO(exported["csv"].text))}
    assert (rows["2024"]["value"], rows["2024"]["own"], rows["2025"]["value"]) == (published["value"], "7000", "")
    assert rows["2025"]["contributors"] == rows["2025"]["coverage"] == ""
    sdmx_rows = {r["TIME_PERIOD"]: r for r in csv.DictReader(io.StringIO(exported["sdmx.csv"].text))}
    assert sdmx_rows["2024"]["OBS_VALUE"] == published["value"] and "own" not in sdmx_rows["2024"]
    assert (sdmx_rows["2025"]["OBS_VALUE"], sdmx_rows["2025"]["CONTRIBUTORS"]) == ("", "")
