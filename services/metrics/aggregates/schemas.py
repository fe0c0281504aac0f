from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class AggregateFigure(BaseModel):
    """One figure of an aggregates answer. Besides these fields it names its place in each `by`
    dimension (e.g. `"country": "NPL", "period": "2024"`); a total leaves a dimension null."""

    model_config = ConfigDict(extra="allow")

    value: str | None = Field(description="The published value (a decimal string); null when hidden")
    status: Literal["F", "C"] = Field(description="F: published (with noise), C: hidden by disclosure control")
    contributors: int | None = Field(description="Contributing organisations (perturbed by -1, 0 or +1)")
    coverage: float | None = Field(description="Contributors among the organisations known in the country")
    own: str | None = Field(description="The caller's organisation's own value, never published")


class AggregatesRead(BaseModel):
    """Figures across organisations, as `GET /v1/metrics/aggregates` answers them."""

    indicator: str
    indicator_version: int
    name: str
    unit: str
    aggregation: str
    granularity: Literal["year", "quarter", "month"]
    by: list[str]
    scope: str = Field(description="'public', or 'coalition:<id>' for figures a coalition sees together")
    disclosure: dict[str, Any] = Field(description="How figures are protected (method and thresholds)")
    cells: list[AggregateFigure]
    totals: list[AggregateFigure]
    as_of: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "indicator": "people_identified",
                    "indicator_version": 1,
                    "name": "People identified as victims",
                    "unit": "people",
                    "aggregation": "sum",
                    "granularity": "year",
                    "by": ["period"],
                    "scope": "public",
                    "disclosure": {"method": "cell-key perturbation", "min_contributors": 3},
                    "cells": [
                        {
                            "period": "2023",
                            "value": "412",
                            "status": "F",
                            "contributors": 7,
                            "coverage": 0.05,
                            "own": None,
                        },
                        {
                            "period": "2024",
                            "value": None,
                            "status": "C",
                            "contributors": None,
                            "coverage": None,
                            "own": None,
                        },
                    ],
                    "totals": [
                        {
                            "period": None,
                            "value": "530",
                            "status": "F",
                            "contributors": 8,
                            "coverage": None,
                            "own": None,
                        }
                    ],
                    "as_of": "2026-11-30T08:00:00+00:00",
                }
            ]
        }
    )
