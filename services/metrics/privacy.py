"""Statistical disclosure control: the one function, `decide`, that every published figure goes
through (the API, the exports, progress, coalition views and reports, which read the API).

The method is the cell-key method of table builders (ABS TableBuilder, ONS 2021 Census) in its
form for magnitude tables (Giessing and Tent, 2019), with the noise carried by each
organisation's contribution as record keys carry it in the ABS method; the reasoning and the
parameters are in docs/privacy.md. In short:

- A figure with fewer than `min_contributors` organisations, or a sensitive count whose
  published value would fall between 0 and `min_sensitive_count` (both excluded), is hidden
  (SDMX OBS_CONF `C`) and carries nothing else: no contributor count, coverage or reason.
- Every other figure is published with noise: the sum of one noise per contributing
  organisation, each drawn from a keyed hash of that organisation's contribution alone (the
  indicator, method, organisation and its amount). So the same contributions give the same
  published figure in every answer, and a write redraws only the writer's own noise: no
  organisation can redraw the noise on anyone else's values, however often it writes, and a
  figure minus another keeps the noise of every contribution that differs between them.
- Each noise is `relative` times the contribution (at least `floor` units: counted things, an
  amount's units, percentage points, hundredths of a ratio), times a factor drawn uniformly in
  ±[0.5, 1]: one organisation's contribution is never known from a figure to better than half of
  that. A weighted mean's divisor, the sum of the weights, carries a noise per organisation too,
  from the same key, the other way. Minimums and maximums, one organisation's value, are
  published as the middle of their bin on a fixed grid (`extreme`).
- Contributor counts of published figures are perturbed by -1, 0 or +1 (never below the
  threshold), keyed on the set of contributing organisations.
- A coalition's view of a figure differs from the public one only where at least
  `min_contributors` organisations put something different into it (`choose`), so the
  difference is never one organisation's values."""

import functools
import hashlib
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import product

from cachetools import LRUCache

Key = tuple[str | None, ...]
FREE, PRIMARY = "F", "C"


@dataclass(frozen=True)
class Rules:
    min_contributors: int = 3
    min_sensitive_count: int = 5
    secret: bytes = b"development-only-cell-key"
    relative: Decimal = Decimal("0.15")  # noise size, relative to each contribution
    floor: Decimal = Decimal(2)  # smallest noise size of a contribution, in units (ratios: hundredths)

    def floor_of(self, value_type: str) -> Decimal:
        """The least noise of one contribution in an indicator's units: `floor` counted things,
        units of an amount or percentage points, and `floor` hundredths of a ratio."""
        return self.floor / 100 if value_type == "ratio" else self.floor

    def describe(self) -> dict[str, object]:
        """What a reader may know of the protection (everything but the secret)."""
        return {
            "method": "cell-key perturbation",
            "min_contributors": self.min_contributors,
            "min_sensitive_count": self.min_sensitive_count,
            "noise": f"the sum of one noise per contributing organisation, each ±{float(self.relative) / 2:g} to "
            f"±{float(self.relative):g} of its contribution (at least ±{self.floor / 2:g} to ±{self.floor:g} "
            f"units, ±{self.floor / 200:g} to ±{self.floor / 100:g} for ratios); a write redraws only the writer's "
            "own; a weighted mean's weights move the other way (one organisation's mean, isolated, moves by at "
            f"least a third of the floor and {float(self.relative) / 2:g} of itself)",
            "contributors": "perturbed by -1, 0 or +1",
            "hidden": "status C, with no value, contributor count or coverage",
        }


@dataclass
class Figure:
    """What one figure adds up, before disclosure control. The value is `numerator / divisor`
    (a sum, a mean, a weighted mean; min and max have divisor 1)."""

    key: Key
    # Each contributing organisation's part of the numerator (its values there, summed).
    amounts: dict[str, Decimal] = field(default_factory=dict)
    numerator: Decimal = Decimal(0)
    divisor: Decimal = Decimal(1)
    single: bool = False  # min, max: one contribution's value, protected as if it were alone
    # Each organisation's part of the divisor, where the divisor carries noise too (a weighted
    # mean's: its weights' sum).
    divisors: dict[str, Decimal] | None = None

    @property
    def value(self) -> Decimal | None:
        return self.numerator / self.divisor if self.divisor else None


@dataclass(frozen=True)
class Published:
    status: str
    value: Decimal | None = None
    contributors: int | None = None

    @property
    def published(self) -> bool:
        return self.status == FREE


HIDDEN = Published(PRIMARY)


# Noise of figures already computed, by a hash of what decides it (about 200 bytes an entry).
_KEPT: LRUCache[tuple[int, Decimal, int], tuple[Decimal, Decimal]] = LRUCache(maxsize=50_000)


@functools.lru_cache(maxsize=8)
def _mac_key(secret: bytes) -> bytes:
    return hashlib.sha256(b"cell key|" + secret).digest()


def draw(secret: bytes, *material: str) -> float:
    """A uniform number in [0, 1) that only `material` (and the secret) decides."""
    return _uniform(hashlib.blake2b("|".join(material).encode(), key=_mac_key(secret), digest_size=8).digest())


def noise(figure: Figure, rules: Rules, *, indicator: str, method: str, floor: Decimal) -> tuple[Decimal, Decimal]:
    """The noise added to the figure's numerator and to its divisor: one per contribution, each
    keyed on that contribution alone (a minimum or maximum: the distance to the middle of its
    bin). Each is `factor x size`, the factor uniform in +-[0.5, 1] and the size `relative` times
    the contribution, at least `floor` (in the indicator's units).

    A weighted mean's contributions are an organisation's weighted sum and its weights' sum, from
    one key: the weighted sum's floor is `floor` times the weights, and the weights move the other
    way (so the two do not cancel in its mean: isolated, it moves by at least a third of the floor
    and 7.5 %), by at most half of them (so the divisor stays above zero). Exact weights let an
    organisation that moved its own weight read the others' off two answers.

    Kept per process by what decides it, since a write changes only a few figures of a table (the
    hash with the exact sum and count, so two sets of parts whose hashes collide still differ)."""
    if figure.single:
        return extreme(figure.numerator, rules, floor=floor) - figure.numerator, Decimal(0)
    amounts, divisors = figure.amounts, figure.divisors
    shares = frozenset(divisors.items()) if divisors is not None else None
    what = f"{indicator}|{method}|"
    kept = (
        hash((rules, what, floor, frozenset(amounts.items()), shares)),
        sum(amounts.values(), Decimal(0)),
        len(amounts),
    )
    if (found := _KEPT.get(kept)) is None:
        found = _KEPT[kept] = _draw_all(rules, what, amounts, divisors, floor)
    return found


def _draw_all(
    rules: Rules, what: str, amounts: dict[str, Decimal], divisors: dict[str, Decimal] | None, floor: Decimal
) -> tuple[Decimal, Decimal]:
    """Each organisation's noises from its key (`what`, the organisation, its amount, and its
    weights where the divisor carries noise), added with `math.fsum`, exactly rounded, so the
    sums do not depend on the order the organisations come in."""
    relative, least, weights_least = float(rules.relative), float(floor), float(rules.floor)
    mac = hashlib.blake2b(what.encode(), key=_mac_key(rules.secret), digest_size=16)
    numerator, divisor = [], []
    for organisation, part in amounts.items():
        amount, keyed = float(part), mac.copy()
        if divisors is None:
            keyed.update(f"{organisation}|{amount!r}".encode())  # the float's repr: 10 and 10.0 alike
            numerator.append(_factor(_uniform(keyed.digest()[:8])) * max(relative * abs(amount), least))
            continue
        weights = float(divisors.get(organisation, 0))
        keyed.update(f"{organisation}|{amount!r}|{weights!r}".encode())
        digest = keyed.digest()
        moved = _factor(_uniform(digest[:8]))
        numerator.append(moved * max(relative * abs(amount), least * weights))
        back = -math.copysign(0.5 + 0.5 * _uniform(digest[8:]), moved)
        divisor.append(back * max(relative * weights, min(weights_least, weights / 2)))
    return Decimal(repr(math.fsum(numerator))), Decimal(repr(math.fsum(divisor)))


def _uniform(digest: bytes) -> float:
    return int.from_bytes(digest) / 2**64


def _factor(u: float) -> float:
    """Uniform in +-[0.5, 1]: the sign from the first half of [0, 1), the size from the rest."""
    return (0.5 + 0.5 * ((2 * u) % 1.0)) * (1 if u < 0.5 else -1)


def extreme(value: Decimal, rules: Rules, *, floor: Decimal) -> Decimal:
    """A minimum or maximum (one organisation's value) as the middle of its bin on one fixed grid:
    bins 2 x `relative` wide relative to the value, and 2 x `floor` wide near zero, with a bin
    edge at 0. Every value of a bin publishes the same figure, so an organisation that moves its
    own value either side of the others' extreme learns the bin, not the value (noise drawn per
    value would let it see where its own value stops being the extreme). The edge at 0 keeps the
    first bin of values that cannot be negative (counts, percentages) 2 x `floor` wide: a bin
    straddling 0 held 0 alone, and published an exact 0. The grid is public, as an attacker could
    map it with writes of its own anyway."""
    step = math.log1p(2 * float(rules.relative))
    scale = float(2 * floor) / step  # below it bins are 2 x floor wide, above it relatively wide
    k = math.floor(math.asinh(float(value) / scale) / step)
    return Decimal(scale * math.sinh((k + 0.5) * step))


def decide(
    figure: Figure, rules: Rules, *, indicator: str, method: str, sensitive: bool, floor: Decimal, whole: bool
) -> Published:
    """The published form of a figure: hidden, or perturbed. `floor`: the least noise of one
    contribution, in the indicator's units (`Rules.floor_of`); `whole`: the figure is published
    as a whole number."""
    value = figure.value
    contributors = len(figure.amounts)
    if value is None or contributors < rules.min_contributors:
        return HIDDEN
    moved, moved_divisor = noise(figure, rules, indicator=indicator, method=method, floor=floor)
    noisy = (figure.numerator + moved) / (figure.divisor + moved_divisor)
    if whole:
        noisy = max(noisy.quantize(Decimal(1), ROUND_HALF_EVEN), Decimal(0))
    else:
        noisy = noisy.quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    noisy = noisy.copy_abs() if noisy.is_zero() else noisy  # "-0" would tell the noise's sign
    if sensitive and 0 < noisy < rules.min_sensitive_count:
        # Small values are kept off the published scale, as the noise put them there: a rule on
        # the true value would make the scale's gap, and the status, tell the truth exactly.
        return HIDDEN
    v = draw(rules.secret, indicator, method, "contributors", ",".join(sorted(figure.amounts)))
    shown = max(rules.min_contributors, contributors + int(v * 3) - 1)
    return Published(FREE, noisy, shown)


def choose(public: Published | None, wider: Published, differing: int, rules: Rules) -> Published:
    """A coalition's view of a figure: its own figure only where at least `min_contributors`
    organisations put something different into it than into the public one, else the public
    figure (the same figure when none does)."""
    if differing >= rules.min_contributors:
        return wider
    return public if public is not None else HIDDEN


def margins(cell: Key, summable: tuple[bool, ...]) -> list[Key]:
    """The figures a cell counts in: itself and its key with some summable dimensions summed
    over (None)."""
    return [
        tuple(None if summed else k for summed, k in zip(mask, cell, strict=True))
        for mask in product(*((False, True) if s else (False,) for s in summable))
    ]
