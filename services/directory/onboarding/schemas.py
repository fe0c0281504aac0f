from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.directory.accounts.schemas import AccountRead, ApiKeyCreated, PersonName
from services.directory.organisations.schemas import OrganisationFields, OrganisationName, OrganisationRead


class OrganisationRegistration(OrganisationFields):
    """What an organisation says of itself when it registers: its profile without the fields
    only platform admins and imports set (no `external_id`)."""

    name: OrganisationName


class FirstAdmin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PersonName = Field(description="The person who administers the organisation here")
    email: EmailStr = Field(description="Where reviewers reach them; never public")


class RegistrationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "organisation": {
                        "name": "Kathmandu Freedom Project",
                        "kind": "ngo",
                        "hq_country": "NPL",
                        "countries": ["NPL"],
                        "forms": ["debt_bondage"],
                        "interventions": ["prevention"],
                        "website": "https://example.org",
                    },
                    "admin": {"name": "Data officer", "email": "data@example.org"},
                }
            ]
        },
    )

    organisation: OrganisationRegistration
    admin: FirstAdmin


class RegistrationCreated(BaseModel):
    organisation: OrganisationRead = Field(description="The new organisation, `pending` until it is reviewed")
    account: AccountRead = Field(description="Its first admin")
    key: ApiKeyCreated = Field(
        description="The admin's API key, shown this once. Until the review it reads /v1/directory/me and the "
        "organisation's own profile (and edits it); once approved, everything an organisation admin may do."
    )


class ReviewDecision(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"decision": "approve", "note": "Known to the Nepal coalition."}]},
    )

    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=2000, description="Why, for the organisation and other reviewers")


class RegistrationAdmin(BaseModel):
    name: str
    email: str | None


class RegistrationRead(OrganisationRead):
    """An organisation as its reviewers see it: its profile, its admins (whom they may write to)
    and its review."""

    reviewed_at: datetime | None
    review_note: str | None
    admins: list[RegistrationAdmin] = Field(description="Its admin accounts: names and e-mail addresses")
