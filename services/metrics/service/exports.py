"""Aggregates as files. They are built from `aggregates.aggregate`, so every exported figure has
been through the privacy layer exactly like the API's. No cell runs as a spreadsheet formula
(shared/spreadsheets.py)."""

import io
from typing import Any

from shared import spreadsheets

DIMENSION_CODES = {
    "country": "REF_AREA",
    "period": "TIME_PERIOD",
    "sex": "SEX",
    "age_group": "AGE",
    "form": "FORM",
    "sector": "SECTOR",
    "migration_status": "MIGRATION_STATUS",
}
TOTAL = "_T"  # SDMX's code for "all" in a dimension


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


def as_sdmx_csv(result: dict[str, Any]) -> str:
    """SDMX-CSV (version 1): one column per dimension, `_T` for a total, OBS_CONF for disclosure."""
    buffer = io.StringIO()
    dims = [DIMENSION_CODES[d] for d in result["by"]]
    writer = spreadsheets.Writer(buffer)
    writer.writerow(["DATAFLOW", "INDICATOR", *dims, "OBS_VALUE", "UNIT_MEASURE", "OBS_CONF", "CONTRIBUTORS"])
    dataflow = f"COALITION_HUB:IMPACT({result['indicator_version']}.0)"
    for row in rows(result):
        writer.writerow(
            [
                dataflow,
                result["indicator"].upper(),
                *(row[d] or TOTAL for d in result["by"]),
                row["value"] if row["value"] is not None else "",
                result["unit"],
                row["status"],
                row["contributors"] if row["contributors"] is not None else "",
            ]
        )
    return buffer.getvalue()
