"""Attacks an audit of the per-contribution noise found (docs/privacy.md), each carried out over
the HTTP API by a caller with nothing but its own writes and the answers. Each test asserts that
the attack fails; each failed before the fix it names."""

from fractions import Fraction as F

from fastapi import FastAPI

from tests.conftest import World
from tests.factories import report
from tests.metrics.test_disclosure_attacks import ANON, ask, find, fixed_indicator, num, org_id


def solve_weights(answers: list[tuple[F, F]]) -> F:
    """From published weighted means m_i = Z / (W + w_i), with Z fixed (the others' noisy weighted
    sum plus the attacker's constant weighted amount and its own noise) and w_i the attacker's
    weight: W, the others' total weight. Two answers suffice; the mean over pairs of consecutive
    answers is returned."""
    found = [(m2 * w2 - m1 * w1) / (m1 - m2) for (w1, m1), (w2, m2) in zip(answers, answers[1:], strict=False)]
    return sum(found, F(0)) / len(found)


async def test_weighted_mean_divisor_gives_a_hidden_organisations_weight(metrics_app: FastAPI, world: World) -> None:
    """The divisor of a weighted mean, the sum of the weights, was published without noise (now
    each organisation's weights carry a noise of their own, keyed on their sum).

    Nepal has one organisation V (value 12.5, weight 37: e.g. the number of people its rate is
    over): Nepal is hidden. India has three organisations and the attacker. The attacker reports
    in India a value v with weight w such that v * w = K stays the same (10^12): its contribution
    to the weighted sum, and so its own noise, is one number, while the divisor moves by w. Each
    published weighted mean is Z / (W + w) with Z fixed: two answers give W, the others' total
    weight, to about 10^-8, in India and in Asia alike. Asia minus India is V's weight, exactly.
    Writes: 2 (a report and one revision). Requests: 2 (one per write, region by country)."""
    code = await fixed_indicator(metrics_app, "aud_wmean", aggregation="weighted_mean", value_type="amount")
    victim, attacker = org_id(3000), org_id(3001)
    cell = {"indicator": code, "period": "2024", "visibility": "public"}
    await report(metrics_app, victim, country="NPL", value="12.5", weight=37, **cell)
    for k, (v, w) in enumerate(((5, 10), (15, 20), (25, 30))):
        await report(metrics_app, org_id(3010 + k), country="IND", value=v, weight=w, **cell)
    K = F(10**12)
    seen: dict[str | None, list[tuple[F, F]]] = {"IND": [], None: []}
    for w in (F(1), F(2)):
        await report(metrics_app, attacker, country="IND", value=str(K / w), weight=str(w), **cell)
        answer = await ask(metrics_app, ANON, indicator=code, region="Asia", by="country", period="2024")
        assert find(answer, country="NPL")["value"] is None  # V's country stays hidden
        for country in seen:
            seen[country].append((w, num(find(answer, country=country)["value"])))
    recovered = solve_weights(seen[None]) - solve_weights(seen["IND"])
    assert round(recovered) != 37 or abs(recovered - 37) > F(1, 100), (
        f"V's hidden weight 37 recovered from 2 writes: {float(recovered)}"
    )


def candidates(isolated: F, rounding: F, values: range) -> list[int]:
    """The values v a derivation `isolated` = v + noise (within `rounding`) leaves possible, by
    the contract: a contribution carries 0.5 to 1 times max(0.15 |v|, 2), either sign."""
    out = []
    for v in values:
        size = max(F(15, 100) * abs(v), F(2))
        lo, hi = v - size, v - size / 2
        lo2, hi2 = v + size / 2, v + size
        if any(a - rounding <= isolated <= b + rounding for a, b in ((lo, hi), (lo2, hi2))):
            out.append(v)
    return out


async def test_small_amounts_have_no_noise_floor(metrics_app: FastAPI, world: World) -> None:
    """A contribution of a non-count indicator carried noise proportional to itself, with no floor
    (counts had one of 2): an organisation that reported 0 carried no noise at all, and one that
    reported a small whole amount less noise than the gap between whole amounts. Now every
    contribution's noise has a floor in the indicator's units (2, or 0.02 for ratios).

    Nepal has one organisation (3), Peru one (0): both hidden. India and Brazil have three
    organisations each. Asia minus India is Nepal's 3 with its own noise (0.225 to 0.45 either
    way) within 0.01 of rounding, which only 3 explains among whole amounts; the Americas minus
    Brazil is exactly 0.00, Peru's 0. Writes: 0. Requests: 2, anonymous."""
    code = await fixed_indicator(metrics_app, "aud_small_amount", value_type="amount")
    cell = {"indicator": code, "period": "2024", "visibility": "public"}
    await report(metrics_app, org_id(3100), country="NPL", value=3, **cell)
    await report(metrics_app, org_id(3101), country="PER", value=0, **cell)
    for k, v in enumerate((120, 250, 75)):
        await report(metrics_app, org_id(3110 + k), country="IND", value=v, **cell)
        await report(metrics_app, org_id(3120 + k), country="BRA", value=v + 7, **cell)
    pinned = {}
    for region, hidden, other, true in (("Asia", "NPL", "IND", 3), ("Americas", "PER", "BRA", 0)):
        answer = await ask(metrics_app, ANON, indicator=code, region=region, by="country", period="2024")
        assert find(answer, country=hidden)["value"] is None
        isolated = num(find(answer, country=None)["value"]) - num(find(answer, country=other)["value"])
        left = candidates(isolated, F(1, 100), range(0, 50))
        # Its own noise, at least half the floor, keeps it at least 1 (less rounding) from the truth.
        # A 0 whose noise was drawn below -1 is the one residual: no other amount reaches that low
        # (docs/privacy.md, "the bottom of the range"), so only the 3 must not be pinned.
        if (left == [true] and true != 0) or abs(isolated - true) < 1 - F(2, 100):
            pinned[hidden] = (str(isolated), true)
    assert pinned == {}, f"hidden single contributions recovered exactly: {pinned}"
