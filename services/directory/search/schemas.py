from pydantic import BaseModel, Field

from services.directory.organisations.schemas import OrganisationRead


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
