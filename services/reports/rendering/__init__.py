"""Rendering of a report document into the forms that are published: HTML (with inline SVG
charts), Markdown, canonical JSON and PDF, in English, French or Spanish.

    rendered = render(document)   # deterministic: the same document gives the same bytes
"""

import hashlib
from dataclasses import dataclass

from services.reports.document import ReportDocument
from services.reports.rendering.canonical import canonical_json, document_from_json
from services.reports.rendering.html import render_html
from services.reports.rendering.markdown import render_markdown
from services.reports.rendering.pdf import page_count, render_pdf
from services.reports.rendering.view import ANCHORS, ReportView, section_keys

__all__ = [
    "ANCHORS",
    "Rendered",
    "canonical_json",
    "document_from_json",
    "page_count",
    "render",
    "render_text",
    "section_keys",
]


@dataclass(frozen=True)
class Rendered:
    html: str
    markdown: str
    json: bytes  # canonical JSON of the document
    pdf: bytes


def render_text(document: ReportDocument) -> tuple[str, str, bytes]:
    """HTML, Markdown and canonical JSON, without the (slower) PDF."""
    data = canonical_json(document)
    view = ReportView(document, hashlib.sha256(data).hexdigest())
    return render_html(view), render_markdown(view), data


def render(document: ReportDocument) -> Rendered:
    html, markdown, data = render_text(document)
    return Rendered(html=html, markdown=markdown, json=data, pdf=render_pdf(html))
