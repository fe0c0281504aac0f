"""A fourth audit of the per-contribution noise (docs/privacy.md), aimed at its newest parts: the
weighted mean's numerator floor and divisor noise, the floors of non-count value types, the
min/max grid and the noise cache. Carried out over the HTTP API by a caller with nothing but its
own writes and the answers; each test asserts that its attack fails."""

from fractions import Fraction as F

import pytest
from fastapi import FastAPI

from tests.conftest import World
from tests.factories import report
from tests.metrics.test_disclosure_attacks import ANON, ask, find, fixed_indicator, num, org_id


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


def isolated_weighted_value(pairs: list[tuple[F, F]]) -> F:
    """From pairs (I, R) of a country's and its region's weighted means, asked after each write of
    an attacker in the country that moves only its own weight (its value 0, so its weighted sum
    and that sum's noise stay one number): with Z the country's noisy weighted sum, D_i its noisy
    weights (which the write moves, noise and all), and Y, W' the hidden organisation's noisy
    weighted sum and weights, I = Z / D_i and R = (Z + Y) / (D_i + W'), so
        1/R = Z / (Z + Y) * (1/I) + W' / (Z + Y),
    a line whatever the attacker's own divisor noise. Its slope a and intercept b (least squares)
    give Y / W' = (1 - a) / b: the hidden organisation's weighted mean with its own noise only,
    what a region minus a country is for sums."""
    xs, ys = [1 / i for i, _ in pairs], [1 / r for _, r in pairs]
    n = len(pairs)
    sx, sy = sum(xs, F(0)), sum(ys, F(0))
    sxx, sxy = sum((x * x for x in xs), F(0)), sum((x * y for x, y in zip(xs, ys, strict=True)), F(0))
    a = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    b = (sy - a * sx) / n
    return (1 - a) / b


async def attack(metrics_app: FastAPI, victim: list[tuple[str, int, int]]) -> F:
    """V (Nepal, hidden) reports `victim` (period, percentage, weight); three others and the
    attacker A report in India, A with 0 % and weights 1, 10, 50, 100 (4 writes, one anonymous
    request of Asia by country after each); V's isolated weighted mean as A estimates it."""
    code = await fixed_indicator(metrics_app, "aud4_wmean_zero", aggregation="weighted_mean", value_type="percentage")
    cell = {"indicator": code, "visibility": "public"}
    for period, value, weight in victim:
        await report(metrics_app, org_id(5000), country="NPL", period=period, value=value, weight=weight, **cell)
    for k, (v, w) in enumerate(((30, 4), (45, 6), (60, 5))):
        await report(metrics_app, org_id(5010 + k), country="IND", period="2024", value=v, weight=w, **cell)
    pairs = []
    for w in (1, 10, 50, 100):
        await report(metrics_app, org_id(5001), country="IND", period="2024", value=0, weight=w, **cell)
        answer = await ask(metrics_app, ANON, indicator=code, region="Asia", by="country", period="2024")
        assert find(answer, country="NPL")["value"] is None  # V's country stays hidden
        pairs.append((num(find(answer, country="IND")["value"]), num(find(answer, country=None)["value"])))
    return isolated_weighted_value(pairs)


@pytest.mark.parametrize(
    ("victim", "truth"),
    [
        ([("2024", 0, 50)], F(0)),  # a rate of 0 % over 50 people
        ([("2024-01", 0, 200), ("2024-02", 2, 1)], F(2, 201)),  # 0 % over 200, 2 % over 1: 0.00995
    ],
    ids=["zero", "zero_heavy_weight"],
)
async def test_a_weighted_mean_of_zero_is_not_read_off_to_hundredths(
    metrics_app: FastAPI, world: World, victim: list[tuple[str, int, int]], truth: F
) -> None:
    """A weighted mean's numerator noise has a floor of 2 x the organisation's "mean weight",
    its weighted sum over its sum (`figures._mean_weight`), and 1 when that sum is 0. So an
    organisation whose values are 0 (a rate of 0 % over 50 people) carries a numerator noise of
    1 to 2 *weighted* units, i.e. 1/50 to 2/50 of a percentage point on its own weighted mean,
    where the contract promises 1 to 2 units ("a reported 0 too"); and one whose heavy weights go
    with zeros and a light weight with a small value (0 % over 200, 2 % over 1) gets a mean weight
    of 1 too (the value-weighted mean ignores the zeros' weights).

    Nepal has one organisation V (hidden). India has three others and the attacker A, who reports
    0 % there with a weight it moves: A's weighted sum stays 0, so A's numerator noise is one
    number, and A's divisor noise, redrawn by each write, is absorbed because the country's
    figure I = Z / D_i shows the moved divisor D_i exactly as the region's R = (Z + Y)/(D_i + W')
    sees it. 1/R is then a line in 1/I, and its slope and intercept give Y / W', V's weighted mean
    with V's own noise only. Writes: 4 (A's report and three revisions). Requests: 4 (region by
    country, anonymous). Result: V's 0 within a few hundredths (0 %, not 1 %)."""
    estimate = await attack(metrics_app, victim)
    # V's own noise, 1 to 2 units on its weighted mean (its weights move by 15 % at most), keeps
    # an isolated estimate at least 1 / 1.15 from the truth, less the roundings.
    assert abs(estimate - truth) >= F(8, 10), (
        f"V's weighted mean {float(truth):.4f} read as {float(estimate):.4f} from 4 writes"
    )


async def test_one_organisations_weighted_mean_keeps_its_own_noise(metrics_app: FastAPI, world: World) -> None:
    """The contract: one organisation's contribution, wherever a combination isolates it, carries
    its own noise, 7.5-15 % of it (docs/privacy.md, 4). For a weighted mean the isolated quantity
    is the organisation's weighted mean, (sum + e) / (weights + f), and e and f are drawn from two
    independent keys, each 7.5-15 %: when they have the same sign they cancel, and the ratio
    is published nearer its truth than any single noise allows (here 20 % over 50 people,
    weighted sum 1000: both noises low by about the same share). The attacker cannot tell when,
    but the p% gap is gone: the error is spread over about -26 % to +26 %, with no hole round 0.

    Same attack as above (4 writes, 4 requests): V's 20 % read as 19.96."""
    estimate = await attack(metrics_app, [("2024", 20, 50)])
    assert abs(estimate - 20) >= F(14, 10), f"V's weighted mean 20 read as {float(estimate):.4f} from 4 writes"
