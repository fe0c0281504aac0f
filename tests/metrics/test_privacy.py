"""The disclosure decision of one figure (privacy.decide) and a coalition's choice
(privacy.choose), on figures built by hand. The attacker that combines whole answers is in
test_disclosure_attacks.py."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from services.metrics import privacy

RULES = privacy.Rules(secret=b"test cell key")


def figure(*values: int, orgs: list[str] | None = None, period: str = "2024") -> privacy.Figure:
    orgs = orgs or [f"org-{i}" for i in range(len(values))]
    return privacy.Figure(
        ("NPL",), set(orgs), Decimal(sum(values)), Decimal(1), Decimal(max(values)), {"NPL"}, {period}
    )


def decide(f: privacy.Figure, *, sensitive: bool = False, whole: bool = True) -> privacy.Published:
    return privacy.decide(f, RULES, indicator="people", method="sum", sensitive=sensitive, counts=whole, whole=whole)


def test_a_figure_of_two_organisations_is_hidden_with_nothing_else() -> None:
    assert decide(figure(10, 20)) == privacy.Published("C", None, None)


@given(st.lists(st.integers(0, 6), min_size=3, max_size=6), st.integers(1990, 2030))
def test_a_sensitive_count_is_never_published_between_0_and_its_threshold(values: list[int], year: int) -> None:
    published = decide(figure(*values, period=str(year)), sensitive=True)
    assert published.status == "C" or published.value == 0 or published.value >= RULES.min_sensitive_count
    assert decide(figure(*values, period=str(year))).status == "F"  # not sensitive: always published


def test_whether_a_small_sensitive_count_is_hidden_depends_on_its_noise() -> None:
    statuses = {
        truth: {decide(figure(truth, 0, 0, period=str(year)), sensitive=True).status for year in range(2000, 2030)}
        for truth in (1, 3, 5, 6)
    }
    assert statuses == {1: {"C", "F"}, 3: {"C", "F"}, 5: {"C", "F"}, 6: {"C", "F"}}
    assert decide(figure(10, 20, 30), sensitive=True).status == "F"


def test_the_same_contributions_give_the_same_figure_and_a_change_draws_new_noise() -> None:
    first = decide(figure(10, 20, 30, 40))
    assert decide(figure(10, 20, 30, 40)) == first
    others = {decide(figure(10, 20, 30, 40, period=p)).value for p in ("2019", "2020", "2021", "2022", "2023")}
    assert len(others | {first.value}) > 1


@given(st.lists(st.integers(0, 10_000), min_size=3, max_size=30))
def test_a_published_count_is_never_its_true_value_and_stays_within_the_bound(values: list[int]) -> None:
    f = figure(*values)
    published = decide(f)
    truth = sum(values)
    bound = max(Decimal(2), Decimal("0.15") * max(Decimal(max(values)), Decimal(truth) / Decimal(len(values)).sqrt()))
    assert published.status == "F"
    assert abs(published.value - truth) <= bound + Decimal("0.5")
    assert published.value != truth or (truth <= 1 and published.value == 0)  # counts never go below 0
    assert abs(published.contributors - len(values)) <= 1 and published.contributors >= 3


def test_min_and_max_are_never_one_organisations_value() -> None:
    largest = privacy.Figure(("NPL",), {"a", "b", "c"}, Decimal(40), Decimal(1), Decimal(40), {"NPL"}, {"2024"}, True)
    published = privacy.decide(
        largest, RULES, indicator="wage", method="max", sensitive=False, counts=False, whole=False
    )
    assert published.value != 40 and Decimal(34) <= published.value <= Decimal(46)


def test_a_coalition_figure_counts_only_where_enough_organisations_change_it() -> None:
    public, wider = privacy.Published("F", Decimal(60), 3), privacy.Published("F", Decimal(110), 4)
    assert privacy.choose(public, wider, 1, RULES) == public
    assert privacy.choose(None, wider, 2, RULES) == privacy.HIDDEN
    assert privacy.choose(public, wider, 3, RULES) == wider
    assert privacy.choose(public, public, 0, RULES) == public


def test_totals_only_over_summable_dimensions() -> None:
    assert privacy.margins(("NPL", "female"), (False, True)) == [("NPL", "female"), ("NPL", None)]
    assert len(privacy.margins(("NPL", "female"), (True, True))) == 4
