import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator


class RuleWrite(BaseModel):
    """Either a quorum or named signatories."""

    model_config = ConfigDict(extra="forbid")

    quorum: int | None = Field(default=None, ge=1, le=1000, description="Endorsing member organisations needed")
    signatories: list[uuid.UUID] = Field(
        default_factory=list, max_length=100, description="Member organisations who must all endorse"
    )

    @field_validator("signatories")
    @classmethod
    def _each_once(cls, value: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(value)) != len(value):
            raise ValueError("each organisation once")
        return value

    @model_validator(mode="after")
    def _one_rule(self) -> "RuleWrite":
        if (self.quorum is None) == (not self.signatories):
            raise ValueError("give either quorum or signatories")
        return self


class RuleRead(BaseModel):
    coalition_id: uuid.UUID
    quorum: int | None
    signatories: list[uuid.UUID] = Field(
        description="Named signatories; to anyone but the coalition's admins, only those still active members "
        "(none while the directory cannot say)"
    )


class EndorsementWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endorsed: bool = Field(description="Whether the organisation endorses this edition")
    statement: str = Field(
        default="",
        max_length=4000,
        validate_default=True,  # checked when left out too, so that a refusal without one names it
        description="A dissenting statement, published with the report (needed to refuse)",
    )

    @field_validator("statement")
    @classmethod
    def _refusal_says_why(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("endorsed") is False and not value.strip():
            raise ValueError("an organisation that does not endorse says why, in a statement")
        return value


class EndorsementRead(BaseModel):
    run_id: uuid.UUID
    organisation_id: uuid.UUID | None = Field(
        description="Null on a published run once the organisation is no longer an active member of the "
        "coalition (and while the directory cannot say): the edition names it, but no longer ties its id to "
        "the coalition"
    )
    organisation_name: str
    endorsed: bool
    statement: str
    created_at: datetime = Field(
        description="When the organisation first gave its position; on a published run, the same as updated_at: "
        "the edition states the position, not how it changed in review"
    )
    updated_at: datetime


class SignoffState(BaseModel):
    rule: RuleRead
    endorsements: list[EndorsementRead]
    satisfied: bool = Field(description="Whether the rule is met (always, once published: it was met then)")
    missing: str | None = Field(description="What publication still waits for")
