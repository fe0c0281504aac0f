"""The report's figures as SDMX-CSV 1.0, published beside the JSON, in the shape of the metrics
service's dataflow COALITION_HUB:IMPACT(1.0) (its structure is published at
/v1/metrics/sdmx/dataflow/COALITION_HUB/IMPACT/1.0): one row per figure of the indicators
section, every breakdown a total (`_T`), a withheld figure with an empty value, its OBS_CONF code
and no contributor count. The annex's figure id is `F-<INDICATOR>-<REF_AREA>-<TIME_PERIOD>`, so
rows and ids match."""

import hashlib
import io
import re

from services.reports.document import Point, ReportDocument
from shared import spreadsheets

DATAFLOW = "COALITION_HUB:IMPACT(1.0)"
BREAKDOWNS = ["SEX", "AGE", "FORM", "SECTOR", "MIGRATION_STATUS"]
COLUMNS = ["DATAFLOW", "FREQ", "INDICATOR", "REF_AREA", *BREAKDOWNS, "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE",
           "OBS_CONF", "CONTRIBUTORS"]  # fmt: skip
TOTAL = "_T"


def unit_code(unit: str) -> str:
    """The unit's code as the metrics service's structure gives it (the same rule: its letters and
    digits in capitals, with a short hash when that loses anything)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", unit).strip("_").upper()[:40]
    if slug and slug.lower() == unit.lower():
        return slug
    return f"{slug or 'UNIT'}_{hashlib.sha256(unit.encode()).hexdigest()[:8].upper()}"


def frequency(period: str) -> str:
    return "Q" if "-Q" in period else "M" if "-" in period else "A"


def sdmx_csv(document: ReportDocument) -> str:
    buffer = io.StringIO()
    writer = spreadsheets.Writer(buffer)
    writer.writerow(COLUMNS)
    country = document.meta.country.iso3
    for indicator in document.indicators:
        for point in sorted(indicator.series, key=lambda p: p.period):
            writer.writerow(
                [DATAFLOW, frequency(point.period), indicator.code, country, *[TOTAL] * len(BREAKDOWNS), point.period,
                 _value(point), unit_code(indicator.catalogue_unit or indicator.unit), point.status,
                 point.contributors if point.contributors is not None and point.status == "F" else ""]
            )  # fmt: skip
    return buffer.getvalue()


def _value(point: Point) -> float | str:
    """Only a published figure carries its value."""
    return point.value if point.value is not None and point.status == "F" else ""
