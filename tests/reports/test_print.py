"""The PDF prints cleanly: no heading left at the foot of a page without its content, a table
that goes on to the next page repeats its header there, and no table row is split. Read from
WeasyPrint's page boxes of the HTML the PDF is made from, on reports of several lengths and in
every language."""

import functools
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from services.reports.document import Landscape, LandscapeCell, Language, ReportDocument, Template
from services.reports.rendering import render_paper
from services.reports.runs.gather import Request, report_title
from tests.reports.page_boxes import (
    cells_beyond_the_page,
    continued_without_header,
    laid_out,
    overflowing_cells,
    page_marks,
    split_rows,
    stranded_headings,
)
from tests.reports.sample_document import sample_document, sparse_document

# One worker runs the whole module, so each language's sample is laid out once (`sample_pages`).
pytestmark = pytest.mark.xdist_group("print")


@pytest.fixture(scope="module")
def sample_pages() -> Callable[[Language], list[Any]]:
    """The pages of the sample report in a language, laid out once for the module's tests, which
    only read them (a layout takes a second)."""
    return functools.cache(lambda language: laid_out(render_paper(sample_document(language))).pages)


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

    assert len(pages) > 10
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

    narrow = (
        '<table style="table-layout:fixed;width:30mm"><tr><td>a_word_too_long_for_its_cell</td><td>x</td></tr></table>'
    )

    assert stranded_headings(page_marks(stranded)) == [1]
    assert overflowing_cells(laid_out(narrow)) == [(1, "a_word_too_long_for_its_cell")]
    assert continued_without_header(page_marks(headless))[0] == 2  # and every page after
    assert split_rows(page_marks(split))[0] == 2  # a row taller than a page is split, whatever the styles


def _hash_lines(box: Any) -> list[int]:
    """For each `dd.hash` (the data's SHA-256 on the title page): how many lines it takes."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "dd" and "hash" in (element.get("class") or "").split():
        return [sum(type(child).__name__ == "LineBox" for child in box.children)]
    return [n for child in getattr(box, "children", []) for n in _hash_lines(child)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_data_hash_holds_on_one_line(language: Language, sample_pages: Callable[[Language], list[Any]]) -> None:
    """Broken anywhere, a hash that does not fit leaves a character or two alone on a line."""
    pages = sample_pages(language)  # the accountability shadow report

    lines = [n for page in pages for n in _hash_lines(page._page_box)]
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
    pages = laid_out(render_paper(document)).pages

    def tag(name: str, kind: str | None = None) -> Any:
        def wanted(box: Any) -> bool:
            classes = (getattr(box, "element", None) is not None and box.element.get("class")) or ""
            return getattr(box, "element_tag", None) == name and (kind is None or kind in classes.split())

        return wanted

    titles = [lines for page in pages for lines in _line_texts(page._page_box, tag("h1"))]
    counts = [lines for page in pages for lines in _line_texts(page._page_box, tag("td", "count"))]
    assert titles and all(lines[-1].strip() != "2024" for lines in titles), titles
    assert len(counts) == 5 and all(len(lines) == 1 for lines in counts), counts


LONG_CODE = "children_withdrawn_from_child_labour"  # the catalogue's longest code


def long_code_document(language: Language) -> ReportDocument:
    """The sample whose first indicator has the catalogue's longest code, and its figures the
    longest ids (F-CHILDREN_WITHDRAWN_FROM_CHILD_LABOUR-NPL-2021, 47 characters)."""
    document = sample_document(language, "accountability-shadow-report")
    first = document.indicators[0]

    def longer(point: Any) -> Any:
        return point.model_copy(update={"figure_id": point.figure_id.replace(first.code.upper(), LONG_CODE.upper())})

    update = {"code": LONG_CODE, "series": [longer(p) for p in first.series]}
    update |= {"baseline": longer(first.baseline), "target": longer(first.target)}
    document.indicators = [first.model_copy(update=update), *document.indicators[1:]]
    document.provenance = [
        e.model_copy(update={"figure_id": longer(e).figure_id, "indicator": LONG_CODE})
        if e.indicator == first.code
        else e
        for e in document.provenance
    ]
    return document


def _tagged(name: str, kind: str) -> Any:
    def wanted(box: Any) -> bool:
        element = getattr(box, "element", None)
        classes = (element.get("class") or "") if element is not None else ""
        return getattr(box, "element_tag", None) == name and kind in classes.split()

    return wanted


def _id_breaks(lines: list[str]) -> list[str]:
    """Where the figure id that starts `lines` is broken other than after a "_" or "-": the
    characters either side of each such break."""
    text = [line.replace("\u200b", "") for line in lines]
    figure_id = "".join(text).split(" ")[0]
    ends = [sum(len(line) for line in text[: i + 1]) for i in range(len(text) - 1)]
    return [figure_id[end - 1 : end + 1] for end in ends if end < len(figure_id) and figure_id[end - 1] not in "_-"]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_long_codes_and_ids_wrap_after_a_separator_and_stay_in_their_cells(language: Language) -> None:
    """An id is broken between its words, never inside one ("...CHILD_L / ABOUR"), in the annex
    and the series tables, and no text runs out of a table cell into the next."""
    document = laid_out(render_paper(long_code_document(language)))
    pages = document.pages

    entries = [lines for page in pages for lines in _line_texts(page._page_box, _tagged("p", "entry"))]
    cells = [lines for page in pages for lines in _line_texts(page._page_box, _tagged("td", "figure-id"))]
    assert len(entries) >= 13 and len(cells) >= 10
    assert any(len(lines) > 1 for lines in cells)  # the longest ids do take two lines
    assert [b for lines in entries + cells for b in _id_breaks(lines)] == []
    assert overflowing_cells(document) == []


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_figure_id_of_the_sample_holds_on_one_line_in_its_column(
    language: Language, sample_pages: Callable[[Language], list[Any]]
) -> None:
    """The series tables' figure column is wide enough for an id such as
    F-SURVIVORS_IN_DECENT_WORK-NPL-2022 (35 characters), the notes column narrower."""
    pages = sample_pages(language)

    cells = [lines for page in pages for lines in _line_texts(page._page_box, _tagged("td", "figure-id"))]
    assert len(cells) == 10 and all(len(lines) == 1 for lines in cells), cells


def _fact_values(box: Any, indicator: bool = False) -> list[float]:
    """The left edge of each value of an indicator's facts."""
    element = getattr(box, "element", None)
    classes = ((element.get("class") or "") if element is not None else "").split()
    indicator = indicator or "indicator" in classes
    if indicator and getattr(box, "element_tag", None) == "dd" and type(box).__name__ == "BlockBox":
        return [round(box.position_x, 1)]
    return [x for child in getattr(box, "children", []) for x in _fact_values(child, indicator)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_indicators_facts_start_their_values_at_one_place(
    language: Language, sample_pages: Callable[[Language], list[Any]]
) -> None:
    pages = sample_pages(language)

    lefts = [x for page in pages for x in _fact_values(page._page_box)]
    assert len(lefts) >= 15 and len(set(lefts)) == 1, sorted(set(lefts))


@pytest.mark.parametrize("template", ["accountability-shadow-report", "collective-impact"])
def test_short_sections_follow_each_other_on_a_page(template: Template) -> None:
    """A report with next to nothing in it (no commitment, figure or quotation) is a few pages,
    not one per section, and sections share pages; the cover stays a page of its own."""
    pages = page_marks(render_paper(sparse_document("en", template)))

    headings = [sum(m.kind == "heading" and m.element.tag == "h2" for m in page) for page in pages]
    assert len(pages) <= 6, len(pages)
    assert headings[0] == 0 and max(headings) >= 3
    assert stranded_headings(pages) == []


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_landscape_matrix_with_every_intervention_fits_the_page(language: Language) -> None:
    """All seven kinds of intervention, as the directory knows them: in French and Spanish the
    headers are longer, and the last columns once ran off the page and were lost on paper."""
    document = sample_document(language)
    interventions = ["capacity_building", "policy_advocacy", "prevention", "prosecution", "protection",
                     "research_data", "supply_chains"]  # fmt: skip
    forms = ["child_labour", "child_soldiers", "commercial_sexual_exploitation", "debt_bondage",
             "domestic_servitude", "forced_labour", "forced_marriage", "human_trafficking"]  # fmt: skip
    cells = [LandscapeCell(form=f, intervention=i, organisations=10 + n) for n, (f, i) in
             enumerate((f, i) for f in forms for i in interventions)]  # fmt: skip
    document.landscape = Landscape(organisations=169, cells=cells, gaps=[], forms=forms, interventions=interventions)

    laid = laid_out(render_paper(document))

    assert cells_beyond_the_page(laid) == []
    assert overflowing_cells(laid) == []
