import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Invitation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: uuid.UUID | None = Field(default=None, description="The organisation invited")
    coalition_id: uuid.UUID | None = Field(default=None, description="Or, for a network, the member coalition")
    role: Literal["member", "lead", "secretariat"] = "member"

    @model_validator(mode="after")
    def _one_member(self) -> "Invitation":
        if (self.organisation_id is None) == (self.coalition_id is None):
            raise ValueError("name exactly one of organisation_id and coalition_id")
        return self

    def member(self) -> tuple[uuid.UUID, Literal["organisation", "coalition"]]:
        """The member invited, and what it is."""
        if self.organisation_id is not None:
            return self.organisation_id, "organisation"
        assert self.coalition_id is not None  # one of the two, checked on validation
        return self.coalition_id, "coalition"


class JoinRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coalition_id: uuid.UUID = Field(description="The coalition (or network) to join")


class MembershipRead(BaseModel):
    coalition_id: uuid.UUID
    member_id: uuid.UUID
    member_kind: str
    member_name: str | None = Field(default=None, description="In a coalition's member list: the member's name")
    role: str
    status: str
    created_at: datetime
    updated_at: datetime
