"""Aggregates as files. They are built from `aggregates.aggregate`, so every exported figure has
been through the privacy layer exactly like the API's. No cell runs as a spreadsheet formula
(shared/spreadsheets.py)."""

import io
from decimal import Decimal
from typing import Any

from services.metrics.exports import sdmx
from shared import spreadsheets
from shared.errors import InvalidInput


def rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [*result["cells"], *result["totals"]]


def as_csv(result: dict[str, Any]) -> str:
    buffer = io.StringIO()
    fields = [
        "indicator",
        "indicator_version",
        *result["by"],
        "value",
        "unit",
        "contributors",
        "coverage",
        "status",
        "own",
    ]
    writer = spreadsheets.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows(result):
        writer.writerow(
            {
                **row,
                **{d: row[d] or "total" for d in result["by"]},
                "indicator": result["indicator"],
                "indicator_version": result["indicator_version"],
                "unit": result["unit"],
            }
        )
    return buffer.getvalue()


def sdmx_check(*, by: list[str], regions: list[str], periods: list[str]) -> None:
    """Refuse, before any figure is computed, a table whose figures SDMX cannot key: each needs
    a time period and one area."""
    errors = []
    if "period" not in by and len(periods) != 1:
        errors.append({"field": "period", "reason": "an SDMX file keys every figure by a time period: give one "
                       "period, or by=period"})  # fmt: skip
    if len(regions) > 1:
        errors.append({"field": "region", "reason": "an SDMX file keys every figure by one area: give one region"})
    errors += [{"field": "region", "reason": f"{r!r} is not a UN region"} for r in regions if r not in sdmx.REGIONS]
    if errors:
        raise InvalidInput("This table cannot be written as SDMX.", errors=errors)


def sdmx_rows(
    result: dict[str, Any], *, countries: list[str], regions: list[str], periods: list[str]
) -> list[dict[str, Any]]:
    """The figures keyed by every dimension of the dataflow (sdmx.DIMENSIONS): a dimension the
    table is not broken down by takes the query's filter (one country or period, a region's
    M49 code) or `_T`, all of it. Totals over every period are left out (a time period is never
    `_T`)."""
    by = result["by"]
    whole_area = sdmx.REGIONS[regions[0]] if regions else sdmx.TOTAL
    fixed = {
        "FREQ": sdmx.FREQUENCIES[result["granularity"]],
        "INDICATOR": result["indicator"],
        "REF_AREA": countries[0] if countries and "country" not in by else whole_area,
        "TIME_PERIOD": periods[0] if periods else None,
        **{d.id: sdmx.TOTAL for d in sdmx.BREAKDOWNS},
    }
    unit = sdmx.unit_code(result["unit"])
    out = []
    for row in rows(result):
        keys = dict(fixed)
        for d in sdmx.DIMENSIONS:
            if d.query is not None and d.query in by:
                keys[d.id] = row[d.query] if row[d.query] is not None else fixed[d.id]
        if keys["TIME_PERIOD"] is None:
            continue
        value = Decimal(row["value"]) if row["value"] is not None else ""  # a number, never quoted
        out.append({**keys, sdmx.MEASURE: value, "UNIT_MEASURE": unit, "OBS_CONF": row["status"],
                    "CONTRIBUTORS": row["contributors"] if row["contributors"] is not None else ""})  # fmt: skip
    return out


def as_sdmx_csv(figures: list[dict[str, Any]], version: str) -> str:
    """SDMX-CSV 1.0 (a DATAFLOW column) or 2.0 (STRUCTURE, STRUCTURE_ID and ACTION: I, information)."""
    buffer = io.StringIO()
    writer = spreadsheets.Writer(buffer)
    lead = {"1.0.0": {"DATAFLOW": sdmx.DATAFLOW_REF},
            "2.0.0": {"STRUCTURE": "dataflow", "STRUCTURE_ID": sdmx.DATAFLOW_REF, "ACTION": "I"}}[version]  # fmt: skip
    writer.writerow([*lead, *sdmx.COLUMNS])
    for figure in figures:
        writer.writerow([*lead.values(), *(figure[c] for c in sdmx.COLUMNS)])
    return buffer.getvalue()
