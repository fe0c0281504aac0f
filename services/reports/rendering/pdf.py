"""The PDF: WeasyPrint lays out the same HTML with its print styles (A4, page numbers). Its
metadata come from the document, never from the clock, and the file identifier is derived from
the HTML, so the same document gives the same bytes."""

import hashlib
import os

from weasyprint import HTML

# fontTools stamps each embedded font subset with the time it was made unless this is set.
FONT_TIMESTAMP = "0"


def render_pdf(html: str) -> bytes:
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_TIMESTAMP)
    return HTML(string=html, base_url=None).write_pdf(pdf_identifier=identifier)


def page_count(html: str) -> int:
    return len(HTML(string=html, base_url=None).render().pages)
