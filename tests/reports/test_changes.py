"""What changed since the previous edition: every kind of change is found, and the report tells
each in words, by name, in its language."""

import html as html_lib
import re
import uuid
from datetime import date

import pytest

from services.reports.document import Point, ReportDocument
from services.reports.rendering import render_text
from services.reports.runs.changes import changes
from tests.reports.sample_document import sample_document


def _edited(previous: ReportDocument) -> ReportDocument:
    """The next edition: one assessment's status and another's evidence changed, a commitment
    re-rated with a new target date, one added, a figure newly published, a testimony gone."""
    current = previous.model_copy(deep=True)
    referral, haliya, law, *_ = current.scorecard
    referral.assessments[1].status = "regressed"  # Pourakhi Nepal
    referral.assessments[0].evidence = "Shelters operate in five provinces now."  # Shakti Samuha
    law.rating, law.target_date = "in_progress", date(2026, 7, 15)
    current.scorecard.append(haliya.model_copy(update={"id": uuid.UUID(int=99), "text": "Register every brick kiln."}))
    current.summary[1].rating = "in_progress"  # justice
    convictions = current.indicators[2]
    convictions.series.append(
        Point(figure_id="F-CONVICTIONS-NPL-2025", period="2025", value=71.0, status="F", contributors=4,
              as_of=convictions.series[0].as_of)
    )  # fmt: skip
    current.testimonies = current.testimonies[:1]
    return current


def test_each_kind_of_change_is_found() -> None:
    previous = sample_document(edition=1)
    found = {(c.kind, c.organisation) for c in changes(previous, _edited(previous))}

    assert found == {
        ("milestone_rating", None),
        ("commitment_rating", None),
        ("target_date", None),
        ("commitment_added", None),
        ("assessment_status", "Pourakhi Nepal"),
        ("assessment_evidence", "Shakti Samuha"),
        ("figure", None),
        ("testimonies_removed", None),
    }
    assert changes(previous, previous) == [] and changes(None, previous) == []


def test_an_edition_where_only_an_assessment_changed_says_so() -> None:
    previous = sample_document(edition=1)
    current = previous.model_copy(deep=True)
    current.scorecard[4].assessments[0].evidence = "Agencies now refund visa costs."

    [change] = changes(previous, current)

    assert change.kind == "assessment_evidence" and change.organisation == "Pourakhi Nepal"


def _changes_section(html: str) -> str:
    start = html.index('<section id="changes"')
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)]))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Criminal justice: the milestone's rating went from “not started” to “in progress”.",
                "Pourakhi Nepal now assesses “Establish a national referral mechanism",
                # The edition before showed the coalition's 63 (2024), which is not a public "before".
                "Convictions: the latest published figure is 71 people convicted in 2025 (previous edition: none published).",
                "the target date is now July 15, 2026 (before: July 15, 2025).", "“Register every brick kiln”, rated “regressed”.",
                "1 testimony quoted in the previous edition is no longer quoted."]),
        ("fr", ["Justice pénale", "est passée de « non commencé » à « en cours »", "15 juillet 2026",
                "1 témoignage cité dans l’édition précédente ne l’est plus."]),
        ("es", ["pasó de «no iniciado» a «en curso»", "15 de julio de 2026",
                "1 testimonio citado en la edición anterior ya no se cita."]),
    ],
)  # fmt: skip
def test_the_changes_are_told_in_words_with_names_not_ids(language: str, expected: list[str]) -> None:
    previous = sample_document(language, edition=1)
    current = _edited(previous).model_copy(update={"meta": previous.meta.model_copy(update={"edition": 2})})
    current.changes = changes(previous, current)

    html, markdown, _ = render_text(current)
    text = re.sub(r"\s+", " ", _changes_section(html))

    for sentence in expected:
        assert sentence in text, (sentence, text)
        assert sentence.split("“")[0].strip() in re.sub(r"\s+", " ", markdown.replace("\\", ""))
    # No raw key: milestones, ratings and ids are named.
    for raw in ("not_started", "in_progress", "risk_factors", "assessment_", "00000000-"):
        assert raw not in text


def test_a_changed_figure_keeps_every_digit_and_its_unit() -> None:
    """A figure of seven digits was once stored with six significant ones ("1.23457e+06") and
    read back as 1,234,570."""
    previous = sample_document(edition=1)
    for point in previous.indicators[0].series:  # public figures (the sample's 2024 is a coalition's)
        point.source = "public"
    current = previous.model_copy(deep=True)
    current.indicators[0].series[-1].value = 1234567.0  # people identified, 2024
    current.meta.edition, current.changes = 2, changes(previous, current)

    [change] = current.changes
    text = re.sub(r"\s+", " ", _changes_section(render_text(current)[0]))

    assert change.kind == "figure" and change.after == "1234567"
    assert "the latest published figure is 1,234,567 people in 2024 (previous edition: 1,719 people in 2024)." in text
