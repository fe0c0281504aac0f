"""A realistic report document for tests: a Nepal shadow report of a second edition, with
published and withheld figures, dissent, survivor voice and changes since the first edition.

Published values are distinctive (1347, 1582, 1719, 41.5, 38.25, 63, ...) so a test can find
them in a rendered form; withheld points carry value None, as the privacy layer gives them."""

import uuid
from datetime import UTC, date, datetime

from services.metrics.catalogue.seed import STARTER, TRANSLATIONS
from services.reports.document import (
    AssessmentPart,
    Authored,
    Change,
    CoalitionPart,
    CommitmentPart,
    CountryPart,
    IndicatorPart,
    Landscape,
    LandscapeCell,
    Language,
    Meta,
    Methodology,
    MilestoneRating,
    Point,
    Prevalence,
    ProvenanceEntry,
    Recommendation,
    ReportDocument,
    Suggestion,
    Template,
    TestimonyPart,
)
from services.reports.runs.gather import localised

AS_OF = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
COUNTRY = "NPL"
HOSTILE = '<script>alert("x")</script> | *bold* _under_ [link](javascript:alert(1)) & more'

# figure id -> published value, for assertions
PUBLISHED = {
    "F-PEOPLE_IDENTIFIED-NPL-2021": 1347.0,
    "F-PEOPLE_IDENTIFIED-NPL-2022": 1582.0,
    "F-PEOPLE_IDENTIFIED-NPL-2024": 1719.0,
    "B-PEOPLE_IDENTIFIED-NPL-2020": 1204.0,
    "T-PEOPLE_IDENTIFIED-NPL-2030": 2500.0,
    "F-SURVIVORS_IN_DECENT_WORK-NPL-2022": 41.5,
    "F-SURVIVORS_IN_DECENT_WORK-NPL-2023": 38.25,
    "B-SURVIVORS_IN_DECENT_WORK-NPL-2021": 35.0,
    "T-SURVIVORS_IN_DECENT_WORK-NPL-2030": 60.0,
    "F-CONVICTIONS-NPL-2024": 63.0,
}
WITHHELD = {
    "F-PEOPLE_IDENTIFIED-NPL-2023": "C",
    "F-SURVIVORS_IN_DECENT_WORK-NPL-2024": "D",
    "F-CONVICTIONS-NPL-2022": "C",
    "F-CONVICTIONS-NPL-2023": "D",
}


def _point(figure_id: str, period: str, contributors: int, note: str | None = None) -> Point:
    if figure_id in WITHHELD:
        return Point(
            figure_id=figure_id,
            period=period,
            value=None,
            status=WITHHELD[figure_id],
            note=note,
            contributors=contributors,
            as_of=AS_OF,
        )
    return Point(
        figure_id=figure_id,
        period=period,
        value=PUBLISHED[figure_id],
        status="F",
        contributors=contributors,
        # The coalition's own figures from 2024, the public ones before.
        source=None if figure_id[0] in "BT" else "coalition" if period >= "2024" else "public",
        as_of=AS_OF,
    )


def _words(code: str, language: Language) -> dict[str, str]:
    """The starter indicator's name, unit and definition in the language, as gather takes them
    from the catalogue version the metrics service gives."""
    entry = next(e for e in STARTER if e["code"] == code)
    version = {**entry, "translations": TRANSLATIONS[code]}
    name, unit, definition = localised(version, language)
    return {"name": name, "unit": unit, "definition": definition, "catalogue_unit": str(entry["unit"])}


def _indicators(language: Language) -> list[IndicatorPart]:
    return [
        IndicatorPart(
            code="people_identified",
            version=2,
            **_words("people_identified", language),
            aggregation="sum",
            series=[
                _point("F-PEOPLE_IDENTIFIED-NPL-2021", "2021", 6),
                _point("F-PEOPLE_IDENTIFIED-NPL-2022", "2022", 6),
                _point("F-PEOPLE_IDENTIFIED-NPL-2023", "2023", 2, "fewer than 3 contributing organisations"),
                _point("F-PEOPLE_IDENTIFIED-NPL-2024", "2024", 7),
            ],
            baseline=_point("B-PEOPLE_IDENTIFIED-NPL-2020", "2020", 4),
            target=_point("T-PEOPLE_IDENTIFIED-NPL-2030", "2030", 0),
            progress=(1719 - 1204) / (2500 - 1204),
            progress_period="2024",
        ),
        IndicatorPart(
            code="survivors_in_decent_work",
            version=1,
            **_words("survivors_in_decent_work", language),
            aggregation="weighted_mean",
            series=[
                _point("F-SURVIVORS_IN_DECENT_WORK-NPL-2022", "2022", 4),
                _point("F-SURVIVORS_IN_DECENT_WORK-NPL-2023", "2023", 5),
                _point(
                    "F-SURVIVORS_IN_DECENT_WORK-NPL-2024", "2024", 4, "complementary suppression of a sex breakdown"
                ),
            ],
            baseline=_point("B-SURVIVORS_IN_DECENT_WORK-NPL-2021", "2021", 3),
            target=_point("T-SURVIVORS_IN_DECENT_WORK-NPL-2030", "2030", 0),
            progress=(38.25 - 35.0) / (60.0 - 35.0),
            progress_period="2023",
        ),
        IndicatorPart(
            code="convictions",
            version=1,
            **_words("convictions", language),
            aggregation="sum",
            series=[
                _point("F-CONVICTIONS-NPL-2022", "2022", 2, "fewer than 3 contributing organisations"),
                _point("F-CONVICTIONS-NPL-2023", "2023", 3, "complementary suppression"),
                _point("F-CONVICTIONS-NPL-2024", "2024", 3),
            ],
        ),
    ]


def _provenance(indicators: list[IndicatorPart]) -> list[ProvenanceEntry]:
    entries = []
    for indicator in indicators:
        points = [*indicator.series, *(p for p in (indicator.baseline, indicator.target) if p)]
        for point in points:
            source = f"/v1/metrics/aggregates?indicator={indicator.code}&country={COUNTRY}&period={point.period}"
            if point.figure_id[0] in "BT":
                source = f"/v1/metrics/targets?indicator={indicator.code}&country={COUNTRY}"
            entries.append(
                ProvenanceEntry(
                    figure_id=point.figure_id,
                    indicator=indicator.code,
                    indicator_version=indicator.version,
                    country=COUNTRY,
                    period=point.period,
                    contributors=point.contributors,
                    status=point.status,
                    as_of=point.as_of,
                    source=source,
                )
            )
    return entries


def _assessment(organisation: str, status: str, confidence: str, evidence: str, *links: str) -> AssessmentPart:
    return AssessmentPart.model_validate(
        {
            "organisation": organisation,
            "status": status,
            "confidence": confidence,
            "evidence": evidence,
            "links": list(links),
        }
    )


def _scorecard(hostile: bool) -> list[CommitmentPart]:
    closed = _assessment(
        "Sudurpashchim Rights Forum",
        "regressed",
        "medium",
        "The Sudurpashchim shelter closed in August 2024 for lack of funds.",
    )
    referral = CommitmentPart(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        milestone="survivors",
        text="Establish a national referral mechanism for survivors of trafficking and forced labour, "
        "with a shelter in each of the seven provinces.",
        responsible_body="Ministry of Women, Children and Senior Citizens",
        target_date=date(2025, 12, 31),
        rating="in_progress",
        rationale="Guidelines were adopted in 2024, but only four provinces have a functioning shelter.",
        assessments=[
            _assessment(
                "Shakti Samuha",
                "in_progress",
                "high",
                "Shelters operate in Koshi, Bagmati, Gandaki and Lumbini; referral forms are in use.",
                "https://example.org/shelters-2024",
            ),
            _assessment(
                "Pourakhi Nepal", "in_progress", "medium", "Returnee women are referred from the airport desk."
            ),
            closed,
        ],
        dissent=[closed],  # as the scorecard gives them: every assessment, and the dissenting ones apart
        indicators=["people_identified", "survivors_in_decent_work"],
    )
    haliya = CommitmentPart(
        id=uuid.UUID("00000000-0000-4000-8000-000000000002"),
        milestone="survivors",
        text="Complete rehabilitation grants for freed Haliya and Kamaiya families.",
        responsible_body="Ministry of Land Management, Cooperatives and Poverty Alleviation",
        target_date=date(2024, 6, 30),
        rating="regressed",
        rationale="The grant budget was cut by half in the 2024/25 budget.",
        assessments=[_assessment("Haliya Mukti Samaj", "regressed", "high", "Budget speech, line 14.3.")],
    )
    law = CommitmentPart(
        id=uuid.UUID("00000000-0000-4000-8000-000000000003"),
        milestone="justice",
        text="Amend the Human Trafficking and Transportation (Control) Act to cover forced labour within the country.",
        responsible_body="Ministry of Law, Justice and Parliamentary Affairs",
        target_date=date(2025, 7, 15),
        rating="not_started",
        indicators=["convictions"],
    )
    committee = CommitmentPart(
        id=uuid.UUID("00000000-0000-4000-8000-000000000004"),
        milestone="coordination",
        text="Publish an annual progress report of the National Committee for Controlling Human Trafficking.",
        responsible_body="National Committee for Controlling Human Trafficking",
        target_date=None,
        rating="achieved",
        rationale="The 2023/24 report was published in January 2025.",
        assessments=[_assessment("Shakti Samuha", "achieved", "high", "The report is on the ministry website.")],
    )
    recruitment = CommitmentPart(
        id=uuid.UUID("00000000-0000-4000-8000-000000000005"),
        milestone="risk_factors",
        text=HOSTILE if hostile else "Enforce the zero-cost recruitment policy for migrant workers.",
        responsible_body="Department of Foreign Employment",
        target_date=date(2026, 1, 1),
        rating="in_progress",
        assessments=[
            _assessment(
                HOSTILE if hostile else "Pourakhi Nepal",
                "in_progress",
                "low",
                HOSTILE if hostile else "Fewer complaints about fees, but agencies still charge visa costs.",
                "javascript:alert(1)" if hostile else "https://example.org/fees",
            )
        ],
    )
    return [referral, haliya, law, committee, recruitment]


def _summary(scorecard: list[CommitmentPart]) -> list[MilestoneRating]:
    ratings = {
        "survivors": "in_progress",
        "justice": "not_started",
        "coordination": "achieved",
        "risk_factors": "in_progress",
    }
    summary = []
    for milestone in ("survivors", "justice", "coordination", "risk_factors", "supply_chains"):
        mine = [c for c in scorecard if c.milestone == milestone]
        counts: dict[str, int] = {}
        for commitment in mine:
            counts[commitment.rating] = counts.get(commitment.rating, 0) + 1
        summary.append(
            MilestoneRating.model_validate(
                {
                    "milestone": milestone,
                    "rating": ratings.get(milestone, "not_assessed"),
                    "commitments": len(mine),
                    "counts": counts,
                }
            )
        )
    return summary


def _landscape() -> Landscape:
    forms = [
        "forced_labour",
        "child_labour",
        "human_trafficking",
        "debt_bondage",
        "forced_marriage",
        "domestic_servitude",
    ]
    interventions = ["prevention", "protection", "prosecution", "policy_advocacy", "supply_chains"]
    counts = {
        "forced_labour": [14, 9, 3, 7, 2],
        "child_labour": [11, 6, 1, 4, 0],
        "human_trafficking": [21, 17, 8, 12, 1],
        "debt_bondage": [5, 3, 0, 2, 0],
        "forced_marriage": [0, 0, 0, 0, 0],
        "domestic_servitude": [4, 2, 0, 1, 0],
    }
    cells = [
        LandscapeCell(form=form, intervention=intervention, organisations=n)
        for form in forms
        for intervention, n in zip(interventions, counts[form], strict=True)
        if n
    ]
    return Landscape(organisations=42, cells=cells, gaps=["forced_marriage"], forms=forms, interventions=interventions)


def _testimonies(hostile: bool) -> list[TestimonyPart]:
    return [
        TestimonyPart(
            id=uuid.UUID("00000000-0000-4000-8000-0000000000a1"),
            quote="I paid the agent two years of wages before I even left. When I came back, the shelter "
            "was the first place where someone asked what I needed.",
            context="A woman who returned from domestic work in the Gulf, speaking at a survivor forum in 2024.",
            organisation="Pourakhi Nepal",
        ),
        TestimonyPart(
            id=uuid.UUID("00000000-0000-4000-8000-0000000000a2"),
            quote=HOSTILE
            if hostile
            else "We were freed on paper in 2008. The land we were promised is still not ours.",
            context="A member of a freed Haliya family in Dadeldhura.",
            organisation="Haliya Mukti Samaj",
        ),
    ]


def _changes() -> list[Change]:
    return [
        Change(section="summary", kind="milestone_rating", item="survivors", before="in_progress", after="regressed"),
        Change(
            section="scorecard",
            kind="commitment_rating",
            item="Enforce the zero-cost recruitment policy for migrant workers.",
            before="not_started",
            after="in_progress",
        ),
        Change(
            section="scorecard",
            kind="assessment_evidence",
            item="Enforce the zero-cost recruitment policy for migrant workers.",
            organisation="Pourakhi Nepal",
            before=None,
            after=None,
        ),
        Change(
            section="indicators",
            kind="figure",
            item="People identified as victims of modern slavery",
            before="1582",
            before_period="2022",
            after="1719",
            after_period="2024",
        ),
        Change(section="voices", kind="testimonies_removed", item="", before="1", after=None),
    ]


def sample_document(
    language: Language = "en",
    template: Template = "accountability-shadow-report",
    *,
    edition: int = 2,
    hostile: bool = False,
) -> ReportDocument:
    """A full document; edition 1 has no changes. `hostile` puts markup and Markdown syntax into
    user content (a commitment, an assessment, a quotation, a recommendation, the coalition name)."""
    scorecard = _scorecard(hostile)
    indicators = _indicators(language)
    coalition = HOSTILE if hostile else "Nepal Civil Society Network on SDG 8.7"
    return ReportDocument(
        meta=Meta(
            title="Shadow report on Nepal's response to modern slavery",
            template=template,
            language=language,
            country=CountryPart(
                iso3=COUNTRY,
                name="Nepal",
                region="Asia",
                pathfinder=True,
                pathfinder_workshop_date=date(2019, 2, 20),
                roadmap_adopted_on=date(2020, 9, 1),
            ),
            period="2024",
            coalition=CoalitionPart(id=uuid.UUID("00000000-0000-4000-8000-0000000000c0"), name=coalition),
            edition=edition,
            as_of=AS_OF,
            content_hash="3f1c9a0b7e5d4c2a8b6f0e1d2c3b4a5968776655443322110ffeeddccbbaa998",
            members=["Haliya Mukti Samaj", "Pourakhi Nepal", "Shakti Samuha", "Sudurpashchim Rights Forum"],
        ),
        summary=_summary(scorecard),
        methodology=Methodology(
            contributors=17,
            organisations=["Haliya Mukti Samaj", "Pourakhi Nepal", "Shakti Samuha", "Sudurpashchim Rights Forum"],
            sources=[
                "Assessments of commitments by 9 member organisations of the coalition",
                "Collective-impact figures of the shared measurement catalogue (metrics service)",
                "Directory of organisations working in Nepal",
            ],
            min_contributors=3,
            min_sensitive_count=5,
            as_of=AS_OF,
        ),
        scorecard=scorecard,
        indicators=indicators,
        landscape=_landscape(),
        testimonies=_testimonies(hostile),
        recommendations=[
            Recommendation(
                addressee="government",
                text="Fund the provincial shelters in the 2025/26 budget, starting with Sudurpashchim.",
                commitments=[scorecard[0].id],
            ),
            Recommendation(
                addressee="government",
                text="Amend the trafficking act so that forced labour inside Nepal is a crime on its own.",
                commitments=[scorecard[2].id],
            ),
            Recommendation(
                addressee="business",
                text="Publish the number of recruitment agencies sanctioned for charging fees, each year.",
            ),
            Recommendation(
                addressee="alliance",
                text=HOSTILE if hostile else "Involve survivor-led organisations in the National Committee's review.",
            ),
        ],
        authored=Authored(
            version=3,
            headline_findings=[
                "Only four of seven provinces have a working shelter, and the Sudurpashchim one closed in 2024.",
                HOSTILE if hostile else "Rehabilitation grants for freed Haliya families were cut by half.",
            ],
            context="Nepal is a country of origin for migrant workers in the Gulf and Malaysia.\n\n"
            "Bonded labour systems (Haliya, Kamaiya) were abolished by law but persist in practice.",
            prevalence=[
                Prevalence(
                    estimate="6.9 per 1,000 people",
                    year="2023",
                    source="Global Slavery Index 2023",
                    url="https://www.walkfree.org/global-slavery-index/",
                )
            ],
            limits="Figures cover the organisations that report to the coalition, mostly in the east and centre.",
        ),
        suggestions=[
            Suggestion(
                kind="regressed",
                addressee="government",
                text="Reverse the regression on: Complete rehabilitation grants (Ministry of Land Management).",
                commitments=[scorecard[1].id],
            ),
            Suggestion(
                kind="service_desert",
                addressee="alliance",
                text="Fund and support work against forced marriage: no organisation in the directory works on it.",
            ),
        ],
        provenance=_provenance(indicators),
        changes=_changes() if edition > 1 else [],
    )


def sparse_document(language: Language = "en", template: Template = "collective-impact") -> ReportDocument:
    """A first edition with nothing assessed, no figure, no testimony and no recommendation."""
    full = sample_document(language, template, edition=1)
    return full.model_copy(
        update={
            "summary": [
                MilestoneRating(milestone=m.milestone, rating="not_assessed", commitments=0) for m in full.summary
            ],
            "scorecard": [],
            "indicators": [],
            "testimonies": [],
            "recommendations": [],
            "authored": None,
            "suggestions": [],
            "provenance": [],
            "landscape": Landscape(organisations=0, cells=[], gaps=[], forms=[], interventions=[]),
        }
    )
