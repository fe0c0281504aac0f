"""The disclosure decision of one figure (privacy.decide) and a coalition's choice
(privacy.choose), on figures built by hand. The attacker that combines whole answers is in
test_disclosure_attacks.py."""

from decimal import Decimal
from itertools import groupby

from hypothesis import given
from hypothesis import strategies as st

from services.metrics import privacy

RULES = privacy.Rules(secret=b"test cell key")


def figure(*values: int, orgs: list[str] | None = None, who: int = 0) -> privacy.Figure:
    """A figure of `values`, each another organisation's (`who` picks which organisations)."""
    orgs = orgs or [f"org-{who}-{i}" for i in range(len(values))]
    amounts = {o: Decimal(v) for o, v in zip(orgs, values, strict=True)}
    return privacy.Figure(("NPL",), amounts, Decimal(sum(values)))


def decide(f: privacy.Figure, *, sensitive: bool = False, whole: bool = True) -> privacy.Published:
    return privacy.decide(
        f, RULES, indicator="people", method="sum", sensitive=sensitive, floor=RULES.floor, whole=whole
    )


def noise(f: privacy.Figure) -> Decimal:
    moved, divisor = privacy.noise(f, RULES, indicator="people", method="sum", floor=RULES.floor)
    assert divisor == 0  # a sum's divisor is exact
    return moved


def test_a_figure_of_two_organisations_is_hidden_with_nothing_else() -> None:
    assert decide(figure(10, 20)) == privacy.Published("C", None, None)


@given(st.lists(st.integers(0, 6), min_size=3, max_size=6), st.integers(1990, 2030))
def test_a_sensitive_count_is_never_published_between_0_and_its_threshold(values: list[int], year: int) -> None:
    published = decide(figure(*values, who=year), sensitive=True)
    assert published.status == "C" or published.value == 0 or published.value >= RULES.min_sensitive_count
    assert decide(figure(*values, who=year)).status == "F"  # not sensitive: always published


def test_whether_a_small_sensitive_count_is_hidden_depends_on_its_noise() -> None:
    statuses = {
        truth: {decide(figure(truth, 0, 0, who=year), sensitive=True).status for year in range(2000, 2030)}
        for truth in (1, 3, 5, 6)
    }
    assert statuses == {1: {"C", "F"}, 3: {"C", "F"}, 5: {"C", "F"}, 6: {"C", "F"}}
    assert decide(figure(10, 20, 30), sensitive=True).status == "F"


def test_the_same_contributions_give_the_same_figure_and_a_change_draws_new_noise() -> None:
    first = decide(figure(10, 20, 30, 40))
    assert decide(figure(10, 20, 30, 40)) == first
    others = {decide(figure(10, 20, 30, 40, who=k)).value for k in range(1, 6)}
    assert len(others | {first.value}) > 1


@given(st.lists(st.integers(0, 1_000), min_size=1, max_size=40, unique=True))
def test_a_write_redraws_only_the_writers_own_noise(revisions: list[int]) -> None:
    """Whatever an organisation writes, the noise on the others' contributions stays the same:
    the figure's noise minus the writer's own is one number."""
    others = figure(6, 9, 150, orgs=["a", "b", "c"])
    rest = set()
    for amount in revisions:
        with_mine = privacy.Figure(("NPL",), {**others.amounts, "attacker": Decimal(amount)}, others.numerator + amount)
        alone = privacy.Figure(("NPL",), {"attacker": Decimal(amount)}, Decimal(amount))
        rest.add(noise(with_mine) - noise(alone))
    assert max(rest) - min(rest) < Decimal("1e-9") and abs(min(rest) - noise(others)) < Decimal("1e-9")


@given(st.integers(0, 100_000), st.integers(0, 3))
def test_one_contribution_is_never_known_to_better_than_half_its_noise_size(amount: int, who: int) -> None:
    one = figure(amount, who=who)
    assert Decimal("0.075") * amount <= abs(noise(one)) <= max(Decimal("0.15") * amount, Decimal(2))
    assert abs(noise(one)) >= 1


@given(st.lists(st.integers(0, 10_000), min_size=3, max_size=30))
def test_a_published_count_stays_within_the_sum_of_its_contributions_bounds(values: list[int]) -> None:
    published = decide(figure(*values))
    bound = sum(max(Decimal(2), Decimal("0.15") * v) for v in values)
    assert published.status == "F" and published.value is not None
    assert abs(published.value - sum(values)) <= bound + Decimal("0.5")
    assert abs(published.contributors - len(values)) <= 1 and published.contributors >= 3


@given(st.integers(0, 10**12), st.sampled_from(["min", "max"]), st.booleans())
def test_min_and_max_publish_the_middle_of_their_bin(value: int, method: str, counts: bool) -> None:
    amounts = {o: Decimal(value) for o in "abc"}
    published = privacy.decide(
        privacy.Figure(("NPL",), amounts, Decimal(value), single=True),
        RULES, indicator="wage", method=method, sensitive=False, floor=RULES.floor_of("count" if counts else "ratio"),
        whole=counts,
    )  # fmt: skip
    assert published.value is not None
    assert abs(published.value - value) <= Decimal("0.15") * value + (Decimal("2.5") if counts else Decimal("0.025"))


def test_every_value_of_a_bin_publishes_the_same_minimum() -> None:
    published = [privacy.extreme(Decimal(v), RULES, floor=RULES.floor) for v in range(100, 200)]
    runs = [len(list(group)) for _, group in groupby(published)]
    assert len(runs) < 10 and min(runs[1:-1]) >= 15  # bins 30% wide: about 26 to 45 values each here


def test_the_first_bin_of_a_minimum_starts_at_zero_and_holds_at_least_four_counts() -> None:
    first = {privacy.extreme(Decimal(v), RULES, floor=RULES.floor) for v in range(4)}
    assert len(first) == 1 and privacy.extreme(Decimal(-1), RULES, floor=RULES.floor) < 0 < min(first)


def test_a_coalition_figure_counts_only_where_enough_organisations_change_it() -> None:
    public, wider = privacy.Published("F", Decimal(60), 3), privacy.Published("F", Decimal(110), 4)
    assert privacy.choose(public, wider, 1, RULES) == public
    assert privacy.choose(None, wider, 2, RULES) == privacy.HIDDEN
    assert privacy.choose(public, wider, 3, RULES) == wider
    assert privacy.choose(public, public, 0, RULES) == public


def test_totals_only_over_summable_dimensions() -> None:
    assert privacy.margins(("NPL", "female"), (False, True)) == [("NPL", "female"), ("NPL", None)]
    assert len(privacy.margins(("NPL", "female"), (True, True))) == 4


@given(st.lists(st.tuples(st.decimals(0, 100, places=2), st.integers(1, 10_000)), min_size=1, max_size=20))
def test_a_weighted_means_divisor_moves_the_other_way_and_stays_above_half_its_weights(
    parts: list[tuple[Decimal, int]],
) -> None:
    """Each organisation's weighted sum and weights move from one key, in opposite directions: its
    own mean moves by at least a third of the floor (2/3 of a unit: a noise that takes the weighted
    sum below zero is shrunk by the weights it adds) and never less than 7.5 % of it."""
    amounts = {f"org-{i}": v * w for i, (v, w) in enumerate(parts)}
    divisors = {f"org-{i}": Decimal(w) for i, (_, w) in enumerate(parts)}
    f = privacy.Figure(("NPL",), amounts, sum(amounts.values(), Decimal(0)), sum(divisors.values()), divisors=divisors)
    moved, moved_divisor = privacy.noise(f, RULES, indicator="rate", method="weighted_mean", floor=RULES.floor)
    weights = sum(divisors.values())
    assert weights + moved_divisor >= weights / 2 - Decimal("1e-9")
    for organisation, (value, weight) in zip(amounts, parts, strict=True):
        alone = privacy.Figure(("NPL",), {organisation: value * weight}, value * weight, Decimal(weight),
                               divisors={organisation: Decimal(weight)})  # fmt: skip
        n, d = privacy.noise(alone, RULES, indicator="rate", method="weighted_mean", floor=RULES.floor)
        assert n * d <= 0  # the other way
        shown = (value * weight + n) / (weight + d)
        assert abs(shown - value) >= max(Decimal(2) / 3, Decimal("0.075") * value) - Decimal("1e-6")
