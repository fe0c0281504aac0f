"""Figures that do not mislead: progress names the period it is measured at, a break in a series
is marked, an indicator with nothing published has a sentence rather than an empty chart, and
the indicators with figures come first, in milestone order."""

import re
from html import unescape

import pytest

from services.reports.document import IndicatorPart, Point, ReportDocument
from services.reports.rendering import render_text
from services.reports.rendering.i18n import Translator
from services.reports.rendering.view import anchor
from tests.reports.sample_document import AS_OF, sample_document


def _point(period: str, value: float | None, contributors: int | None, source: str | None = None) -> Point:
    return Point.model_validate(
        {
            "figure_id": f"F-X-NPL-{period}",
            "period": period,
            "value": value,
            "status": "F" if value is not None else "C",
            "contributors": contributors,
            "source": source,
            "as_of": AS_OF,
        }
    )


def _with(indicators: list[IndicatorPart], language: str = "en") -> ReportDocument:
    return sample_document(language, edition=1).model_copy(update={"indicators": indicators, "provenance": []})


def _indicator_block(html: str, code: str) -> str:
    start = html.index(f'id="{anchor("ind", code)}"')
    end = html.find('<div class="indicator"', start + 1)
    return html[start : end if end > 0 else html.index("</section>", start)]


def _text(fragment: str) -> str:
    return (
        re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).replace("\u00a0", " ").replace("\u202f", " ")
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "13%, measured at the 2023 figure, the latest published: the figures for 2024 are withheld"),
        ("fr", "13 %, mesurée au chiffre de 2023, le dernier publié : les chiffres de 2024 ne sont pas publiés"),
        ("es", "13 %, medido con la cifra de 2023, la última publicada: las cifras de 2024 no se publican"),
    ],
)
def test_progress_names_the_period_it_is_measured_at(language: str, expected: str) -> None:
    document = sample_document(language, edition=1)
    document.indicators[1].progress_period = "2023"  # 2024 is withheld (D)

    html, markdown, _ = render_text(document)

    assert expected in _text(_indicator_block(html, "survivors_in_decent_work"))
    assert expected.split(",")[1].strip() in _text(markdown)


def test_a_change_of_source_and_contributor_base_is_marked_and_the_line_is_not_drawn_across() -> None:
    switching = IndicatorPart(
        code="switching",
        version=1,
        name="People referred to services",
        unit="people",
        aggregation="sum",
        series=[
            _point("2022", 120, 3, "public"),
            _point("2023", 135, 3, "public"),
            _point("2024", 410, 6, "coalition"),
        ],
    )

    html, markdown, _ = render_text(_with([switching]))
    block = _indicator_block(html, "switching")

    note = "Break in the series from 2024: the coalition's own figure replaces the public figure, and 6 organisations "
    assert note + "contributed to it, compared with 3 for the previous one." in _text(block)
    assert block.count('class="break"') == 2  # the rule and its label, before 2024 only
    [line] = re.findall(r'<polyline points="([^"]+)"', block)
    assert len(line.split()) == 2  # 2022-2023 joined; 2024 stands apart
    assert "Break in the series from 2024" in markdown


def test_an_indicator_with_nothing_published_has_a_sentence_not_a_chart() -> None:
    hidden = IndicatorPart(
        code="hidden", version=1, name="Prosecutions", unit="cases", aggregation="sum",
        series=[_point("2023", None, None), _point("2024", None, None)],
    )  # fmt: skip
    t = Translator("fr")

    html, markdown, _ = render_text(_with([hidden], "fr"))
    block = _indicator_block(html, "hidden")

    assert "<svg" not in block and t("indicators.nothing_published") in block
    assert block.count(t("status.C")) == 2  # the table still gives each period's status
    assert t("indicators.nothing_published") in markdown


def test_indicators_with_figures_come_first_in_milestone_order() -> None:
    document = sample_document(edition=1)
    people, decent_work, convictions = document.indicators  # survivors, survivors, justice milestones
    hidden = IndicatorPart(
        code="aaa_hidden", version=1, name="Everything withheld", unit="cases", aggregation="sum",
        series=[_point("2024", None, None)],
    )  # fmt: skip
    document.indicators = [hidden, convictions, decent_work, people]

    html, _, _ = render_text(document)
    order = re.findall(r'<div class="indicator" id="([a-z-]+)"', html)

    expected = ["survivors_in_decent_work", "people_identified", "convictions", "aaa_hidden"]
    assert order == [anchor("ind", code) for code in expected]
