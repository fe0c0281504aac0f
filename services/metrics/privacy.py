"""Statistical disclosure control: the one function, `decide`, that every published figure goes
through (the API, the exports, progress, coalition views and reports, which read the API).

The method is the cell-key method of table builders (ABS TableBuilder, ONS 2021 Census) in its
form for magnitude tables (Giessing and Tent, 2019); the reasoning and the parameters are in
docs/privacy.md. In short:

- A figure with fewer than `min_contributors` organisations, or a sensitive count whose
  published value would fall between 0 and `min_sensitive_count` (both excluded), is hidden
  (SDMX OBS_CONF `C`) and carries nothing else: no contributor count, coverage or reason.
- Every other figure is published with noise. The noise is drawn from the figure's cell key, a
  keyed hash of what the figure is made of (indicator, method, contributing organisations,
  countries and periods with data, and the exact value): the same contributions give the same
  published figure in every answer, so asking again, or asking the same figure another way,
  teaches nothing new. Any change of the contributions draws new noise.
- The noise is never small: its size is `relative` times the larger of the figure's largest
  single contribution and its value over the square root of its contributors (at least
  `floor`), times a factor drawn uniformly in ±[0.5, 1]. So a published count is never its true
  value, and subtracting figures from one another (regions minus countries, years minus their
  periods, a coalition's view minus the public one, before minus after) leaves the sum of
  several independent noises on whatever is left. An organisation that redraws the noise by
  writes of its own defeats this (docs/privacy.md, "Known open leak: fresh draws").
- Contributor counts of published figures are perturbed by -1, 0 or +1 (never below the
  threshold), from the same key.
- A coalition's view of a figure differs from the public one only where at least
  `min_contributors` organisations put something different into it (`choose`), so the
  difference is never one organisation's values."""

import hashlib
import hmac
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import product

Key = tuple[str | None, ...]
FREE, PRIMARY = "F", "C"


@dataclass(frozen=True)
class Rules:
    min_contributors: int = 3
    min_sensitive_count: int = 5
    secret: bytes = b"development-only-cell-key"
    relative: Decimal = Decimal("0.15")  # noise size, relative to the largest contribution
    floor: Decimal = Decimal(2)  # smallest noise size of whole-number figures

    def describe(self) -> dict[str, object]:
        """What a reader may know of the protection (everything but the secret)."""
        return {
            "method": "cell-key perturbation",
            "min_contributors": self.min_contributors,
            "min_sensitive_count": self.min_sensitive_count,
            "noise": f"±{float(self.relative) / 2:g} to ±{float(self.relative):g} of the larger of the largest "
            f"contribution and the value over the square root of the contributors, at least ±{self.floor / 2:g} "
            "for whole numbers",
            "contributors": "perturbed by -1, 0 or +1",
            "hidden": "status C, with no value, contributor count or coverage",
        }


@dataclass
class Figure:
    """What one figure adds up, before disclosure control. The value is `numerator / divisor`
    (a sum, a mean, a weighted mean; min and max have divisor 1); `largest` is the largest single
    contribution to the numerator."""

    key: Key
    organisations: set[str] = field(default_factory=set)
    numerator: Decimal = Decimal(0)
    divisor: Decimal = Decimal(1)
    largest: Decimal = Decimal(0)
    countries: set[str] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)
    single: bool = False  # min, max: one contribution's value, protected as if it were alone
    unit: Decimal = Decimal(1)  # one counted thing in the numerator (a weighted mean: the mean weight)
    label: tuple[tuple[str, str], ...] = ()  # the breakdown terms it is restricted to, "not stated" left out

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


def cell_key(figure: Figure, indicator: str, method: str, secret: bytes) -> tuple[float, float]:
    """Two uniform numbers in [0, 1) that only the figure's contributions decide."""
    text = "|".join(
        [
            indicator,
            method,
            ",".join(sorted(figure.organisations)),
            ",".join(sorted(figure.countries)),
            ",".join(sorted(figure.periods)),
            ",".join(f"{d}={t}" for d, t in sorted(figure.label)),
            _canonical(figure.numerator),
            _canonical(figure.divisor),
        ]
    )
    digest = hmac.new(secret, text.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8]) / 2**64, int.from_bytes(digest[8:16]) / 2**64


def _canonical(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())


def decide(
    figure: Figure, rules: Rules, *, indicator: str, method: str, sensitive: bool, counts: bool, whole: bool
) -> Published:
    """The published form of a figure: hidden, or perturbed. `counts`: the values are counts, so
    the noise of what is added up is never below the floor (a mean of small counts too); `whole`:
    the figure is published as a whole number."""
    value = figure.value
    if value is None or len(figure.organisations) < rules.min_contributors:
        return HIDDEN
    u, v = cell_key(figure, indicator, method, rules.secret)
    contributors = len(figure.organisations)
    scale = (
        abs(figure.largest)
        if figure.single
        else max(abs(figure.largest), abs(figure.numerator) / Decimal(math.sqrt(contributors)))
    )
    size = max(rules.relative * scale, rules.floor * figure.unit if counts else Decimal(0))
    factor = Decimal(0.5 + 0.5 * ((2 * u) % 1.0)) * (1 if u < 0.5 else -1)
    noisy = (figure.numerator + factor * size) / figure.divisor
    if whole:
        noisy = max(noisy.quantize(Decimal(1), ROUND_HALF_EVEN), Decimal(0))
    else:
        noisy = noisy.quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    if sensitive and 0 < noisy < rules.min_sensitive_count:
        # Small values are kept off the published scale, as the noise put them there: a rule on
        # the true value would make the scale's gap, and the status, tell the truth exactly.
        return HIDDEN
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
