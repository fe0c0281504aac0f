"""Fresh draws. An organisation can change a figure's contributions at will without changing
the others' values: revising its own value, or switching a zero-valued report between public and
private. When any such change drew new noise for the whole figure, a few draws of bounded noise
intersected to the exact truth, and a region minus its other countries, both redrawn by one
write, isolated a country one organisation reported alone (docs/privacy.md, "Fresh draws").
Now each contribution carries its own noise, so a write redraws only the writer's. Each test
carries out one such attack with the estimator that knows this: the region minus the country,
averaged over every write, converges to the victim's value plus the victim's own noise, which
no write of the attacker moves. It asserts that the difference never moves by more than
rounding and that the estimate is not the truth."""

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


def attacked(differences: list[F], truth: int) -> None:
    """Region minus country over the attacker's writes: one value up to rounding (no write redrew
    the victim's noise), and its mean, the attacker's best estimate, not the victim's value."""
    assert max(differences) - min(differences) <= 1, f"the victim's noise was redrawn: {sorted(set(differences))}"
    estimate = sum(differences, F(0)) / len(differences)
    assert round(estimate) != truth, f"victim's {truth} recovered from {len(differences)} writes: {estimate}"


async def hidden_in_nepal(app: FastAPI, code: str, victim: int, value: int, others: int, values: tuple) -> None:
    """The victim alone in Nepal (hidden), three other organisations in India."""
    await report(app, org_id(victim), indicator=code, country="NPL", period="2024", value=value, visibility="public")
    for k, v in enumerate(values):
        await report(app, org_id(others + k), indicator=code, country="IND", period="2024", value=v,
                     visibility="public")  # fmt: skip


def india_and_the_rest(answer: dict) -> tuple[F, F]:
    """India's figure, and Asia's minus it: the victim's Nepal, whose own figure stays hidden."""
    assert find(answer, country="NPL")["value"] is None
    india = num(find(answer, country="IND")["value"])
    return india, num(find(answer, country=None)["value"]) - india


async def test_region_minus_country_with_own_revisions_does_not_give_one_org(
    metrics_app: FastAPI, world: World
) -> None:
    code = await fixed_indicator(metrics_app, "atk2_fresh")
    attacker = org_id(901)
    await hidden_in_nepal(metrics_app, code, 900, 6, 910, (1, 2, 3))
    params = {"indicator": code, "region": "Asia", "by": "country", "period": "2024"}
    differences, india = [], set()
    for a in range(0, 24):  # the attacker revises its own public value in India: a, then a + 1 ...
        await report(metrics_app, attacker, indicator=code, country="IND", period="2024", value=a,
                     visibility="public")  # fmt: skip
        ind, rest = india_and_the_rest(await ask(metrics_app, ANON, **params))
        differences.append(rest)
        india.add(ind - a)
    assert len(india) > 1  # the attacker's own noise is redrawn; the others' stays
    attacked(differences, 6)


async def test_larger_figures_do_not_fall_to_zero_valued_reports_toggled_public(
    metrics_app: FastAPI, world: World
) -> None:
    """No false value needed: the attacker reports 0 in each month of the year in India (so the
    figures' true values never change) and switches one of them between public and private per
    write (a Gray code). Its contribution, and so its own noise, never changes: nothing is redrawn."""
    code = await fixed_indicator(metrics_app, "atk2_zeros")
    attacker = org_id(921)
    await hidden_in_nepal(metrics_app, code, 920, 150, 930, (100, 200, 300))
    params = {"indicator": code, "region": "Asia", "by": "country", "period": "2024"}
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    state = [False] * 12
    differences, india = [], set()
    for step in range(1, 61):
        bit = (step & -step).bit_length() - 1  # Gray code: one toggle per step
        state[bit] = not state[bit]
        await report(metrics_app, attacker, indicator=code, country="IND", period=months[bit], value=0,
                     visibility="public" if state[bit] else "private")  # fmt: skip
        ind, rest = india_and_the_rest(await ask(metrics_app, ANON, **params))
        differences.append(rest)
        india.add(ind)
    assert len(india) == 1  # the attacker's sums never change: nothing is redrawn at all
    attacked(differences, 150)


async def test_coalition_view_region_minus_country_does_not_isolate_one_members_shared_value(
    directory_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """Member V alone shares a value in Nepal (the coalition's Nepal figure is therefore the public
    one: hidden). Members W and X share values in India, and the attacker A shares 1 there too, so
    India's coalition figure differs in 3 organisations (opened) and so does Asia's (4). Asia minus
    India in the coalition's view is V's shared value with V's own noise; A's writes (zero-valued
    months shared with the coalition, one per write) redraw nothing."""
    people = [org_id(940 + i) for i in range(7)]
    async with session_scope(directory_app.state.sessionmaker) as s:
        for org in people:
            made = await factories.organisation_in(s, "NPL")
            await s.execute(text("UPDATE directory.organisations SET id = :new WHERE id = :old"), {"new": org, "old": made})  # fmt: skip
        coalition = await factories.coalition_in(s, "NPL", active=people[3:])
    a, v, w, x = people[3:]
    code = await fixed_indicator(metrics_app, "atk2_coal")
    shared = {"visibility": "coalition", "coalition_id": coalition}
    for org, value in zip(people[:3], (1, 2, 3), strict=True):
        await report(metrics_app, org, indicator=code, country="IND", period="2024", value=value, visibility="public")
    await report(metrics_app, v, indicator=code, country="NPL", period="2024", value=6, **shared)
    await report(metrics_app, w, indicator=code, country="IND", period="2024", value=2, **shared)
    await report(metrics_app, x, indicator=code, country="IND", period="2024", value=3, **shared)
    await report(metrics_app, a, indicator=code, country="IND", period="2024-12", value=1, **shared)
    member = as_identity(factories.account(a))
    params = {"indicator": code, "region": "Asia", "by": "country", "period": "2024", "coalition": str(coalition)}

    months = [f"2024-{m:02d}" for m in range(1, 12)]
    state = [False] * 11
    differences, india = [], set()
    for step in range(1, 40):
        ind, rest = india_and_the_rest(await ask(metrics_app, member, **params))  # Nepal: the public figure
        differences.append(rest)
        india.add(ind)
        bit = (step & -step).bit_length() - 1
        state[bit] = not state[bit]
        await report(metrics_app, a, indicator=code, country="IND", period=months[bit], value=0,
                     **(shared if state[bit] else {"visibility": "private"}))  # fmt: skip
    assert len(india) == 1  # the attacker's sums never change: nothing is redrawn at all
    attacked(differences, 6)


async def test_moving_ones_own_value_past_a_minimum_does_not_give_it(metrics_app: FastAPI, world: World) -> None:
    """A minimum is one organisation's value. The attacker sweeps its own value from 20 to 40,
    past the others' minimum, and records each published minimum: below the others' minimum the
    figure is its own value's, above it the others'. Worlds whose minimum is 30, 31 or 32 must
    not all look different to it (every value of a bin publishes the same figure)."""
    code = await fixed_indicator(metrics_app, "atk2_min", aggregation="min")
    victim, attacker = org_id(960), org_id(961)
    await report(metrics_app, org_id(962), indicator=code, country="NPL", period="2024", value=70, visibility="public")
    params = {"indicator": code, "country": "NPL", "period": "2024"}
    seen = {}
    for minimum in (30, 31, 32):
        await report(metrics_app, victim, indicator=code, country="NPL", period="2024", value=minimum,
                     visibility="public")  # fmt: skip
        sweep = []
        for a in range(20, 41):
            await report(metrics_app, attacker, indicator=code, country="NPL", period="2024", value=a,
                         visibility="public")  # fmt: skip
            sweep.append(find(await ask(metrics_app, ANON, **params), country="NPL")["value"])
        seen[minimum] = tuple(sweep)
    assert len(set(seen.values())) < 3, f"each minimum told apart by the attacker's sweep: {seen}"
