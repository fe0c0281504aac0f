"""Service deserts: where an indicator counts need and few organisations work. Per country of a
region, the indicator's figure joined with the directory's organisations per form of
exploitation x intervention, and the pairs with fewer than a given number of organisations.

Figures come only from `aggregates.aggregate`, by country, so they are exactly the ones
/v1/metrics/aggregates publishes to the same caller, through the same disclosure control: a
hidden figure stays hidden here. The directory's counts are public data."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import privacy
from services.metrics.aggregates import service as aggregates
from services.metrics.clients import DirectoryClient, PairCoverage


def _rank(figure: dict[str, Any] | None) -> int:
    """Published figures first, then hidden ones (need is counted, not disclosed), then none."""
    if figure is None:
        return 2
    return 0 if figure["value"] is not None else 1


async def deserts(
    session: AsyncSession,
    directory: DirectoryClient,
    *,
    viewer_org: uuid.UUID | None,
    indicator: str,
    region: str,
    periods: list[str],
    granularity: str,
    max_organisations: int,
    rules: privacy.Rules,
) -> dict[str, Any]:
    # First, as it validates the request (indicator, region, periods, granularity) as the
    # aggregates do, before the directory is asked anything.
    result = await aggregates.aggregate(
        session,
        directory,
        viewer_org=viewer_org,
        indicator=indicator,
        countries=[],
        regions=[region],
        periods=periods,
        granularity=granularity,
        by=["country"],
        rules=rules,
    )
    # The region's countries as the aggregate selected them (the same reference data).
    region_of = await directory.country_regions()
    coverage: list[PairCoverage] = await directory.form_intervention_coverage(
        sorted(c for c, r in region_of.items() if r == region)
    )
    cells = {cell["country"]: cell for cell in result["cells"]}
    few = {entry.country: _gaps(entry, max_organisations) for entry in coverage}
    countries = sorted(
        (_country(entry, cells.get(entry.country), len(few[entry.country])) for entry in coverage),
        key=lambda c: (_rank(c["figure"]), c["organisations"], c["country"]),
    )
    gaps = [_gap(c, form, intervention, n) for c in countries for form, intervention, n in few[c["country"]]]
    return {
        "indicator": result["indicator"],
        "indicator_version": result["indicator_version"],
        "name": result["name"],
        "unit": result["unit"],
        "aggregation": result["aggregation"],
        "granularity": result["granularity"],
        "periods": periods,
        "region": region,
        "max_organisations": max_organisations,
        "region_figure": _total(result["totals"]),
        "countries": countries,
        "gaps": gaps,
        "as_of": result["as_of"],
    }


def _gaps(entry: PairCoverage, max_organisations: int) -> list[tuple[str, str, int]]:
    """The country's pairs with fewer organisations than `max_organisations`, fewest first."""
    pairs = [(f, i, n) for f, per in entry.counts.items() for i, n in per.items()]
    return sorted((p for p in pairs if p[2] < max_organisations), key=lambda p: p[2])  # stable


def _country(entry: PairCoverage, cell: dict[str, Any] | None, gap_count: int) -> dict[str, Any]:
    return {
        "country": entry.country,
        "name": entry.name,
        "figure": None if cell is None else {k: v for k, v in cell.items() if k != "country"},
        "organisations": entry.organisations,
        "counts": entry.counts,
        "gap_count": gap_count,
    }


def _gap(country: dict[str, Any], form: str, intervention: str, organisations: int) -> dict[str, Any]:
    figure = country["figure"]
    return {
        "country": country["country"],
        "form": form,
        "intervention": intervention,
        "organisations": organisations,
        "value": figure["value"] if figure else None,
        "status": figure["status"] if figure else None,
    }


def _total(totals: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The region's own figure (every country's contributions together), as the aggregates give it."""
    return next(({k: v for k, v in t.items() if k != "country"} for t in totals), None)
