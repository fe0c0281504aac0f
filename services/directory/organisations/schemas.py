import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, HttpUrl, ValidationInfo, field_validator

from services.directory.organisations import profile
from services.directory.statuses import OrganisationStatus
from services.directory.validation import Terms, check_countries, check_country, enum_json, known_terms
from shared.fields import NotBlank, Shown, refuse_null

# An organisation's name, as organisations, registrations and imports give it.
OrganisationName = Annotated[str, Field(min_length=2, max_length=300), NotBlank]


class OrganisationFields(BaseModel):
    """Every field of an organisation's profile, validated against the vocabularies."""

    model_config = ConfigDict(extra="forbid")

    acronym: Annotated[str, Field(max_length=30), Shown] | None = None
    kind: str | None = Field(default=None, description="A term of the 'kinds' vocabulary")
    hq_country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    countries: Terms = Field(default=None, max_length=250, description="Countries of operation, ISO 3166-1 alpha-3")
    regions: Terms = Field(default=None, max_length=10)
    forms: Terms = Field(default=None, max_length=20, description="Forms of exploitation")
    interventions: Terms = Field(default=None, max_length=20)
    sectors: Terms = Field(default=None, max_length=30)
    languages: Terms = Field(default=None, max_length=40, description="ISO 639-1 codes")
    survivor_leadership: Terms = Field(default=None, max_length=3)
    action_groups: Terms = Field(default=None, max_length=4, description="Alliance 8.7 action groups (slugs)")
    alliance87_partner: bool | None = None
    size_band: str | None = None
    website: HttpUrl | None = None
    contact_email: EmailStr | None = Field(default=None, description="Public contact address")
    contact_phone: str | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, max_length=5000)

    _hq = field_validator("hq_country")(check_country)
    _countries = field_validator("countries")(check_countries)

    @field_validator(*profile.VOCABULARIES)
    @classmethod
    def _in_vocabulary(cls, value: str | list[str] | None, info: ValidationInfo) -> str | list[str] | None:
        """A term, or a list of terms (deduplicated and sorted), of the field's vocabulary."""
        assert info.field_name is not None
        vocabulary, name = profile.VOCABULARIES[info.field_name]
        if value is None:
            return None
        if isinstance(value, list):
            return known_terms(vocabulary, name, value)
        return known_terms(vocabulary, name, [value])[0]


class OrganisationCreate(OrganisationFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Anti-Slavery Network Nepal",
                    "acronym": "ASNN",
                    "kind": "ngo",
                    "hq_country": "NPL",
                    "countries": ["NPL", "IND"],
                    "forms": ["debt_bondage", "child_labour"],
                    "interventions": ["prevention", "protection"],
                    "languages": ["ne", "en"],
                    "website": "https://example.org",
                }
            ]
        }
    )

    name: OrganisationName
    external_id: str | None = Field(default=None, max_length=200, description="Your own id, for imports")


class OrganisationUpdate(OrganisationFields):
    """Only the fields given change; null clears the fields that may be empty (acronym, hq_country,
    size_band, website, contact_email, contact_phone) and is refused for the others."""

    name: OrganisationName | None = None

    _not_null = field_validator(*(n for n in profile.NAMES if n not in profile.CLEARABLE), mode="before")(refuse_null)


class OrganisationRead(BaseModel):
    id: uuid.UUID
    external_id: str | None
    name: str
    acronym: str | None
    kind: str
    hq_country: str | None
    countries: list[str]
    regions: list[str]
    forms: list[str]
    interventions: list[str]
    sectors: list[str]
    languages: list[str]
    survivor_leadership: list[str]
    action_groups: list[str]
    alliance87_partner: bool
    size_band: str | None
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    description: str
    demo: bool
    status: Annotated[str, enum_json(OrganisationStatus)] = Field(
        title="Status",
        description="`pending` until a reviewer approves a self-registered organisation; only `active` ones are "
        "listed, and only its own accounts and reviewers see the others",
    )
    version: int
    created_at: datetime
    updated_at: datetime
