from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class DesertFigure(BaseModel):
    """A figure exactly as /v1/metrics/aggregates gives it to the same caller."""

    model_config = ConfigDict(extra="allow")

    value: str | None = Field(description="Null when hidden by disclosure control")
    status: str = Field(description="SDMX confidentiality status, as the aggregates give it (F published, C hidden)")
    contributors: int | None = None
    coverage: float | None = None


class DesertCountry(BaseModel):
    country: str
    name: str
    figure: DesertFigure | None = Field(description="The indicator's figure for the country; null when none reported")
    organisations: int = Field(description="Active organisations the directory knows working in the country")
    counts: dict[str, dict[str, int]] = Field(
        description="Organisations per form of exploitation -> intervention (every pair, zeros too)"
    )
    gap_count: int = Field(description="Pairs with fewer than max_organisations organisations")


class DesertGap(BaseModel):
    country: str
    form: str
    intervention: str
    organisations: int
    value: str | None = Field(description="The country's figure value (null when hidden or none)")
    status: str | None = Field(description="The country's figure status (null when none reported)")


class Deserts(BaseModel):
    indicator: str
    indicator_version: int
    name: str
    unit: str
    aggregation: str
    granularity: str
    periods: list[str]
    region: str
    max_organisations: int
    region_figure: DesertFigure | None = Field(description="The region's figure, all its countries together")
    countries: list[DesertCountry] = Field(
        description="Ranked: published figure first (then hidden, then none), then fewest organisations"
    )
    gaps: list[DesertGap] = Field(
        description="Form x intervention pairs with fewer than max_organisations organisations, in the countries' "
        "order, fewest organisations first within a country"
    )
    as_of: datetime
