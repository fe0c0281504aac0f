"""The text of a PDF, page by page, as a reader's text extraction finds it (test helper)."""

import io

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
