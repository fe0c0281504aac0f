"""Coverage: per country and pair of terms (`/coverage/pairs`), and cross-tabulated: who works
on each combination of one to three of country, form, intervention and sector, every
combination listed (zeros too), so the gaps show. `/coverage` pages through the combinations;
`/coverage/cross` answers them in one document (two or three)."""

import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed
from services.directory.coverage import repository
from services.directory.organisations import profile
from services.directory.search.service import Filters, validate
from shared.errors import InvalidInput

# The dimensions one can cross, and the organisation column each reads.
DIMENSIONS = {"country": "countries", "form": "forms", "intervention": "interventions", "sector": "sectors"}


WORDS = {1: "one to three", 2: "two or three"}


def _check(by: list[str], fewest: int) -> list[dict[str, str]]:
    errors = [
        {"field": "by", "reason": f"{b!r} is not one of {', '.join(DIMENSIONS)}"} for b in by if b not in DIMENSIONS
    ]
    if not fewest <= len(by) <= 3 or len(set(by)) != len(by):
        errors.append({"field": "by", "reason": f"{WORDS[fewest]} different dimensions"})
    return errors


# The dimensions of `/coverage/pairs`: the crossable ones but country.
COVERAGE_DIMENSIONS = {d: column for d, column in DIMENSIONS.items() if d != "country"}
# The terms of each column but countries, in the vocabularies' order.
TERMS = {column: list(profile.VOCABULARIES[column][0]) for column in COVERAGE_DIMENSIONS.values()}


def _unknown_dimensions(by: list[str]) -> list[dict[str, str]]:
    return [
        {"field": "by", "reason": f"{b!r} is not one of {', '.join(COVERAGE_DIMENSIONS)}"}
        for b in by
        if b not in COVERAGE_DIMENSIONS
    ]


def coverage_countries(
    countries: list[str], regions: list[str], by_errors: list[dict[str, str]]
) -> tuple[dict[str, seed.CountryRow], list[str]]:
    """The reference rows and the countries a coverage request is about (its countries, else
    those of its regions, else the Pathfinder Countries); a 422 for unknown terms, or for the
    dimensions' `by_errors`."""
    filters = validate(Filters(countries=countries, regions=regions))
    if by_errors:
        raise InvalidInput("Unknown coverage dimension.", errors=by_errors)
    rows = {row["iso3"]: row for row in seed.country_rows()}
    codes = filters.countries or [
        c for c, r in rows.items() if (r["region"] in filters.regions if filters.regions else r["pathfinder"])
    ]
    return rows, codes


async def pair_coverage(
    session: AsyncSession, countries: list[str], regions: list[str], by: list[str]
) -> list[dict[str, Any]]:
    """Per country: how many organisations work there, and on each pair of terms of two
    dimensions (form x intervention by default), every pair listed; the pairs nobody works on
    are the gaps."""
    shape = [] if len(by) == 2 and by[0] != by[1] else [{"field": "by", "reason": "exactly two different dimensions"}]
    rows, codes = coverage_countries(countries, regions, _unknown_dimensions(by) + shape)
    first, second = (COVERAGE_DIMENSIONS[b] for b in by)
    totals = (await repository.coverage(session, codes, []))["totals"]
    counts = await repository.pair_coverage(session, codes, first, second)
    result = []
    for code in sorted(codes):
        found = counts.get(code, {})
        per_pair = {a: {b: found.get((a, b), 0) for b in TERMS[second]} for a in TERMS[first]}
        result.append(
            {
                "country": code,
                "name": rows[code]["name"],
                "pathfinder": rows[code]["pathfinder"],
                "organisations": totals.get(code, 0),
                "by": list(by),
                "counts": per_pair,
                "gaps": [(a, b) for a, terms in per_pair.items() for b, n in terms.items() if n == 0],
            }
        )
    return result


async def cross_coverage(
    session: AsyncSession, countries: list[str], regions: list[str], by: list[str], *, fewest: int = 2
) -> dict[str, Any]:
    """Countries: those given, else those of the regions, else the Pathfinder Countries. `fewest`:
    how few dimensions may be asked for (one gives each term's count)."""
    if errors := _check(by, fewest):
        raise InvalidInput(f"Cross {WORDS[fewest]} of country, form, intervention and sector.", errors=errors)
    _, codes = coverage_countries(countries, regions, [])
    columns = [DIMENSIONS[b] for b in by]
    counts = await repository.cross_coverage(session, codes, columns)
    terms = {"countries": sorted(codes), **TERMS}
    cells = [
        {**dict(zip(by, combination, strict=True)), "organisations": counts.get(combination, 0)}
        for combination in itertools.product(*(terms[c] for c in columns))
    ]
    return {
        "by": by,
        "countries": sorted(codes),
        "cells": cells,
        "empty": sum(1 for c in cells if c["organisations"] == 0),
    }
