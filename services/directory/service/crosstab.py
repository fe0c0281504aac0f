"""Coverage cross-tabulated: who works on each combination of one to three of country, form,
intervention and sector, every combination listed (zeros too), so the gaps show. `/coverage`
pages through the combinations; `/coverage/cross` answers them in one document (two or three)."""

import itertools
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import vocabularies
from services.directory.repository import matching
from services.directory.service.search import coverage_countries
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


async def cross_coverage(
    session: AsyncSession, countries: list[str], regions: list[str], by: list[str], *, fewest: int = 2
) -> dict[str, Any]:
    """Countries: those given, else those of the regions, else the Pathfinder Countries. `fewest`:
    how few dimensions may be asked for (one gives each term's count)."""
    if errors := _check(by, fewest):
        raise InvalidInput(f"Cross {WORDS[fewest]} of country, form, intervention and sector.", errors=errors)
    _, codes = coverage_countries(countries, regions, [])
    columns = [DIMENSIONS[b] for b in by]
    counts = await matching.cross_coverage(session, codes, columns)
    terms = {
        "countries": sorted(codes),
        "forms": list(vocabularies.FORMS),
        "interventions": list(vocabularies.INTERVENTIONS),
        "sectors": list(vocabularies.SECTORS),
    }
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
