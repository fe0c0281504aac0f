"""What a PDF page holds, read from WeasyPrint's page boxes (test helper): the sequence of
headings, table header rows, body rows and lines of text on each page, so tests can find a
heading left at the foot of a page, a table continued without its header, or a row split."""

from dataclasses import dataclass
from typing import Any

from weasyprint import HTML

HEADINGS = ("h1", "h2", "h3", "h4")


@dataclass(frozen=True)
class Mark:
    kind: str  # "heading", "header" (a table header row), "row" (a table body row), "text", "caption"
    element: Any  # the HTML element (identity tells one row or table from another)
    table: Any = None  # for rows: their table element


def _marks(box: Any, table: Any = None, group: str | None = None) -> list[Mark]:
    kind = type(box).__name__
    tag = getattr(box, "element_tag", None)
    element = getattr(box, "element", None)
    if tag in HEADINGS and kind == "BlockBox":
        return [Mark("heading", element)]
    if kind == "TableBox":
        table = element
    if kind == "TableRowGroupBox":
        group = "header" if getattr(box, "is_header", False) or tag == "thead" else "row"
    if kind == "TableRowBox":
        return [Mark(group or "row", element, table)]
    if kind == "TableCaptionBox":
        return [Mark("caption", element, table)]
    if kind in ("LineBox", "BlockReplacedBox", "InlineReplacedBox") and tag not in HEADINGS:
        return [Mark("text", element)]
    found: list[Mark] = []
    for child in getattr(box, "children", []):
        found += _marks(child, table, group)
    return found


def laid_out(html: str) -> Any:
    """WeasyPrint's layout of `html`: its pages of boxes."""
    return HTML(string=html, base_url=None).render()


def page_marks(html: str) -> list[list[Mark]]:
    document = laid_out(html)
    return [_marks(page._page_box) for page in document.pages]


def stranded_headings(pages: list[list[Mark]]) -> list[int]:
    """Pages whose last heading has nothing after it but table headers or captions."""
    found = []
    for number, marks in enumerate(pages, 1):
        tail = [m.kind for m in marks]
        while tail and tail[-1] in ("header", "caption"):
            tail.pop()
        if tail and tail[-1] == "heading":
            found.append(number)
    return found


def split_rows(pages: list[list[Mark]]) -> list[int]:
    """Pages where a table body row goes on from the page before."""
    found = []
    for number in range(1, len(pages)):
        before = {id(m.element) for m in pages[number - 1] if m.kind == "row"}
        if any(m.kind == "row" and id(m.element) in before for m in pages[number]):
            found.append(number + 1)
    return found


def continued_without_header(pages: list[list[Mark]]) -> list[int]:
    """Pages where a table with a header goes on from the page before without repeating it."""
    found = []
    with_header = {id(m.table) for marks in pages for m in marks if m.kind == "header"}
    for number in range(1, len(pages)):
        before = {id(m.table) for m in pages[number - 1] if m.kind == "row"} & with_header
        headed = {id(m.table) for m in pages[number] if m.kind == "header"}
        for mark in pages[number]:
            if mark.kind == "row" and id(mark.table) in before and id(mark.table) not in headed:
                found.append(number + 1)
                break
    return found


def _texts(box: Any) -> list[Any]:
    if type(box).__name__ == "TextBox":
        return [box]
    return [text for child in getattr(box, "children", []) for text in _texts(child)]


def _overflowing(box: Any) -> list[str]:
    if type(box).__name__ == "TableCellBox":
        right = box.content_box_x() + box.width + 0.5  # half a point for rounding
        return [text.text for text in _texts(box) if text.position_x + text.width > right]
    return [text for child in getattr(box, "children", []) for text in _overflowing(child)]


def overflowing_cells(document: Any) -> list[tuple[int, str]]:
    """The (page, text) of each run of text that runs out of its table cell, into the next, in a
    laid-out document (`laid_out`)."""
    return [(number, text) for number, page in enumerate(document.pages, 1) for text in _overflowing(page._page_box)]


def _beyond(box: Any, right: float) -> list[str]:
    if type(box).__name__ == "TableCellBox" and box.border_box_x() + box.border_width() > right:
        return [" ".join(text.text for text in _texts(box))]
    return [text for child in getattr(box, "children", []) for text in _beyond(child, right)]


def cells_beyond_the_page(document: Any) -> list[tuple[int, str]]:
    """The (page, text) of each table cell whose right edge lies past the page's printable width
    (lost on paper), in a laid-out document."""
    found = []
    for number, page in enumerate(document.pages, 1):
        root = page._page_box.children[0]
        right = root.content_box_x() + root.width + 0.5  # half a point for rounding
        found += [(number, text) for text in _beyond(page._page_box, right)]
    return found
