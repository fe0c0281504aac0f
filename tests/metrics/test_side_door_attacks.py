"""A fifth audit, of the ways figures reach callers other than the aggregates' disclosure control
itself (docs/privacy.md): roll-ups read beside live rows, progress against targets, deserts,
exports and the figures' caching. Each test is an attack carried out over the HTTP API by a
caller with nothing but its own writes and the answers, and asserts that it fails; expectations
are worked out from the answers and the values the test wrote, not from the service's code."""

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
