import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, HttpUrl, field_validator, model_validator

from services.directory import seed, vocabularies
from shared.identity import Identity


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


def _terms(vocabulary: dict[str, str] | frozenset[str], name: str) -> Any:
    """A validator for a list of vocabulary terms: known, deduplicated, sorted."""

    def check(values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        unknown = [v for v in values if v not in vocabulary]
        if unknown:
            raise ValueError(f"unknown {name} {', '.join(map(repr, unknown))}; see /v1/directory/vocabularies")
        return sorted(set(values))

    return check


def _countries(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    codes = [v.strip().upper() for v in values]
    unknown = [c for c in codes if c not in seed.country_codes()]
    if unknown:
        raise ValueError(f"not ISO 3166-1 alpha-3 codes: {', '.join(map(repr, unknown))}")
    return sorted(set(codes))


def _country(value: str | None) -> str | None:
    return None if value is None else _countries([value])[0]  # type: ignore[index]


Terms = list[str] | None


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

    _kind = field_validator("kind")(lambda v: None if v is None else _terms(vocabularies.KINDS, "kind")([v])[0])
    _size = field_validator("size_band")(
        lambda v: None if v is None else _terms(vocabularies.SIZE_BANDS, "size band")([v])[0]
    )
    _hq = field_validator("hq_country")(_country)
    _countries = field_validator("countries")(_countries)
    _regions = field_validator("regions")(_terms(vocabularies.REGIONS, "region"))
    _forms = field_validator("forms")(_terms(vocabularies.FORMS, "form of exploitation"))
    _interventions = field_validator("interventions")(_terms(vocabularies.INTERVENTIONS, "intervention"))
    _sectors = field_validator("sectors")(_terms(vocabularies.SECTORS, "sector"))
    _languages = field_validator("languages")(_terms(vocabularies.LANGUAGES, "language"))
    _survivors = field_validator("survivor_leadership")(
        _terms(vocabularies.SURVIVOR_LEADERSHIP, "survivor leadership term")
    )
    _groups = field_validator("action_groups")(_terms(seed.action_group_slugs(), "action group"))


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


class OrganisationPage(BaseModel):
    items: list[OrganisationRead]
    next_cursor: str | None
    total: int = Field(description="Organisations matching the query and filters")
    facets: dict[str, dict[str, int]] = Field(description="Counts per term of each filter, under the query and filters")


class PartnerMatch(BaseModel):
    organisation: OrganisationRead
    score: int = Field(
        description="3 per shared country, 2 per shared form, 1 per complementary intervention or shared sector"
    )
    shared_countries: list[str]
    shared_forms: list[str]
    complementary: list[str] = Field(description="Interventions the partner does that the organisation does not")
    shared_sectors: list[str]
    reasons: list[str]


class CountryPairCoverage(BaseModel):
    country: str
    name: str
    pathfinder: bool
    organisations: int
    by: list[str] = Field(description="The two dimensions crossed, e.g. form and intervention")
    counts: dict[str, dict[str, int]] = Field(
        description="Organisations working on each pair: first term -> second term -> count (every pair, zeros too)"
    )
    gaps: list[tuple[str, str]] = Field(description="The pairs no organisation works on here")


class CoverageCell(BaseModel):
    """One combination of terms (`"country": "NPL", "form": "debt_bondage"`…) and who works on it."""

    model_config = ConfigDict(extra="allow")

    organisations: int = Field(description="Active organisations working on this combination (0: a gap)")


class CrossCoverage(BaseModel):
    by: list[str] = Field(description="The dimensions crossed, in the order asked")
    countries: list[str] = Field(description="The countries counted")
    cells: list[CoverageCell] = Field(description="Every combination of the dimensions' terms, zeros too")
    empty: int = Field(description="Combinations no organisation works on")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "by": ["country", "form"],
                    "countries": ["NPL"],
                    "cells": [
                        {"country": "NPL", "form": "debt_bondage", "organisations": 12},
                        {"country": "NPL", "form": "forced_marriage", "organisations": 0},
                    ],
                    "empty": 1,
                }
            ]
        }
    )


class CoveragePage(BaseModel):
    """A page of the combinations, and what the whole table is about."""

    items: list[CoverageCell] = Field(description="Combinations of terms, in the order of the dimensions' terms")
    next_cursor: str | None
    by: list[str] = Field(description="The dimensions crossed, in the order asked")
    countries: list[str] = Field(description="The countries counted")
    empty: int = Field(description="Combinations no organisation works on, in the whole table")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"country": "NPL", "form": "debt_bondage", "organisations": 12},
                        {"country": "NPL", "form": "forced_marriage", "organisations": 0},
                    ],
                    "next_cursor": None,
                    "by": ["country", "form"],
                    "countries": ["NPL"],
                    "empty": 1,
                }
            ]
        }
    )


class CoalitionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Nepal Freedom Coalition", "scope": "national", "country": "NPL"}]},
    )

    name: str = Field(min_length=2, max_length=300)
    scope: Literal["national", "regional", "global"]
    country: str | None = Field(default=None, description="For a national coalition, ISO 3166-1 alpha-3")

    _country = field_validator("country")(_country)


class CoalitionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=2, max_length=300)
    scope: Literal["national", "regional", "global"] | None = None


class CoalitionRead(BaseModel):
    id: uuid.UUID
    name: str
    scope: str
    country: str | None
    demo: bool
    version: int
    created_at: datetime
    updated_at: datetime


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    org_role: Literal["member", "admin"] = "member"


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"org_role": "admin"}]})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    org_role: Literal["member", "admin"] | None = Field(
        default=None, description="Holds from the account's next request; an organisation keeps one admin at least"
    )


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
    model_config = ConfigDict(extra="forbid")

    prefix: str = Field(max_length=32)
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")


class KeyVerified(Identity):
    """The identity a key stands for, and when the key expires: the gateway stops a cached key
    at that second."""

    expires_at: datetime | None = None


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


class SharedServiceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: Literal["offer", "need"]
    service_type: str = Field(description="A term of the 'shared_services' vocabulary")
    countries: list[str] = Field(default_factory=list, max_length=250, description="Where; empty means anywhere")
    description: str = Field(default="", max_length=2000)

    @field_validator("service_type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value in vocabularies.REFUSED_SHARED_SERVICES:
            raise ValueError(vocabularies.REFUSED_SHARED_SERVICES[value])
        return _terms(vocabularies.SHARED_SERVICES, "shared service type")([value])[0]

    _countries = field_validator("countries")(_countries)


class SharedServiceRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    direction: str
    service_type: str
    countries: list[str]
    description: str
    created_at: datetime


class SharedServiceMatch(BaseModel):
    service_type: str
    need: SharedServiceRead
    offer: SharedServiceRead
    countries: list[str] = Field(description="Where the offer can serve the need (empty: anywhere)")


class ImportProgress(BaseModel):
    stage: str
    percent: int


class ImportCounts(BaseModel):
    rows_total: int
    created: int
    updated: int
    unchanged: int
    failed: int


class ImportRead(BaseModel):
    id: uuid.UUID
    status: str
    format: str
    progress: ImportProgress
    counts: ImportCounts
    errors: list[dict[str, Any]] = Field(description="Per row: row number, external_id, field, reason")
    error: str | None = Field(description="Why the whole import failed, if it did")
    created_at: datetime
    finished_at: datetime | None


class OrganisationRegistration(OrganisationFields):
    """What an organisation says of itself when it registers: its profile without the fields
    only platform admins and imports set (no `external_id`)."""

    name: str = Field(min_length=2, max_length=300)


class FirstAdmin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="The person who administers the organisation here")
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
