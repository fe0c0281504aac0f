from pydantic import BaseModel, ConfigDict, Field


class CountryPairCoverage(BaseModel):
    country: str
    name: str
    pathfinder: bool
    organisations: int
    by: list[str] = Field(description="The two dimensions crossed, e.g. form and intervention")
    counts: dict[str, dict[str, int]] = Field(
        description="Organisations working on each pair: first term -> second term -> count (every pair, zeros too)"
    )
    gaps: list[tuple[str, str]] = Field(description="The pairs no organisation works on here")


class CoverageCell(BaseModel):
    """One combination of terms (`"country": "NPL", "form": "debt_bondage"`…) and who works on it."""

    model_config = ConfigDict(extra="allow")

    organisations: int = Field(description="Active organisations working on this combination (0: a gap)")


class CrossCoverage(BaseModel):
    by: list[str] = Field(description="The dimensions crossed, in the order asked")
    countries: list[str] = Field(description="The countries counted")
    cells: list[CoverageCell] = Field(description="Every combination of the dimensions' terms, zeros too")
    empty: int = Field(description="Combinations no organisation works on")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "by": ["country", "form"],
                    "countries": ["NPL"],
                    "cells": [
                        {"country": "NPL", "form": "debt_bondage", "organisations": 12},
                        {"country": "NPL", "form": "forced_marriage", "organisations": 0},
                    ],
                    "empty": 1,
                }
            ]
        }
    )


class CoveragePage(BaseModel):
    """A page of the combinations, and what the whole table is about."""

    items: list[CoverageCell] = Field(description="Combinations of terms, in the order of the dimensions' terms")
    next_cursor: str | None
    by: list[str] = Field(description="The dimensions crossed, in the order asked")
    countries: list[str] = Field(description="The countries counted")
    empty: int = Field(description="Combinations no organisation works on, in the whole table")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"country": "NPL", "form": "debt_bondage", "organisations": 12},
                        {"country": "NPL", "form": "forced_marriage", "organisations": 0},
                    ],
                    "next_cursor": None,
                    "by": ["country", "form"],
                    "countries": ["NPL"],
                    "empty": 1,
                }
            ]
        }
    )
