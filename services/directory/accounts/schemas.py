import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from shared.fields import NotBlank, UtcTime, refuse_null
from shared.identity import Identity

# A person's name (an account, a registration's first admin).
PersonName = Annotated[str, Field(min_length=1, max_length=200), NotBlank]


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PersonName
    email: EmailStr | None = None
    org_role: Literal["member", "admin"] = "member"


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"org_role": "admin"}]})

    name: PersonName | None = None
    email: EmailStr | None = None
    org_role: Literal["member", "admin"] | None = Field(
        default=None, description="Holds from the account's next request; an organisation keeps one admin at least"
    )

    # Only the fields given change; null clears the e-mail address and is refused for the others.
    _not_null = field_validator("name", "org_role", mode="before")(refuse_null)


class AccountRead(BaseModel):
    """Seen only by the account's own organisation: e-mail addresses are never public."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    email: str | None
    org_role: str
    platform_admin: bool
    reviewer: bool = Field(description="Reviews organisations that registered themselves")
    created_at: datetime


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=100), NotBlank] = Field(
        description="What the key is for, e.g. 'data sync'"
    )
    expires_at: UtcTime | None = Field(default=None, description="Never expires when omitted")
    account_id: uuid.UUID | None = Field(default=None, description="Another account of your organisation (admins)")


class ApiKeyRead(BaseModel):
    id: uuid.UUID
    account_id: uuid.UUID
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="The key itself. It is shown this once and cannot be recovered.")


class KeyVerification(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prefix: str = Field(max_length=32)
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")


class KeyVerified(Identity):
    """The identity a key stands for, and when the key expires: the gateway stops a cached key
    at that second."""

    expires_at: datetime | None = None
