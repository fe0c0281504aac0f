"""The report's figures as SDMX-CSV (version 1), published beside the JSON: one row per figure of
the indicators section, a withheld one with an empty value and its OBS_CONF code, each with the
figure id the annex uses. Columns follow the metrics service's export (REF_AREA and TIME_PERIOD
added, since a report's figures are of one country over several periods)."""

import io

from services.reports.document import Point, ReportDocument
from shared import spreadsheets

COLUMNS = ["DATAFLOW", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_CONF",
           "CONTRIBUTORS", "FIGURE_ID"]  # fmt: skip


def sdmx_csv(document: ReportDocument) -> str:
    buffer = io.StringIO()
    writer = spreadsheets.Writer(buffer)
    writer.writerow(COLUMNS)
    country = document.meta.country.iso3
    for indicator in document.indicators:
        dataflow = f"COALITION_HUB:IMPACT({indicator.version}.0)"
        for point in sorted(indicator.series, key=lambda p: p.period):
            writer.writerow(
                [dataflow, indicator.code.upper(), country, point.period, _value(point), indicator.unit, point.status,
                 "" if point.contributors is None else point.contributors, point.figure_id]
            )  # fmt: skip
    return buffer.getvalue()


def _value(point: Point) -> float | str:
    """Only a published figure carries its value."""
    return point.value if point.value is not None and point.status == "F" else ""
