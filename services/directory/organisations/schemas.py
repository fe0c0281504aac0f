import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, HttpUrl, field_validator

from services.directory import seed, vocabularies
from services.directory.validation import Terms, check_countries, check_country, check_terms


class OrganisationFields(BaseModel):
    """Every field of an organisation's profile, validated against the vocabularies."""

    model_config = ConfigDict(extra="forbid")

    acronym: str | None = Field(default=None, max_length=30)
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

    _kind = field_validator("kind")(lambda v: None if v is None else check_terms(vocabularies.KINDS, "kind")([v])[0])
    _size = field_validator("size_band")(
        lambda v: None if v is None else check_terms(vocabularies.SIZE_BANDS, "size band")([v])[0]
    )
    _hq = field_validator("hq_country")(check_country)
    _countries = field_validator("countries")(check_countries)
    _regions = field_validator("regions")(check_terms(vocabularies.REGIONS, "region"))
    _forms = field_validator("forms")(check_terms(vocabularies.FORMS, "form of exploitation"))
    _interventions = field_validator("interventions")(check_terms(vocabularies.INTERVENTIONS, "intervention"))
    _sectors = field_validator("sectors")(check_terms(vocabularies.SECTORS, "sector"))
    _languages = field_validator("languages")(check_terms(vocabularies.LANGUAGES, "language"))
    _survivors = field_validator("survivor_leadership")(
        check_terms(vocabularies.SURVIVOR_LEADERSHIP, "survivor leadership term")
    )
    _groups = field_validator("action_groups")(check_terms(seed.action_group_slugs(), "action group"))


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

    name: str = Field(min_length=2, max_length=300)
    external_id: str | None = Field(default=None, max_length=200, description="Your own id, for imports")


class OrganisationUpdate(OrganisationFields):
    name: str | None = Field(default=None, min_length=2, max_length=300)


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
    status: Literal["pending", "active", "rejected"] = Field(
        description="`pending` until a reviewer approves a self-registered organisation; only `active` ones are "
        "listed, and only its own accounts and reviewers see the others"
    )
    version: int
    created_at: datetime
    updated_at: datetime
