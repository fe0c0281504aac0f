from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.metrics.vocabularies import LARGEST
from shared import periods
from shared.fields import Period

# As large as an observation's value may be; six decimals keep a progress share finite.
Value = Annotated[Decimal, Field(ge=-LARGEST, le=LARGEST, decimal_places=6)]


class TargetWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    baseline_period: Period = Field(examples=["2019"])
    baseline_value: Value
    target_period: Period = Field(examples=["2030"])
    target_value: Value
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

    baseline_value: Decimal  # as stored: the limits are the writer's
    target_value: Decimal

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
