"""The PDF prints cleanly: no heading left at the foot of a page without its content, a table
that goes on to the next page repeats its header there, and no table row is split. Read from
WeasyPrint's page boxes of the HTML the PDF is made from, on reports of several lengths and in
every language."""

import uuid
from typing import Any

import pytest
from weasyprint import HTML

from services.reports.document import Language, ReportDocument, Template
from services.reports.rendering import render_paper
from services.reports.runs.gather import Request, report_title
from tests.reports.page_boxes import continued_without_header, page_marks, split_rows, stranded_headings
from tests.reports.sample_document import sample_document


def _longer(language: Language, template: Template, extra: int) -> ReportDocument:
    """The sample with `extra` more commitments, more quotations and twice the indicators, so
    that sections and tables fall across pages at other places."""
    document = sample_document(language, template)
    base = list(document.scorecard)
    document.scorecard += [base[i % len(base)].model_copy(update={"id": uuid.UUID(int=1000 + i)}) for i in range(extra)]
    document.testimonies = document.testimonies * (1 + extra // 3)
    document.indicators = document.indicators * (1 + extra % 2)
    return document


@pytest.mark.parametrize(
    ("language", "template", "extra"),
    [
        ("en", "accountability-shadow-report", 0),
        ("en", "accountability-shadow-report", 5),
        ("fr", "accountability-shadow-report", 7),
        ("es", "collective-impact", 3),
    ],
)
def test_no_stranded_heading_no_headless_continued_table_no_split_row(
    language: Language, template: Template, extra: int
) -> None:
    html = render_paper(_longer(language, template, extra))

    pages = page_marks(html)

    assert len(pages) > 15
    assert any(m.kind == "header" for page in pages for m in page)  # tables with headers were laid out
    assert stranded_headings(pages) == []
    assert continued_without_header(pages) == []
    assert split_rows(pages) == []


def test_the_checks_find_what_they_look_for() -> None:
    stranded = (
        '<html><body><div style="height:240mm"></div><h3 style="break-after:auto;margin:0">Alone</h3>'
        '<div style="height:120mm;break-inside:avoid">x</div></body></html>'
    )
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(120))
    # A header laid out as an ordinary row group is not repeated on the next page.
    headless = (
        '<html><body><table><thead style="display:table-row-group"><tr><th>Head</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    tall = "<tr><td>" + "<p>a line of a long cell</p>" * 150 + "</td></tr>"
    split = f"<html><body><table><thead><tr><th>Head</th></tr></thead><tbody>{tall}</tbody></table></body></html>"

    assert stranded_headings(page_marks(stranded)) == [1]
    assert continued_without_header(page_marks(headless))[0] == 2  # and every page after
    assert split_rows(page_marks(split))[0] == 2  # a row taller than a page is split, whatever the styles


def _hash_lines(box: Any) -> list[int]:
    """For each `dd.hash` (the data's SHA-256 on the title page): how many lines it takes."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "dd" and "hash" in (element.get("class") or "").split():
        return [sum(type(child).__name__ == "LineBox" for child in box.children)]
    return [n for child in getattr(box, "children", []) for n in _hash_lines(child)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_data_hash_holds_on_one_line(language: Language) -> None:
    """Broken anywhere, a hash that does not fit leaves a character or two alone on a line."""
    pages = HTML(string=render_paper(sample_document(language, "accountability-shadow-report")), base_url=None).render()

    lines = [n for page in pages.pages for n in _hash_lines(page._page_box)]
    assert lines and set(lines) == {1}, lines


def _line_texts(box: Any, wanted: Any) -> list[list[str]]:
    """For each element `wanted(box)` accepts: the text of each of its lines."""
    if wanted(box):
        return [["".join(_text(line)) for line in _lines(box)]]
    return [lines for child in getattr(box, "children", []) for lines in _line_texts(child, wanted)]


def _lines(box: Any) -> list[Any]:
    if type(box).__name__ == "LineBox":
        return [box]
    return [line for child in getattr(box, "children", []) for line in _lines(child)]


def _text(box: Any) -> list[str]:
    return [box.text] if hasattr(box, "text") else [t for child in getattr(box, "children", []) for t in _text(child)]


@pytest.mark.parametrize(  # countries whose title, unbound, left the year alone on the last line
    ("language", "iso3", "name"), [("en", "CIV", "Cote d'Ivoire"), ("fr", "NPL", "Nepal"), ("es", "NPL", "Nepal")]
)
def test_the_cover_title_keeps_its_year_and_counts_hold_on_one_line(language: Language, iso3: str, name: str) -> None:
    """The period is not left alone on the title's last line, and "2 commitments" in the summary's
    narrow column is not broken between the number and the noun."""
    document = sample_document(language, "accountability-shadow-report")
    wanted = Request(iso3, "2024", uuid.uuid4(), "accountability-shadow-report", language)
    document.meta.title, document.meta.period = report_title(wanted, iso3, name), "2024"
    pages = HTML(string=render_paper(document), base_url=None).render().pages

    def tag(name: str, kind: str | None = None) -> Any:
        def wanted(box: Any) -> bool:
            classes = (getattr(box, "element", None) is not None and box.element.get("class")) or ""
            return getattr(box, "element_tag", None) == name and (kind is None or kind in classes.split())

        return wanted

    titles = [lines for page in pages for lines in _line_texts(page._page_box, tag("h1"))]
    counts = [lines for page in pages for lines in _line_texts(page._page_box, tag("td", "count"))]
    assert titles and all(lines[-1].strip() != "2024" for lines in titles), titles
    assert len(counts) == 5 and all(len(lines) == 1 for lines in counts), counts
