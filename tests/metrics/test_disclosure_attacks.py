"""An attacker that combines every answer it can collect about collective-impact figures.

It knows the world's structure (who reported in which country, period, breakdown and visibility)
but no value. It asks what any caller may ask (anonymously, as a coalition member, with a private
value of its own, before and after one more report) and tries to work out EXACTLY each hidden
figure and each organisation's contribution. It talks only to the HTTP API.

Criterion. A published figure i says  p_i = (sum of the values it covers) + e_i,  |e_i| <= b_i,
b_i the contract's noise bound; the attacker is told every b_i exactly (more than it could know),
and that values are whole numbers. A mean times its count is such a sum, and so is a `latest`
figure (the sum of its latest period). A target (a hidden figure, one organisation's value, an
organisation's values in a country) is *determined* when exact rational elimination writes it as
sum_i l_i * figure_i; each elimination order gives a derivation, sum_i l_i p_i, within
sum_i |l_i| b_i of the truth. The attack succeeds on a target when the integers inside every
derivation's interval are exactly one, the truth. A maximum (minimum) above (below) the reach of
every published cell pins its one hidden cell the same way. Noise that cancels systematically
(e.g. keyed on the set of organisations only) is caught statistically: the noise-free derivation
must not be exactly right for every target, once there are 4 or more.
Contract checks ride along: hidden below 3 organisations with nothing but status C, published
values within bound, the same values publishing the same number in every answer,
tables adding up within their bounds, one's own values deciding nothing, exports agreeing."""

import csv
import io
import math
import random
import uuid
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from services.metrics.catalogue import service as catalogue
from services.metrics.exports import sdmx
from services.metrics.rollups import service as rollups
from shared.db import session_scope
from shared.identity import Identity
from tests import factories
from tests.conftest import World, as_anonymous, as_identity
from tests.factories import report
from tests.support.apps import asgi_client, rolled_back

REGION = {"NPL": "Asia", "IND": "Asia", "BGD": "Asia", "PER": "Americas", "BRA": "Americas"}
SHARE = 0.15  # noise bound of each organisation's contribution: SHARE of it
RANK = {"year": 0, "quarter": 1, "month": 2}
ANON = as_anonymous()
SETTINGS = settings(  # no shrinking: an example takes seconds, and one shrink took over five minutes
    max_examples=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


# --- asking --------------------------------------------------------------------------------


async def ask(app: FastAPI, signer: Any, **params: Any) -> dict:
    """The answer of GET /v1/metrics/aggregates (which must be 200)."""
    async with asgi_client(app, "http://metrics", signer=signer) as client:
        response = await client.get("/v1/metrics/aggregates", params=params)
    assert response.status_code == 200, f"{params}: {response.text}"
    return response.json()


def figures(answer: dict) -> list[dict]:
    return [*answer["cells"], *answer["totals"]]


def find(answer: dict, **key: str | None) -> dict:
    return next(f for f in figures(answer) if all(f[k] == v for k, v in key.items()))


def num(value: Any) -> F | None:
    return None if value in (None, "") else F(str(value))


def same_but_own(mine: dict, public: dict) -> None:
    """A caller's own values decide nothing: its answer is the public one (but for `own`), plus
    hidden cells where only it reported."""
    mine_, public_ = ({tuple(f[d] for d in a["by"]): {**f, "own": None} for f in figures(a)} for a in (mine, public))
    assert {k: mine_[k] for k in public_} == public_
    assert all(mine_[k]["value"] is None for k in mine_.keys() - public_.keys())


async def exported(app: FastAPI, params: dict) -> list[dict]:
    """key -> published value, as the API, the JSON, CSV and SDMX-CSV exports carry it."""
    async with asgi_client(app, "http://metrics", signer=ANON) as client:
        api, js, cs, sd = [
            await client.get(f"/v1/metrics/{path}", params=params)
            for path in ("aggregates", *(f"exports/aggregates.{kind}" for kind in ("json", "csv", "sdmx.csv")))
        ]
    by, codes = api.json()["by"], {"country": "REF_AREA", "period": "TIME_PERIOD", "sex": "SEX"}
    out = [{tuple(f[d] for d in by): num(f["value"]) for f in figures(r.json())} for r in (api, js)]
    rows = list(csv.DictReader(io.StringIO(cs.text)))
    out.append({tuple(None if r[d] == "total" else r[d] for d in by): num(r["value"]) for r in rows})
    rows = list(csv.DictReader(io.StringIO(sd.text)))
    totals = {sdmx.TOTAL, *sdmx.REGIONS.values()}  # all, or a whole region
    out.append({tuple(None if r[codes[d]] in totals else r[codes[d]] for d in by): num(r["OBS_VALUE"]) for r in rows})
    return out


# --- the world the attacker knows (structure) and the test knows (values) -------------------


@dataclass(frozen=True)
class Atom:
    """One value of one organisation: a country, a period as reported, a sex ('_U': not stated)."""

    id: int
    org: int
    country: str
    period: str
    sex: str
    value: int
    visibility: str = "public"
    weight: int = 1


@dataclass
class Model:
    orgs: int
    members: set[int]  # organisations active in the coalition; 0 is the attacker
    atoms: list[Atom]
    aggregation: str = "sum"


def rank(period: str) -> int:
    return 0 if len(period) == 4 else 1 if "Q" in period else 2


def inside(period: str, outer: str) -> bool:
    """Whether `period` is `outer` or lies within it (a month in its quarter and year)."""
    if period == outer or (rank(outer) == 0 and period.startswith(outer)):
        return True
    return rank(outer) == 1 and rank(period) == 2 and outer == f"{period[:4]}-Q{(int(period[5:]) - 1) // 3 + 1}"


def members(model: Model, q: dict, fig: dict, coalition: bool) -> frozenset[Atom]:
    """The values a figure of question `q` covers, by the contract's rules."""
    listed = set(q.get("country", [])) | {c for c, r in REGION.items() if r in q.get("region", [])}

    def fits(a: Atom) -> bool:
        country = fig["country"] == a.country if fig.get("country") else not listed or a.country in listed
        if fig.get("period"):
            period = inside(a.period, fig["period"])
        else:
            period = not q.get("period") or any(inside(a.period, p) for p in q["period"])
        return country and period and rank(a.period) >= RANK[q.get("granularity", "year")]

    def chosen(visible: set[str]) -> frozenset[Atom]:
        picked = [a for a in model.atoms if a.visibility in visible and fits(a)]
        picked = [  # an organisation's coarser report wins over its finer ones (of any breakdown)
            a for a in picked
            if fig.get("sex") in (None, a.sex)
            and not any(b.org == a.org and b.country == a.country and a.period != b.period and inside(a.period, b.period)
                        for b in picked)
        ]  # fmt: skip
        last = max((a.period for a in picked), default=None)  # `latest`: the sum of the latest period
        return frozenset(a for a in picked if model.aggregation != "latest" or a.period == last)

    public = chosen({"public"})
    shared = chosen({"public", "coalition"}) if coalition else public
    differ = {o for o in range(model.orgs) if {a for a in public if a.org == o} != {a for a in shared if a.org == o}}
    return shared if len(differ) >= 3 else public


def truth(model: Model, atoms: frozenset[Atom]) -> F:
    values = [F(a.value) for a in atoms]
    if model.aggregation in ("sum", "latest", "mean"):
        return sum(values, F(0)) / (len(values) if model.aggregation == "mean" else 1)
    if model.aggregation == "weighted_mean":
        return sum((F(a.value * a.weight) for a in atoms), F(0)) / sum(a.weight for a in atoms)
    return min(values) if model.aggregation == "min" else max(values)


def bound(model: Model, atoms: frozenset[Atom]) -> float:
    """The contract's noise bound: the sum over contributing organisations of SHARE of each one's
    contribution (of the sum, divided, for a mean), at least 2 units each (a weighted sum's: 2
    times the organisation's weights); a weighted mean's weights carry noise too."""
    method = model.aggregation
    if method in ("min", "max"):  # the middle of the value's bin: within SHARE of it, plus 2 for counts
        return math.floor(SHARE * float(truth(model, atoms)) + 2.5)  # counts: whole numbers
    b, d = 0.0, 0.0  # the noise bounds of the numerator and (weighted means) of the divisor
    for o in {a.org for a in atoms}:
        plain = sum(a.value for a in atoms if a.org == o)
        amount = sum(a.value * a.weight for a in atoms if a.org == o) if method == "weighted_mean" else plain
        weight = sum(a.weight for a in atoms if a.org == o)
        b += max(SHARE * abs(amount), 2.0 * (weight if method == "weighted_mean" else 1))  # at least 2 units
        d += max(SHARE * weight, min(2.0, weight / 2))
    if method == "mean":  # the noise of the sum, divided
        return b / len(atoms) + 0.01  # two decimals
    if method == "weighted_mean":  # (sum + e) / (weights + f), |f| at most half the weights
        weights = sum(a.weight for a in atoms)
        return (b + abs(float(truth(model, atoms))) * d) / max(weights - d, weights / 2) + 0.01
    return math.floor(b + 0.5)  # counts: whole noise


def check(model: Model, atoms: frozenset[Atom], fig: dict, q: object = None) -> None:
    """A figure as the contract has it: hidden below 3 organisations (also where the view uses
    none: a caller's own-only cell, a coalition's where the public figure stands for it), else
    perturbed within bound, its contributor count off by one at most."""
    orgs = {a.org for a in atoms}
    if len(orgs) < 3:
        assert (fig["value"], fig["status"], fig["contributors"], fig["coverage"]) == (None, "C", None, None), (fig, q)
        return
    p, v, b = num(fig["value"]), truth(model, atoms), bound(model, atoms)
    assert fig["status"] == "F" and abs(fig["contributors"] - len(orgs)) <= 1 <= fig["contributors"] - 2, (fig, v, q)
    assert p is not None and abs(float(p - v)) <= b + 1e-9, f"{fig} in {q}: true {v}, bound {b}"
    assert "mean" in model.aggregation or p.denominator == 1, f"{fig}: a count published as a fraction"


def cells_of(answer: dict, total: dict) -> list[dict]:
    return [c for c in answer["cells"] if all(c[d] == total[d] for d in answer["by"] if total[d] is not None)]


def observe(answers: list[tuple[Model, dict, dict, bool]]) -> tuple[dict, set, list[str]]:
    """Every answer checked against the contract; the attacker's equations (values -> published,
    bound), the hidden figures, and what order statistics disclose."""
    published: dict[frozenset[Atom], tuple[F, float, dict]] = {}
    hidden, disclosed = set(), []
    for m, q, answer, coalition_view in answers:
        atoms_of = {id(f): members(m, q, f, coalition_view) for f in figures(answer)}
        for fig in figures(answer):
            check(m, atoms_of[id(fig)], fig, (q, coalition_view))
            if fig["value"] is None:
                hidden.add(atoms_of[id(fig)])
                continue
            # The same values publish the same number, in every answer.
            first = published.setdefault(atoms_of[id(fig)], (num(fig["value"]), bound(m, atoms_of[id(fig)]), q))
            assert first[0] == num(fig["value"]), f"{fig} in {q}, {coalition_view}; {first[0]} in {first[2]}"
        for total in answer["totals"]:
            cells = cells_of(answer, total)
            if m.aggregation == "sum" and not coalition_view and cells and all(f["value"] for f in [total, *cells]):
                gap = sum(num(c["value"]) for c in cells) - num(total["value"])  # a table adds up within bounds
                assert abs(float(gap)) <= sum(bound(m, atoms_of[id(f)]) for f in [total, *cells]), (q, total)
            disclosed += order_attack(m, total, cells, atoms_of)
    return published, hidden, disclosed


# --- the attacker's reasoning ----------------------------------------------------------------


def basis(equations: list[frozenset[Atom]], seed: int) -> list[tuple[Atom, dict, dict]]:
    """Echelon form of the equations (taken in a seeded order): (pivot, row, combination)."""
    out: list[tuple[Atom, dict, dict]] = []
    for i in sorted(range(len(equations)), key=lambda i: random.Random(seed * 100_003 + i).random()):
        row, combo = reduce({a: F(1) for a in equations[i]}, {i: F(1)}, out)
        if row:
            p = min(row, key=lambda a: a.id)
            out.append((p, {a: c / row[p] for a, c in row.items()}, {k: c / row[p] for k, c in combo.items()}))
    return out


def reduce(row: dict, combo: dict, rows: list[tuple[Atom, dict, dict]]) -> tuple[dict, dict]:
    """`row` minus multiples of the basis rows, keeping row = start + sum(combo[k] * equation k)."""
    row, combo = dict(row), dict(combo)
    for pivot, brow, bcombo in rows:
        if c := row.get(pivot):
            for a, x in brow.items():
                row[a] = row.get(a, F(0)) - c * x
            for k, x in bcombo.items():
                combo[k] = combo.get(k, F(0)) - c * x
            row = {a: x for a, x in row.items() if x}
    return row, {k: x for k, x in combo.items() if x}


def integers(lo: float, hi: float) -> list[int]:
    return list(range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1))


def parts(model: Model, atoms: frozenset[Atom]) -> dict[tuple, float]:
    """Each organisation's contribution to a figure as the contract names it (the organisation and
    the sum of its values there) with the bound of the noise it carries: the same contribution
    carries the same noise in every figure it is in."""
    out = {}
    for o in {a.org for a in atoms}:
        amount = sum(a.value for a in atoms if a.org == o)
        out[(o, amount)] = max(SHARE * amount, 2.0)
    return out


def possible(model: Model, equations: list, derivation: dict, guess: F) -> list[int]:
    """The integers a derivation leaves possible: the noise left is that of the contributions
    whose coefficients do not cancel, each within its bound, plus each figure's rounding; when
    one contribution is left, its noise is never below half its bound (the contract's gap)."""
    left: dict[tuple, F] = {}
    sizes: dict[tuple, float] = {}
    rounding = 0.0
    for k, c in derivation.items():
        for contribution, size in parts(model, equations[k]).items():
            left[contribution], sizes[contribution] = left.get(contribution, F(0)) + c, size
        rounding += abs(float(c)) * (0.005 * len(equations[k]) if model.aggregation == "mean" else 0.5)
    left = {contribution: c for contribution, c in left.items() if c}
    spread = sum(abs(float(c)) * sizes[k] for k, c in left.items()) + rounding
    [(one, c)] = left.items() if len(left) == 1 else [(None, F(0))]
    gap = 0.5 * abs(float(c)) * sizes[one] - rounding if one is not None else 0.0
    return [t for t in integers(float(guess) - spread, float(guess) + spread) if abs(float(guess) - t) >= gap - 1e-9]


def linear_attack(model: Model, published: dict[frozenset[Atom], tuple], targets: set) -> list[str]:
    """Every target the attacker pins to its true value, knowing which contributions carry the
    same noise in several figures; asserts noise does not cancel systematically."""
    equations = list(published)
    scale = [len(e) if model.aggregation == "mean" else 1 for e in equations]  # a mean times its count
    values = [published[e][0] * s for e, s in zip(equations, scale, strict=True)]
    bases = [basis(equations, seed) for seed in range(4)]
    disclosed, exact = [], []
    for target in filter(None, targets):
        reduced = [reduce({a: F(1) for a in target}, {}, b) for b in bases]
        derivations = [{k: -c for k, c in combo.items()} for residual, combo in reduced if not residual]
        if not derivations:
            continue
        true = sum((F(a.value) for a in target), F(0))
        guesses = [sum((c * values[k] for k, c in d.items()), F(0)) for d in derivations]
        left = set.intersection(
            *(set(possible(model, equations, d, g)) for d, g in zip(derivations, guesses, strict=True))
        )
        if left == {true}:
            disclosed.append(f"{sorted(a.id for a in target)} = {true} (guesses {[str(g) for g in guesses]})")
        exact.append(guesses[0] == true)
    assert len(exact) < 4 or not all(exact), f"noise cancels: {len(exact)} targets worked out exactly"
    return disclosed


def order_attack(model: Model, total: dict, cells: list[dict], atoms_of: dict) -> list[str]:
    """A maximum (minimum) above (below) every published cell's reach is its one hidden cell's."""
    hidden = [c for c in cells if c["value"] is None]
    if model.aggregation not in ("min", "max") or total["value"] is None or len(hidden) != 1:
        return []
    t, bt, sign = float(num(total["value"])), bound(model, atoms_of[id(total)]), 1 if model.aggregation == "max" else -1
    reach = [sign * float(num(c["value"])) + bound(model, atoms_of[id(c)]) for c in cells if c["value"] is not None]
    true = truth(model, atoms_of[id(hidden[0])])
    pinned = all(r < sign * t - bt for r in reach) and integers(t - bt, t + bt) == [true]
    return [f"{hidden[0]} = {true}"] if pinned else []


# --- building worlds ---------------------------------------------------------------------------


def org_id(i: int) -> uuid.UUID:
    """Fixed organisation ids, so that the noise (keyed on contributions) repeats between runs."""
    return uuid.UUID(int=0xA77AC << 64 | i)


async def fixed_indicator(app: FastAPI, code: str = "atk_fixed", **overrides: Any) -> str:
    """An adopted indicator with a fixed code (the noise is keyed on it too); tests roll it back."""
    async with session_scope(app.state.sessionmaker) as session:
        platform = Identity(kind="account", platform_admin=True)
        made = await catalogue.propose(session, platform, factories.indicator_data(code, **overrides))
        made.status = "adopted"
    return code


async def build(directory_app: FastAPI, metrics_app: FastAPI, model: Model, **indicator: Any) -> tuple[str, list, Any]:
    """The model's organisations and coalition in the directory, its values reported; (code, orgs, coalition)."""
    orgs = [org_id(i) for i in range(model.orgs)]
    async with session_scope(directory_app.state.sessionmaker) as s:
        for org in orgs:
            made = await factories.organisation_in(s, "NPL")
            await s.execute(text("UPDATE directory.organisations SET id = :new WHERE id = :old"), {"new": org, "old": made})  # fmt: skip
        coalition = await factories.coalition_in(s, "NPL", active=[orgs[o] for o in model.members])
    code = await fixed_indicator(metrics_app, aggregation=model.aggregation, **indicator)
    for a in model.atoms:
        await write(metrics_app, code, orgs, coalition, a, model)
    return code, orgs, coalition


async def write(app: FastAPI, code: str, orgs: list, coalition: Any, a: Atom, model: Model) -> None:
    """Report an atom: '_U' next to a stated sex is the remainder of a total reported with it. Its
    weight goes with it where the indicator weighs values (any other refuses a weight)."""
    atoms = model.atoms
    stated = [b for b in atoms if (b.org, b.country, b.period) == (a.org, a.country, a.period) and b.sex != "_U"]
    await report(
        app, orgs[a.org], indicator=code, country=a.country, period=a.period,
        weight=a.weight if model.aggregation == "weighted_mean" else None,
        value=a.value + sum(b.value for b in stated) if a.sex == "_U" else a.value,
        disaggregation={} if a.sex == "_U" else {"sex": a.sex}, visibility=a.visibility,
        coalition_id=coalition if a.visibility == "coalition" else None,
    )  # fmt: skip


PERIODS = [("2024",), ("2024-Q1", "2024-Q3"), ("2024-01", "2024-02", "2024-05"), ("2024", "2024-02", "2024-08")]
SEXES = {"total": ("_U",), "sex": ("female", "male"), "partial": ("female", "_U")}


@st.composite
def sum_worlds(draw: Any) -> Model:
    """Organisations 1-3 report publicly in Nepal; 0 is the attacker, in the coalition; the rest is drawn."""
    n = draw(st.integers(4, 6))
    coalition = {0} | draw(st.sets(st.integers(1, n - 1), max_size=3))
    atoms: list[Atom] = []
    for org in range(n):
        countries = draw(st.sets(st.sampled_from(sorted(REGION)), min_size=1, max_size=2))
        for country in sorted(countries | ({"NPL"} if org in (1, 2, 3) else set())):
            shown = ["public", "private", *(["coalition"] if org in coalition else [])]
            visibility = "public" if org in (1, 2, 3) and country == "NPL" else draw(st.sampled_from(shown))
            sexes = SEXES[draw(st.sampled_from(sorted(SEXES)))]
            for period in draw(st.sampled_from(PERIODS)):
                for sex in sexes:
                    atoms.append(Atom(len(atoms), org, country, period, sex, draw(st.integers(1, 40)), visibility))
    return Model(n, coalition, atoms)


NPL_2024 = ["country", "period", "sex", "country,period", "country,sex", "period,sex"]
SUM_QUESTIONS = [
    {"by": "country", "period": ["2024"]},
    {"by": "country", "region": ["Asia"], "period": ["2024"]},
    {"by": "country", "region": ["Asia", "Americas"], "period": ["2024"]},
    {"by": "country", "country": ["NPL", "IND"], "period": ["2024"]},
    {"by": "country,sex", "region": ["Asia"], "period": ["2024"]},
    {"by": "period", "country": ["NPL"], "granularity": "quarter"},
    {"by": "period", "country": ["NPL"], "granularity": "month"},
    {"by": "period,sex", "country": ["NPL"], "granularity": "quarter"},
    {"by": "country,period", "region": ["Asia"], "granularity": "quarter"},
    {"by": "period", "country": ["NPL"], "granularity": "quarter", "period": ["2024-Q1", "2024-Q3"]},
    *({"by": by, "country": ["NPL"], "period": ["2024"]} for by in NPL_2024),
]


async def collect(app: FastAPI, model: Model, code: str, orgs: list, coalition: Any) -> list:
    """(model, question, answer, coalition view?) for every question, anonymously and as a
    coalition member; the attacker's own answers must be the anonymous ones but for `own`."""
    out = []
    attacker = as_identity(factories.account(orgs[0]))
    for i, q in enumerate(SUM_QUESTIONS):
        public = await ask(app, ANON, indicator=code, **q)
        if i < 5:
            same_but_own(await ask(app, attacker, indicator=code, **q), public)
        together = await ask(app, attacker, indicator=code, coalition=str(coalition), **q)
        out += [(model, q, public, False), (model, q, together, True)]
    return out


# A world hypothesis once drew: the last organisation states a total and its women's share per quarter.
STATED_TOTALS = [
    (0, "BGD", "2024", "female", 1), (0, "BGD", "2024", "_U", 1), (1, "BGD", "2024", "female", 1),
    (1, "BGD", "2024", "_U", 1), (1, "NPL", "2024", "female", 1), (1, "NPL", "2024", "_U", 1),
    (2, "NPL", "2024", "female", 1), (2, "NPL", "2024", "_U", 1), (3, "NPL", "2024-Q1", "female", 23),
    (3, "NPL", "2024-Q1", "_U", 1), (3, "NPL", "2024-Q3", "female", 39), (3, "NPL", "2024-Q3", "_U", 5),
]  # fmt: skip


@SETTINGS
@given(model=sum_worlds(), extra=st.integers(1, 40), own=st.integers(1, 1000))
@example(model=Model(4, {0}, [Atom(i, *a) for i, a in enumerate(STATED_TOTALS)]), extra=1, own=1)
async def test_sums_resist_an_attacker_who_combines_every_answer(
    directory_app: FastAPI, metrics_app: FastAPI, model: Model, extra: int, own: int
) -> None:
    grown = Model(model.orgs, model.members, [*model.atoms, Atom(len(model.atoms), 1, "NPL", "2024-11", "_U", extra)])
    async with rolled_back(directory_app), rolled_back(metrics_app):
        code, orgs, coalition = await build(directory_app, metrics_app, model, disaggregations=["sex"])
        await report(metrics_app, orgs[0], indicator=code, country="NPL", subdivision="NP-P3", period="2024",
                     value=own, visibility="private")  # the attacker's own  # fmt: skip
        answers = await collect(metrics_app, model, code, orgs, coalition)
        paths = await exported(metrics_app, {"indicator": code, **SUM_QUESTIONS[4]})
        await rollups.refresh_all(metrics_app.state.sessionmaker)
        await write(metrics_app, code, orgs, coalition, grown.atoms[-1], grown)  # one more report
        answers += await collect(metrics_app, grown, code, orgs, coalition)

    assert all(path == paths[0] for path in paths), paths  # the API and every export, the same figures
    published, hidden, _ = observe(answers)
    npl = [  # Nepal in 2024 is one figure whatever `by`
        find(a, **{d: {"country": "NPL", "period": "2024"}.get(d) for d in a["by"]})
        for m, q, a, c in answers
        if m is model and not c and q.get("country") == ["NPL"] and q.get("period") == ["2024"]
    ]
    assert len(npl) == len(NPL_2024) and len({(f["value"], f["status"]) for f in npl}) == 1, npl
    visible = [a for a in grown.atoms if a.visibility != "private"]
    targets = hidden | {frozenset([a]) for a in visible}
    targets |= {frozenset(b for b in visible if (b.org, b.country) == (a.org, a.country)) for a in visible}
    assert linear_attack(grown, published, targets) == []


@st.composite
def order_worlds(draw: Any, aggregation: str) -> Model:
    """One value per organisation and year (one year for means), organisations 0-2 in Nepal."""
    years = ["2024"] if "mean" in aggregation else ["2022", "2023", "2024"]
    atoms: list[Atom] = []
    n = draw(st.integers(4, 7))
    for org in range(n):
        country = "NPL" if org < 3 else draw(st.sampled_from(sorted(REGION)))
        for year in sorted(draw(st.sets(st.sampled_from(years), min_size=1))):
            value, weight = draw(st.integers(1, 60)), draw(st.integers(1, 5))
            atoms.append(Atom(len(atoms), org, country, year, "_U", value, weight=weight))
    return Model(n, set(), atoms, aggregation)


ORDER_QUESTIONS = [
    {"by": "country", "period": ["2024"]},
    {"by": "country", "region": ["Asia"], "period": ["2024"]},
    {"by": "country,period", "region": ["Asia"]},
    {"by": "period", "country": ["NPL"]},
    {"by": "country,period"},
]


@pytest.mark.parametrize("aggregation", ["mean", "weighted_mean", "min", "max", "latest"])
@SETTINGS
@given(data=st.data())
async def test_mean_min_max_latest_resist_order_statistics(
    directory_app: FastAPI, metrics_app: FastAPI, aggregation: str, data: st.DataObject
) -> None:
    model = data.draw(order_worlds(aggregation))
    value_type = "amount" if aggregation == "weighted_mean" else "count"  # whole values: the attacker knows
    async with rolled_back(directory_app), rolled_back(metrics_app):
        code, _, _ = await build(directory_app, metrics_app, model, value_type=value_type, disaggregations=[])
        answers = [(model, q, await ask(metrics_app, ANON, indicator=code, **q), False) for q in ORDER_QUESTIONS]
    published, hidden, disclosed = observe(answers)
    if aggregation in ("mean", "latest"):  # sums in disguise; weights are unknown to the attacker
        disclosed += linear_attack(model, published, hidden | {frozenset([a]) for a in model.atoms})
    assert disclosed == []


# --- the attacks that worked before, one by one -----------------------------------------------


async def put(app: FastAPI, code: str, values: dict[str, list[int]], period: str = "2024") -> None:
    """Each value reported publicly by another organisation, in its country."""
    for k, (country, v) in enumerate((c, v) for c, vs in values.items() for v in vs):
        await report(app, org_id(100 + k), indicator=code, country=country, period=period, value=v, visibility="public")


def assert_unreliable(used: list[tuple[dict, list[int], int]], true: int) -> None:
    """The attack sum(sign * figure) aims at `true`: each figure it uses (given its organisations'
    values) is perturbed within bound, and at least two integers stay consistent with the guess."""
    guess, width = F(0), 0.0
    for fig, per_org, sign in used:
        model = Model(len(per_org), set(), [Atom(i, i, "NPL", "2024", "_U", v) for i, v in enumerate(per_org)])
        check(model, frozenset(model.atoms), fig)
        guess, width = guess + sign * num(fig["value"]), width + bound(model, frozenset(model.atoms))
    assert len(integers(float(guess) - width, float(guess) + width)) >= 2 or true != guess


async def test_region_total_minus_its_other_countries(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    await put(metrics_app, code, {"NPL": [40, 2], "IND": [10, 20, 30], "BGD": [5, 6, 7]})
    region = await ask(metrics_app, ANON, indicator=code, region="Asia", by="country", period="2024")
    ind = find(await ask(metrics_app, ANON, indicator=code, country="IND", by="country", period="2024"))
    bgd = find(await ask(metrics_app, ANON, indicator=code, country="BGD", by="country", period="2024"))

    assert find(region, country="NPL")["value"] is None
    assert ind == find(region, country="IND")  # the same values, the same figure
    # Before: 120 - 60 - 18 gave Nepal's hidden 42.
    everyone = [40, 2, 10, 20, 30, 5, 6, 7]
    assert_unreliable([(find(region, country=None), everyone, 1), (ind, [10, 20, 30], -1), (bgd, [5, 6, 7], -1)], 42)


async def test_a_years_series_minus_its_other_periods(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    for i in range(3):
        for quarter, value in (("Q1", 10), ("Q2", 20), ("Q3", 30), ("Q4", 40)):
            if (quarter, i) != ("Q3", 2):  # Q3 has two organisations: hidden
                await report(metrics_app, org_id(200 + i), indicator=code, country="NPL", period=f"2024-{quarter}",
                             value=value + i, visibility="public")  # fmt: skip
    quarterly = {"indicator": code, "country": "NPL", "by": "period", "granularity": "quarter"}
    quarters = await ask(metrics_app, ANON, **quarterly)
    year = find(await ask(metrics_app, ANON, indicator=code, country="NPL", by="period", period="2024"))
    listed = await ask(metrics_app, ANON, **quarterly, period=["2024-Q1", "2024-Q2", "2024-Q4"])

    assert find(quarters, period="2024-Q3")["value"] is None
    assert listed["totals"] == []  # no margin over a chosen list of periods
    assert find(quarters, period=None)["value"] == year["value"]  # the same values, the same figure
    # Before: the year's 280 minus Q1, Q2 and Q4 (33, 63, 123) gave Q3's hidden 61.
    quarter_values = (("Q1", 10), ("Q2", 20), ("Q4", 40))
    used = [(find(quarters, period=f"2024-{q}"), [v, v + 1, v + 2], -1) for q, v in quarter_values]
    assert_unreliable([(year, [100, 104, 76], 1), *used], 61)


async def test_a_coalition_members_view_minus_the_public_view(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    await put(metrics_app, code, {"NPL": [10, 20, 30]})
    await report(metrics_app, world.org_a, indicator=code, country="NPL", period="2024", value=50,
                 visibility="coalition", coalition_id=world.coalition)  # fmt: skip
    member = as_identity(factories.account(world.org_a))
    params = {"indicator": code, "country": "NPL", "by": "country", "period": "2024"}
    public = find(await ask(metrics_app, ANON, **params))
    as_member = find(await ask(metrics_app, member, **params))
    together = find(await ask(metrics_app, member, coalition=str(world.coalition), **params))

    # Before: 100 - 60 gave organisation A's shared 50. One organisation differs: the public figure.
    assert public["value"] is not None
    assert as_member["value"] == together["value"] == public["value"]
    assert together["contributors"] == public["contributors"]


async def test_before_and_after_one_new_report(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    for i, value in enumerate((30, 40, 50)):
        await report(metrics_app, org_id(200 + i), indicator=code, country="NPL", period="2024-01", value=value,
                     visibility="public")  # fmt: skip
    params = {"indicator": code, "country": "NPL", "by": "period", "period": "2024"}
    before, per_org, exact = find(await ask(metrics_app, ANON, **params)), [30, 40, 50], []
    for month in range(2, 10):  # the first organisation adds a month at a time, each hidden on its own
        value = 5 * month
        await report(metrics_app, org_id(200), indicator=code, country="NPL", period=f"2024-{month:02d}",
                     value=value, visibility="public")  # fmt: skip
        after = find(await ask(metrics_app, ANON, **params))
        assert_unreliable([(after, [per_org[0] + value, *per_org[1:]], 1), (before, list(per_org), -1)], value)
        exact.append(num(after["value"]) - num(before["value"]) == value)
        before, per_org[0] = after, per_org[0] + value
    # Before: each difference gave the new month; noise keyed on the organisations alone would too.
    assert not all(exact)


async def test_the_callers_own_private_value_does_not_lift_a_small_cell(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    await put(metrics_app, code, {"NPL": [10, 20]})
    await report(metrics_app, world.org_a, indicator=code, country="NPL", period="2024", value=5, visibility="private")
    params = {"indicator": code, "country": "NPL", "by": "country", "period": "2024"}
    own = await ask(metrics_app, as_identity(factories.account(world.org_a)), **params)

    # Before: A saw 35 from 3 contributors, and 35 - 5 gave the two others' 30.
    assert (find(own)["value"], find(own)["status"], num(find(own)["own"])) == (None, "C", 5)
    same_but_own(own, await ask(metrics_app, ANON, **params))


async def test_mean_max_and_latest_from_a_single_answer(metrics_app: FastAPI, world: World) -> None:
    region = {"region": "Asia", "by": "country", "period": "2024"}
    highest = await fixed_indicator(metrics_app, "atk_max", aggregation="max")
    await put(metrics_app, highest, {"NPL": [90], "IND": [10, 20, 30], "BGD": [5, 15, 25]})
    maximum = await ask(metrics_app, ANON, indicator=highest, **region)
    average = await fixed_indicator(metrics_app, "atk_mean", aggregation="mean", value_type="amount")
    await put(metrics_app, average, {"NPL": [40, 60], "IND": [10, 20, 30], "BGD": [5, 15, 25]})
    mean = await ask(metrics_app, ANON, indicator=average, **region)
    last = await fixed_indicator(metrics_app, "atk_latest", aggregation="latest")
    await put(metrics_app, last, {"NPL": [1, 2, 3]}, period="2022")
    await put(metrics_app, last, {"NPL": [77]}, period="2024")
    series = await ask(metrics_app, ANON, indicator=last, country="NPL", by="period")

    # Before: the total's maximum was Nepal's hidden 90; the latest over periods, 2024's hidden 77.
    assert find(maximum, country="NPL")["value"] is None and num(find(maximum, country=None)["value"]) != 90
    assert find(series, period="2024")["value"] is None and find(series, period=None)["value"] is None
    # Before: mean * 8 - mean(IND) * 3 - mean(BGD) * 3 gave Nepal's hidden sum, 100.
    assert find(mean, country="NPL")["value"] is None
    guess = sum(num(find(mean, country=c)["value"]) * n for c, n in ((None, 8), ("IND", -3), ("BGD", -3)))
    assert guess != 100 and num(find(mean, country=None)["value"]) != F(205, 8)


async def test_a_dominant_organisation_is_protected_however_it_reports(metrics_app: FastAPI, world: World) -> None:
    """The others, knowing their own values, learn the dominant one's 1,200 from Nepal's total
    within its noise: at least 7.5% of it (docs/privacy.md), less what their own eight noises
    (each at most 2, which colluders could measure and take off) can cancel, whether it reported
    a year, twelve months, two sexes or a total and women; and the total is one figure whatever
    `by` is asked."""
    shapes = {
        "atk_year": [("2024", {}, 1200)],
        "atk_months": [(f"2024-{m:02d}", {}, 100) for m in range(1, 13)],
        "atk_sexes": [("2024", {"sex": "female"}, 600), ("2024", {"sex": "male"}, 600)],
        "atk_total_and_women": [("2024", {}, 1200), ("2024", {"sex": "female"}, 700)],
    }
    found = {}
    for code, values in shapes.items():
        await fixed_indicator(metrics_app, code)
        for period, breakdown, value in values:
            await report(metrics_app, org_id(300), indicator=code, country="NPL", period=period,
                         disaggregation=breakdown, value=value, visibility="public")  # fmt: skip
        await put(metrics_app, code, {"NPL": [1] * 8})
        asked = {by: await ask(metrics_app, ANON, indicator=code, country="NPL", period="2024", by=by) for by in
                 ("country", "period", "sex")}  # fmt: skip
        found[code] = {by: num(find(a, **{by: {"country": "NPL", "period": "2024"}.get(by)})["value"])
                       for by, a in asked.items()}  # fmt: skip

    least = 0.075 * 1200 - 8 * 2 - 0.5
    ok = [len(set(by.values())) == 1 and min(abs(v - 1208) for v in by.values()) >= least for by in found.values()]
    assert all(ok), found


async def test_a_small_sensitive_count_is_not_read_off_its_published_form(metrics_app: FastAPI, world: World) -> None:
    """The attacker calibrates: organisations of its own, three to a cell, report a sensitive count
    whose truth it knows (0 to 10) in many cells, and it tabulates what was published for each
    truth (a number, or status C). Any published form seen for one truth only would pin that truth
    in anyone's cell; so would a status that is C exactly below a threshold of the truth. (The
    same organisations in every cell would calibrate only their own noise, the same in each.)"""
    code = await fixed_indicator(metrics_app, "atk_small", sensitivity="sensitive")
    # 16 cells of each truth: months from 2000 on (years an observation may be of)
    truths = {f"{2000 + n // 12}-{n % 12 + 1:02d}": n // 16 for n in range(11 * 16)}
    for i, (period, t) in enumerate(truths.items()):
        for k, value in enumerate((t, 0, 0)):
            await report(metrics_app, org_id(2000 + 3 * i + k), indicator=code, country="NPL", period=period,
                         value=value, visibility="public")  # fmt: skip
    answer = await ask(metrics_app, ANON, indicator=code, country="NPL", by="period", granularity="month")
    seen: dict[str, set[int]] = {}
    for period, t in truths.items():
        fig = find(answer, period=period)
        seen.setdefault("C" if fig["status"] == "C" else str(num(fig["value"])), set()).add(t)

    # Before: a published 0, 1 or 2 was only ever a true 0, a published 3 a true 5 (noise of 1 or
    # 2 either way, and 1 to 4 never published), and C meant exactly a truth of 1 to 4.
    pinned = {form: ts for form, ts in seen.items() if len(ts) == 1 and (form == "C" or int(form) <= 8)}
    assert pinned == {}, seen
    assert seen["C"] & {5, 6} and any(seen.get(str(p), set()) & {1, 2, 3, 4} for p in range(9)), seen


async def test_shared_values_that_change_nothing_do_not_open_a_coalition_view(
    directory_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """Members A and C share values with their coalition that leave their part of Nepal's figure
    as it was (a subdivision under a stated country value, women within a public total); member V
    shares a value of its own, 50. Only V puts anything different into the coalition's figure, so
    the coalition's view minus the public one must not be V's value with one noise on each side
    (which A, revising its public value for fresh draws, could average away)."""
    people = [org_id(700 + i) for i in range(8)]  # three public only, then members A, C, V, X, Y
    async with session_scope(directory_app.state.sessionmaker) as s:
        for org in people:
            made = await factories.organisation_in(s, "NPL")
            await s.execute(text("UPDATE directory.organisations SET id = :new WHERE id = :old"), {"new": org, "old": made})  # fmt: skip
        coalition = await factories.coalition_in(s, "NPL", active=people[3:])
    a, c, v, x, y = people[3:]
    code = await fixed_indicator(metrics_app, "atk_same_share")
    cell = {"indicator": code, "country": "NPL", "period": "2024"}
    shared = {"visibility": "coalition", "coalition_id": coalition}
    for org, value in zip(people[:3] + [a, c], (10, 20, 30, 5, 7), strict=True):
        await report(metrics_app, org, **cell, value=value, visibility="public")
    await report(metrics_app, a, **cell, subdivision="NP-BA", value=1, **shared)
    await report(metrics_app, c, **cell, disaggregation={"sex": "female"}, value=3, **shared)
    await report(metrics_app, v, **cell, value=50, **shared)
    member = as_identity(factories.account(a))
    params = {"indicator": code, "country": "NPL", "by": "country", "period": "2024"}
    public = find(await ask(metrics_app, ANON, **params))
    together = find(await ask(metrics_app, member, coalition=str(coalition), **params))
    # Two more members sharing values of their own: three now differ, the view is the coalition's.
    await report(metrics_app, x, **cell, value=40, **shared)
    await report(metrics_app, y, **cell, value=60, **shared)
    wider = find(await ask(metrics_app, member, coalition=str(coalition), **params))

    # Before: A and C counted as differing, and the two views differed by V's 50 and two noises.
    assert public["value"] is not None and {**together, "own": None} == public
    # 10 + 20 + 30 + 5 + 7 + 50 + 40 + 60, each with noise of at most 15% of itself (at least 2)
    bound = 2 + 2 + 3 + 4.5 + 2 + 7.5 + 6 + 9 + 0.5
    assert num(wider["value"]) != num(public["value"]) and abs(num(wider["value"]) - 222) <= bound


async def test_hidden_figures_carry_no_contributors_coverage_or_reason(metrics_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app, sensitivity="sensitive")
    await put(metrics_app, code, {"NPL": [1, 1, 1, 1], "IND": [10, 10], "BGD": [10, 10, 10]})
    params = {"indicator": code, "region": "Asia", "by": "country", "period": "2024"}
    answer = await ask(metrics_app, ANON, **params)
    async with asgi_client(metrics_app, "http://metrics", signer=ANON) as client:
        sdmx = (await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params=params)).text

    # Before: Nepal (a sensitive count of 4) said 4 contributors and why; India said 2.
    nepal, india = find(answer, country="NPL"), find(answer, country="IND")
    assert (nepal["value"], nepal["status"], nepal["contributors"], nepal["coverage"]) == (None, "C", None, None)
    assert {**nepal, "country": None} == {**india, "country": None}
    rows = {r["REF_AREA"]: r for r in csv.DictReader(io.StringIO(sdmx))}
    assert {**rows["NPL"], "REF_AREA": ""} == {**rows["IND"], "REF_AREA": ""}


async def test_the_query_space_has_limits(metrics_app: FastAPI, directory_app: FastAPI, world: World) -> None:
    code = await fixed_indicator(metrics_app)
    await put(metrics_app, code, {"NPL": [1, 2, 3], "IND": [4, 5, 6]})
    async with asgi_client(metrics_app, "http://metrics", signer=ANON) as client:
        refused = [
            (await client.get("/v1/metrics/aggregates", params={"indicator": code, **p})).status_code
            for p in ({"country": ["NPL", "IND"], "by": "period", "period": "2024"},
                      {"country": "NPL", "by": "country", "granularity": "quarter", "period": ["2024-Q1", "2024-Q2"]})
        ]  # fmt: skip
    async with asgi_client(directory_app, "http://directory", signer=ANON) as client:
        countries = (await client.get("/v1/directory/countries", params={"limit": 500})).json()["items"]
    listed = await ask(metrics_app, ANON, indicator=code, country=["NPL", "IND"], by="country", period="2024")
    region = await ask(metrics_app, ANON, indicator=code, region="Asia", by="country", period="2024")

    assert refused == [422, 422]
    assert listed["totals"] == [] and find(region, country=None)["status"] == "F"
    assert {c["iso3"]: c["region"] for c in countries if c["iso3"] in REGION} == REGION  # what this file assumes
