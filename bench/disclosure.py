"""CPU of disclosure control for one table, against adding its rows up (the step before it),
measured in one run in this process: no servers, no database.

    .venv/bin/python bench/disclosure.py [--organisations 5556] [--countries 50] [--years 10]

The table is every country by year, each country's organisations reporting every year (the
shape of the largest question in bench/aggregates.py). Disclosure control runs three times:
cold (every figure's noise computed), again (every figure's noise kept), and after one
organisation's value changed in one cell (the figures holding it computed again)."""

import argparse
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.metrics import privacy  # noqa: E402
from services.metrics.aggregates.figures import Accumulated, accumulate  # noqa: E402

RULES = privacy.Rules(secret=random.randbytes(32))


def rows(organisations: int, countries: int, years: int) -> list[dict[str, Any]]:
    ids = [f"{random.getrandbits(128):032x}" for _ in range(organisations)]
    per_country = max(1, organisations // countries)
    out = []
    for c in range(countries):
        members = ids[c * per_country : (c + 1) * per_country]
        for year in range(2015, 2015 + years):
            amounts = [Decimal(random.randint(0, 500)) for _ in members]
            out.append(
                {
                    "country": f"C{c:02d}", "period": str(year), "reported": str(year), "label": {},
                    "remainder": False, "period_end": year, "organisations": members, "amounts": amounts,
                    "weighted_amounts": amounts, "n": len(members), "total": sum(amounts),
                    "weighted_total": None, "weight_total": None, "min": min(amounts), "max": max(amounts),
                }
            )  # fmt: skip
    return out


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    result = step()
    return (time.process_time() - started) * 1000, result


def decide_all(figures: dict[privacy.Key, Accumulated]) -> dict[privacy.Key, privacy.Published]:
    return {
        key: privacy.decide(
            acc.by_method("sum"),
            RULES,
            indicator="people",
            method="sum",
            sensitive=False,
            floor=RULES.floor,
            whole=True,
        )
        for key, acc in figures.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5556)
    parser.add_argument("--countries", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    random.seed(8)
    table = rows(args.organisations, args.countries, args.years)
    add_up = lambda: accumulate(table, ["country", "period"], (True, True), "sum")  # noqa: E731
    baseline, figures = timed(add_up)
    parts = sum(len(acc.amounts) for acc in figures.values())
    cold, _ = timed(lambda: decide_all(figures))
    again, _ = timed(lambda: decide_all(figures))
    changed = table[len(table) // 2]
    changed["amounts"] = [changed["amounts"][0] + 1, *changed["amounts"][1:]]
    changed["total"] += 1
    _, figures = timed(add_up)
    after, _ = timed(lambda: decide_all(figures))
    print(f"{len(table):,} rows, {len(figures):,} figures, {parts:,} contributions (CPU, ms)")
    print(f"adding the rows up (baseline): {baseline:.1f}")
    for name, ms in (("cold", cold), ("every noise kept", again), ("after one write", after)):
        print(f"disclosure control, {name}: {ms:.1f} ({ms / baseline:.2f}x adding up)")


if __name__ == "__main__":
    main()
