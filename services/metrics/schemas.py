import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.metrics import vocabularies
from shared import periods
from shared.fields import Iso3, Period

CODE = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


def _known(vocabulary: dict[str, str], name: str):  # type: ignore[no-untyped-def]
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"unknown {name} {value!r}; one of {', '.join(vocabulary)}")
        return value

    return check


TranslationLanguage = Literal[tuple(vocabularies.TRANSLATION_LANGUAGES)]  # type: ignore[valid-type]


class IndicatorTranslation(BaseModel):
    """An indicator version's name, unit and definition in another language. The unit and the
    definition may be left out: readers then see the English ones."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Personnes rescapées accompagnées", "unit": "personnes", "definition": None}]
        },
    )

    name: str = Field(min_length=3, max_length=200)
    unit: str | None = Field(default=None, min_length=1, max_length=50)
    definition: str | None = Field(default=None, min_length=10, max_length=4000)

    @field_validator("name", "unit", "definition")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        if value is not None and value != value.strip():
            raise ValueError("no leading or trailing spaces")
        return value


class IndicatorContent(BaseModel):
    """What an indicator means and how it is measured (one version)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=3, max_length=200)
    definition: str = Field(min_length=10, max_length=4000)
    method_note: str = Field(min_length=10, max_length=8000, description="How to count: sources, rules, pitfalls")
    unit: str = Field(min_length=1, max_length=50, examples=["people"])
    value_type: str = Field(description="A term of 'value_types'")
    aggregation: str = Field(description="How values of several organisations combine: a term of 'aggregations'")
    disaggregations: list[str] = Field(default_factory=list, description="Allowed breakdowns")
    sdg_target: str | None = Field(default="8.7", max_length=16)
    proxy: bool = Field(default=False, description="Measures something close to, not exactly, the outcome")
    sensitivity: str = Field(default="normal", description="'sensitive' when small counts could identify survivors")
    translations: dict[TranslationLanguage, IndicatorTranslation] = Field(
        default_factory=dict,
        description="The name, unit and definition in other languages, by language code (a term of "
        "'translation_languages'); the fields above are English",
    )

    _value_type = field_validator("value_type")(_known(vocabularies.VALUE_TYPES, "value type"))
    _aggregation = field_validator("aggregation")(_known(vocabularies.AGGREGATIONS, "aggregation"))
    _sensitivity = field_validator("sensitivity")(_known(vocabularies.SENSITIVITY, "sensitivity"))

    @field_validator("disaggregations")
    @classmethod
    def _disaggregations(cls, values: list[str]) -> list[str]:
        for value in values:
            _known(vocabularies.DISAGGREGATIONS, "disaggregation")(value)  # type: ignore[arg-type]
        return sorted(set(values))


class IndicatorCreate(IndicatorContent):
    code: str = Field(description="Lower case letters, digits and underscores, e.g. survivors_assisted")

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.match(value):
            raise ValueError("3 to 64 lower-case letters, digits or underscores, starting with a letter")
        return value


class IndicatorRevision(IndicatorContent):
    change_note: str = Field(min_length=3, max_length=2000, description="What changed, and why")


class IndicatorVersionRead(IndicatorContent):
    model_config = ConfigDict(extra="ignore")

    code: str
    version: int
    change_note: str
    created_at: datetime


class IndicatorRead(BaseModel):
    code: str
    status: str
    current_version: int
    starter: bool
    proposed_by: uuid.UUID | None
    endorsements: int
    content: IndicatorVersionRead = Field(description="The current version")
    created_at: datetime
    updated_at: datetime


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=4000)


class CommentRead(BaseModel):
    id: uuid.UUID
    code: str
    organisation_id: uuid.UUID
    body: str
    created_at: datetime


class ObservationWrite(BaseModel):
    """One value, identified by indicator, country, subdivision, period and disaggregation
    (the reporting organisation is in the path)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "indicator": "people_identified",
                    "country": "NPL",
                    "period": "2024",
                    "disaggregation": {"sex": "female"},
                    "value": 42,
                    "visibility": "public",
                    "status": "final",
                }
            ]
        },
    )

    indicator: str
    country: Iso3 = Field(description="ISO 3166-1 alpha-3")
    subdivision: str = Field(default="", max_length=16, description="ISO 3166-2 code, optional")
    period: Period = Field(description="2024, 2024-Q2 or 2024-05")
    disaggregation: dict[str, str] = Field(default_factory=dict, examples=[{"sex": "female", "age_group": "child"}])
    value: Decimal
    weight: Decimal | None = Field(default=None, description="For weighted means: what the value stands for")
    method_note: str = Field(default="", max_length=4000)
    source: str = Field(default="", max_length=1000)
    visibility: Literal["private", "coalition", "public"] = "private"
    coalition_id: uuid.UUID | None = Field(default=None, description="With visibility 'coalition'")
    status: Literal["provisional", "final"] = "provisional"

    @model_validator(mode="after")
    def _coalition(self) -> "ObservationWrite":
        if (self.visibility == "coalition") != (self.coalition_id is not None):
            raise ValueError("coalition_id goes with visibility 'coalition', and only with it")
        return self


class ObservationRead(BaseModel):
    id: uuid.UUID
    indicator: str
    indicator_version: int
    organisation_id: uuid.UUID
    country: str
    subdivision: str
    period: str
    period_start: date
    period_end: date
    disaggregation: dict[str, str]
    value: Decimal
    weight: Decimal | None
    method_note: str
    source: str
    visibility: str
    coalition_id: uuid.UUID | None
    status: str
    revision: int
    updated_at: datetime


class ObservationRevisionRead(BaseModel):
    revision: int
    indicator_version: int
    value: Decimal
    weight: Decimal | None
    method_note: str
    source: str
    visibility: str
    coalition_id: uuid.UUID | None
    status: str
    changed_by: uuid.UUID | None
    request_id: str | None
    changed_at: datetime


class TargetWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    baseline_period: Period = Field(examples=["2019"])
    baseline_value: Decimal
    target_period: Period = Field(examples=["2030"])
    target_value: Decimal
    note: str = Field(default="", max_length=2000, description="Where the baseline and target come from")

    @model_validator(mode="after")
    def _order(self) -> "TargetWrite":
        if periods.bounds(self.target_period)[0] <= periods.bounds(self.baseline_period)[0]:
            raise ValueError("the target period comes after the baseline period")
        if periods.granularity(self.target_period) != periods.granularity(self.baseline_period):
            raise ValueError("baseline and target periods have the same form (both years, quarters or months)")
        return self


class TargetRead(TargetWrite):
    model_config = ConfigDict(extra="ignore")

    indicator: str
    country: str
    updated_at: datetime


class Progress(BaseModel):
    target: TargetRead
    series: list[dict[str, object]] = Field(description="Published figures by period (the trend)")
    latest_period: str | None
    latest_value: Decimal | None
    progress_percent: float | None = Field(
        description="Share of the way from baseline to target, latest published figure"
    )


class BatchCounts(BaseModel):
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: int


class BatchRead(BaseModel):
    id: uuid.UUID
    status: Literal["queued", "running", "applied", "rejected", "failed"]
    atomic: str = Field(description="How the batch is applied")
    progress: dict[str, Any]
    counts: BatchCounts
    errors: list[dict[str, Any]] = Field(description="Row (1 = first data row), field and reason; at most 1,000")
    created_at: datetime
    finished_at: datetime | None


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
