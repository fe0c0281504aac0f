"""The PDF: WeasyPrint lays out the same HTML with its print styles (A4, page numbers). Its
metadata come from the document, never from the clock, and the file identifier is derived from
the HTML, so the same document gives the same bytes. It is tagged: its structure (headings,
lists, tables with their header cells, images with their text) is in the file for a screen
reader and for reflow, at a third more bytes and a tenth more CPU time (docs/performance.md)."""

import hashlib
import os
from typing import Any

# fontTools stamps each embedded font subset with the time it was made unless this is set.
FONT_TIMESTAMP = "0"


def _document(html: str) -> Any:
    # Imported on first use: WeasyPrint and the Pango bindings it loads are a third of an idle
    # reports process's memory, and only the jobs that render a PDF need them.
    from weasyprint import HTML

    return HTML(string=html, base_url=None)


def render_pdf(html: str) -> bytes:
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_TIMESTAMP)
    return _document(html).write_pdf(pdf_identifier=identifier, pdf_tags=True)


def page_count(html: str) -> int:
    return len(_document(html).render().pages)
