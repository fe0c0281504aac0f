"""A second audit of the per-contribution noise (docs/privacy.md), carried out over the HTTP API by
callers with nothing but their own writes and the answers. Each test asserts that its attack
fails; the first and last failed before their fixes (a grid edge at 0, no "-0"), and the second
holds an attacker to the residual docs/privacy.md states for colluders."""

from fractions import Fraction as F

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from shared.db import session_scope
from tests import factories
from tests.conftest import World, as_identity
from tests.factories import report
from tests.metrics.test_disclosure_attacks import ANON, ask, find, fixed_indicator, num, org_id


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


async def test_a_maximum_at_the_edge_of_the_count_scale_is_not_pinned(metrics_app: FastAPI, world: World) -> None:
    """A maximum is published as the middle of its bin on a fixed grid; bins are 4 units wide near
    zero. They were offset by a key: counts cannot be negative, so the bin holding 0 could hold no
    other count (it spanned about [-3.4, 0.6) here, and 1 fell in the next bin): every value of
    that bin gave the same figure, but the bin had only one possible value. Now 0 is a bin edge.

    Three organisations report a count in Nepal. The attacker asks Nepal's maximum, then reports
    1 there itself (one write) and asks again. If the figure moved, the others' maximum was
    below 1: every one of them reported exactly 0 (and the same figure anywhere else now says
    so without any write). Worlds whose maximum is 0 or 1 must look the same to the attacker.
    Writes: 1. Requests: 2."""
    code = await fixed_indicator(metrics_app, "aud2_max0", aggregation="max")
    attacker = org_id(4003)
    cell = {"indicator": code, "country": "NPL", "period": "2024"}
    params = {**cell, "by": "country"}
    seen = {}
    for maximum in (0, 1):
        for k, value in enumerate((0, maximum, 0)):
            await report(metrics_app, org_id(4000 + k), **cell, value=value, visibility="public")
        await report(metrics_app, attacker, **cell, value=1, visibility="private")
        before = find(await ask(metrics_app, ANON, **params), country="NPL")["value"]
        await report(metrics_app, attacker, **cell, value=1, visibility="public")
        after = find(await ask(metrics_app, ANON, **params), country="NPL")["value"]
        seen[maximum] = (before, after)
    assert seen[0] == seen[1], f"a maximum of exactly 0 told apart from 1: {seen}"


async def test_two_colluding_members_get_a_shared_value_only_with_its_own_noise(
    directory_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """A coalition's view is its own only where 3 organisations put something different into it,
    so that "the difference between the two views always spans at least three organisations'
    changes, each with its own noise" (docs/privacy.md, 8). But a contribution's noise is keyed on
    its amount alone, not on where it is: an organisation measures the noise of its own 0 on any
    public figure (the figure with its public 0 minus the figure without it: the others' noise is
    not redrawn), and that noise is the same in every figure of the indicator.

    Members C1 and C2 each report a public 0 in Nepal's 2023 figure (three other organisations):
    two writes, three requests, and each knows its own 0's noise to a cent. Then both share a 0
    with the coalition in Nepal 2024, where member V shared 40 with it (and nothing publicly):
    three organisations differ, the view opens, and the coalition's view minus the public one,
    less the two known noises, is V's coalition-only 40 with V's noise alone (7.5-15 %), read
    from one request, as if V had reported it publicly alone in a country.
    Writes: 4 (two public 0s, two shared 0s). Requests: 5.

    docs/privacy.md states this residual (colluders know their own noise); what must hold is that
    V's value is never read better than its own noise allows: at least 7.5 % of it away."""
    people = [org_id(4100 + i) for i in range(6)]  # three public only, then members C1, C2, V
    async with session_scope(directory_app.state.sessionmaker) as s:
        for org in people:
            made = await factories.organisation_in(s, "NPL")
            await s.execute(text("UPDATE directory.organisations SET id = :new WHERE id = :old"), {"new": org, "old": made})  # fmt: skip
        coalition = await factories.coalition_in(s, "NPL", active=people[3:])
    c1, c2, v = people[3:]
    code = await fixed_indicator(metrics_app, "aud2_coal", value_type="amount")
    shared = {"visibility": "coalition", "coalition_id": coalition}
    for period in ("2023", "2024"):
        for org, value in zip(people[:3], (100, 200, 300), strict=True):
            await report(metrics_app, org, indicator=code, country="NPL", period=period, value=value,
                         visibility="public")  # fmt: skip
    await report(metrics_app, v, indicator=code, country="NPL", period="2024", value=40, **shared)

    calibration = {"indicator": code, "country": "NPL", "by": "country", "period": "2023"}
    published = [num(find(await ask(metrics_app, ANON, **calibration), country="NPL")["value"])]
    for colluder in (c1, c2):  # each adds a public 0 to a public figure: the step is its 0's noise
        await report(metrics_app, colluder, indicator=code, country="NPL", period="2023", value=0, visibility="public")
        published.append(num(find(await ask(metrics_app, ANON, **calibration), country="NPL")["value"]))
    own_noise = published[-1] - published[0]

    for colluder in (c1, c2):
        await report(metrics_app, colluder, indicator=code, country="NPL", period="2024", value=0, **shared)
    params = {"indicator": code, "country": "NPL", "by": "country", "period": "2024"}
    public = num(find(await ask(metrics_app, ANON, **params), country="NPL")["value"])
    member = as_identity(factories.account(c1))
    view = num(find(await ask(metrics_app, member, coalition=str(coalition), **params), country="NPL")["value"])
    estimate = view - public - own_noise

    # What is left is V's 40 and V's own noise (0.5 to 1 times 15 % of 40), within the roundings.
    left = abs(estimate - 40)
    assert F(3) - F(5, 100) <= left <= F(6) + F(5, 100), f"V's shared 40 read as {float(estimate)}"


async def test_a_count_is_not_published_below_zero_even_as_minus_zero(metrics_app: FastAPI, world: World) -> None:
    """Counts are published as whole numbers "and not below 0": a noisy value below zero is
    published as 0, so that 0 stands for every small or negative noisy value alike. But a noisy
    value in [-0.5, 0) rounds to Decimal('-0'), which max(., 0) keeps (equal to 0, and first), and
    the answer says "-0": the sign of the noise, and a band half a unit wide, where "0" covers
    (-inf, -0.5) and [0, 0.5]. Four organisations reporting 0 in Nepal (no write of the attacker,
    one anonymous request)."""
    code = await fixed_indicator(metrics_app, "aud2_negzero")
    for n in (4200, 4201, 4202, 4204):
        await report(metrics_app, org_id(n), indicator=code, country="NPL", period="2024", value=0, visibility="public")
    answer = await ask(metrics_app, ANON, indicator=code, country="NPL", by="country", period="2024")
    assert find(answer, country="NPL")["value"] == "0", find(answer, country="NPL")
