import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, EmailStr, Field


class CountryRead(BaseModel):
    iso3: str
    iso2: str
    m49: str
    name: str
    region: str | None
    subregion: str | None
    pathfinder: bool
    pathfinder_workshop_date: date | None
    pathfinder_workshop_note: str | None
    roadmap_adopted_on: date | None


class ActionGroupRead(BaseModel):
    slug: str
    name: str
    description: str


class OrganisationCreate(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    acronym: str | None = Field(default=None, max_length=30)


class OrganisationRead(BaseModel):
    id: uuid.UUID
    name: str
    acronym: str | None
    created_at: datetime
    updated_at: datetime


class CoalitionCreate(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    scope: Literal["national", "regional", "global"]
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="For a national coalition")


class CoalitionUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=2, max_length=300)
    scope: Literal["national", "regional", "global"] | None = None


class CoalitionRead(BaseModel):
    id: uuid.UUID
    name: str
    scope: str
    country: str | None
    created_at: datetime
    updated_at: datetime


class AccountCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    org_role: Literal["member", "admin"] = "member"


class AccountRead(BaseModel):
    """Seen only by the account's own organisation: e-mail addresses are never public."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    email: str | None
    org_role: str
    platform_admin: bool
    created_at: datetime


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="What the key is for, e.g. 'data sync'")
    expires_at: AwareDatetime | None = Field(default=None, description="Never expires when omitted")
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
    prefix: str = Field(max_length=32)
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")
