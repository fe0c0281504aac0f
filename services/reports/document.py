"""The content of one report edition, before rendering: every renderer (HTML, Markdown, JSON,
PDF) reads this and nothing else, so all forms say the same thing. It holds only what may be
published: public figures from the metrics privacy layer, public-consent testimonies."""

import uuid
from datetime import date, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, model_validator

Language = Literal["en", "fr", "es"]
Template = Literal["accountability-shadow-report", "collective-impact"]
Rating = Literal["not_started", "in_progress", "achieved", "regressed", "not_assessed"]
# Ratings in the order reports and scorecards list them.
RATINGS: tuple[str, ...] = ("achieved", "in_progress", "not_started", "regressed", "not_assessed")
# The five milestones of the government-response framework, in order.
Milestone = Literal["survivors", "justice", "coordination", "risk_factors", "supply_chains"]
MILESTONES: tuple[str, ...] = get_args(Milestone)


class CountryPart(BaseModel):
    iso3: str
    name: str
    region: str | None = None
    pathfinder: bool = False
    pathfinder_workshop_date: date | None = None
    roadmap_adopted_on: date | None = None


class CoalitionPart(BaseModel):
    id: uuid.UUID
    name: str


class Meta(BaseModel):
    title: str
    template: Template
    language: Language
    country: CountryPart
    period: str  # the reporting period, e.g. "2024"
    coalition: CoalitionPart
    edition: int = 1
    as_of: datetime  # when the inputs were gathered
    content_hash: str  # sha256 of the inputs, hex
    members: list[str] = Field(default_factory=list)  # the coalition's active member organisations, by name
    # Not inputs (outside the content hash): a draft is marked as one in every form; the
    # published edition is rendered again with its publication date and without the mark.
    draft: bool = True
    published_on: date | None = None


class MilestoneRating(BaseModel):
    milestone: Milestone
    rating: Rating
    commitments: int
    counts: dict[str, int] = Field(default_factory=dict)  # rating -> number of commitments


class Methodology(BaseModel):
    contributors: int  # organisations whose assessments or figures are used
    # Figures say how many organisations each combines, never which: across figures and
    # assessments the organisations cannot be counted once each, so `contributors` (the largest
    # of those counts) is then only a lower bound and is stated as one.
    contributors_at_least: bool = False
    # Those that can be named: whose assessments or testimonies the report quotes. Organisations
    # behind figures are counted, never named (the metrics service does not disclose them).
    organisations: list[str] = Field(default_factory=list)
    sources: list[str]  # human-readable list of where data came from
    min_contributors: int
    min_sensitive_count: int
    as_of: datetime


class AssessmentPart(BaseModel):
    organisation: str
    status: Rating
    confidence: Literal["low", "medium", "high"]
    evidence: str
    links: list[str] = Field(default_factory=list)


class CommitmentPart(BaseModel):
    id: uuid.UUID
    milestone: Milestone
    text: str
    responsible_body: str
    target_date: date | None = None
    rating: Rating  # the coalition's consolidated rating
    rationale: str = ""
    assessments: list[AssessmentPart] = Field(default_factory=list)
    dissent: list[AssessmentPart] = Field(default_factory=list)  # assessments that disagree with the rating
    indicators: list[str] = Field(default_factory=list)  # indicator codes linked to the commitment


class Point(BaseModel):
    """One figure, with its provenance. `value` is None when the privacy layer withheld it;
    `status` then carries the SDMX OBS_CONF code (C primary, D secondary) and `note` why."""

    figure_id: str  # stable id, e.g. "F-PEOPLE_IDENTIFIED-NPL-2023", used by the annex
    period: str
    value: float | None
    status: Literal["F", "C", "D"]
    note: str | None = None
    contributors: int | None = None  # None: withheld with the figure
    # Whose figure it is: the public one, or the coalition's own (values its members share with
    # it); None when not known (withheld, or a stated baseline or target).
    source: Literal["public", "coalition"] | None = None
    as_of: datetime

    @model_validator(mode="after")
    def _withheld_tells_nothing(self) -> "Point":
        """A withheld figure carries neither its value nor how many contributed, whatever it was
        given: the JSON and SDMX-CSV forms print what the document holds."""
        if self.status != "F":
            self.value = self.contributors = None
        return self


class IndicatorPart(BaseModel):
    code: str
    version: int
    # Name, unit and definition in the report's language: the catalogue version's translation,
    # else its English words (documents made before translations have no definition).
    name: str
    unit: str
    definition: str = ""
    catalogue_unit: str | None = None  # the catalogue's own (English) unit, which SDMX codes; else `unit`
    aggregation: str
    series: list[Point]
    baseline: Point | None = None
    target: Point | None = None
    progress: float | None = None  # 0..1 share of the way from baseline to target, when known
    progress_period: str | None = None  # the period of the published figure progress is measured at


class LandscapeCell(BaseModel):
    form: str  # form of exploitation
    intervention: str
    organisations: int


class Landscape(BaseModel):
    organisations: int
    cells: list[LandscapeCell]
    gaps: list[str]  # forms of exploitation no organisation works on in the country
    forms: list[str]
    interventions: list[str]


class TestimonyPart(BaseModel):
    id: uuid.UUID
    quote: str
    context: str
    organisation: str


# Whom a recommendation is addressed to, in the order the report lists them.
Addressee = Literal["government", "business", "trade_unions", "alliance"]
ADDRESSEES: tuple[str, ...] = get_args(Addressee)


class Recommendation(BaseModel):
    """The coalition's words, as its authors wrote them."""

    addressee: Addressee
    text: str
    commitments: list[uuid.UUID] = Field(default_factory=list)  # commitments it is tied to


class Suggestion(BaseModel):
    """What the system derives from the data and offers the authors in the draft: never the
    coalition's words, never in a published edition, unless the authors adopt it (write it in)."""

    kind: Literal["regressed", "not_started", "overdue", "service_desert"]
    addressee: Addressee
    text: str
    commitments: list[uuid.UUID] = Field(default_factory=list)


class Prevalence(BaseModel):
    """A published estimate of modern slavery in the country, with its citation."""

    estimate: str  # as the source states it, e.g. "1.7 per 1,000 people" or "34,000 people"
    year: str | None = None
    source: str  # the citation
    url: str | None = None


class Authored(BaseModel):
    """The coalition's own words for the report, as one version of its content."""

    version: int
    headline_findings: list[str] = Field(default_factory=list)
    context: str = ""
    prevalence: list[Prevalence] = Field(default_factory=list)
    limits: str = ""


class Endorsement(BaseModel):
    organisation: str
    endorsed: bool
    statement: str = ""  # a dissenting statement, published with the report


class SignOff(BaseModel):
    """Who endorsed the published edition, under which rule, and their statements."""

    rule: str  # e.g. "quorum:2" or "signatories"
    endorsements: list[Endorsement] = Field(default_factory=list)


class ProvenanceEntry(BaseModel):
    figure_id: str
    indicator: str
    indicator_version: int
    country: str
    period: str
    contributors: int | None = None
    status: str
    as_of: datetime
    source: str  # the API path the figure can be fetched from again

    @model_validator(mode="after")
    def _withheld_tells_nothing(self) -> "ProvenanceEntry":
        if self.status != "F":
            self.contributors = None
        return self


# What can change between two editions, each told in a sentence of the report's language.
ChangeKind = Literal[
    "milestone_rating",
    "commitment_added",
    "commitment_removed",
    "commitment_rating",
    "commitment_text",
    "responsible_body",
    "target_date",
    "rationale",
    "assessment_added",
    "assessment_removed",
    "assessment_status",
    "assessment_evidence",
    "figure",
    "indicator_added",
    "indicator_removed",
    "testimonies_added",
    "testimonies_removed",
    "changed",  # editions made before kinds were recorded: "item: before -> after"
]


class Change(BaseModel):
    """One difference from the previous edition, by name (a milestone key, a commitment's text,
    an indicator's name), never by id. Ratings and milestones are keys the renderer translates;
    a figure's before and after are its value, with the period beside it."""

    section: str  # the report section it concerns: summary, scorecard, indicators, voices
    kind: ChangeKind = "changed"
    item: str
    organisation: str | None = None  # whose assessment changed
    before: str | None
    after: str | None
    before_period: str | None = None
    after_period: str | None = None


class ReportDocument(BaseModel):
    meta: Meta
    summary: list[MilestoneRating]
    methodology: Methodology
    scorecard: list[CommitmentPart]
    indicators: list[IndicatorPart]
    landscape: Landscape
    testimonies: list[TestimonyPart]
    recommendations: list[Recommendation]  # the coalition's, from its authored content
    provenance: list[ProvenanceEntry]
    changes: list[Change] = Field(default_factory=list)  # since the previous edition; empty for the first
    authored: Authored | None = None  # None: the coalition has written nothing for this report yet
    suggestions: list[Suggestion] = Field(default_factory=list)  # shown in drafts only
    signoff: SignOff | None = None  # set when the edition is published (outside the content hash)

    @model_validator(mode="before")
    @classmethod
    def _generated_recommendations_are_suggestions(cls, data: Any) -> Any:
        """Editions made before the coalition wrote its own held generated recommendations (text
        only): they are read as suggestions, so they are never published as the coalition's words."""
        if isinstance(data, dict) and any(isinstance(r, str) for r in data.get("recommendations", [])):
            old = [r for r in data["recommendations"] if isinstance(r, str)]
            data = {
                **data,
                "recommendations": [r for r in data["recommendations"] if not isinstance(r, str)],
                "suggestions": [
                    *data.get("suggestions", []),
                    *({"kind": "regressed", "addressee": "government", "text": text} for text in old),
                ],
            }
        return data
