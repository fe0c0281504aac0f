"""Rendering of a report document into the forms that are published: HTML (with inline SVG
charts), Markdown, canonical JSON, SDMX-CSV and PDF, in English, French or Spanish.

    rendered = render(document)   # deterministic: the same document gives the same bytes
"""

import hashlib
from dataclasses import dataclass

from services.reports.document import ReportDocument
from services.reports.rendering.canonical import canonical_json, document_from_json
from services.reports.rendering.html import render_html
from services.reports.rendering.markdown import render_markdown
from services.reports.rendering.pdf import page_count, render_pdf
from services.reports.rendering.sdmx import sdmx_csv
from services.reports.rendering.view import ANCHORS, ReportView, section_keys

__all__ = [
    "ANCHORS",
    "Rendered",
    "canonical_json",
    "document_from_json",
    "page_count",
    "render",
    "render_paper",
    "render_text",
    "sdmx_csv",
    "section_keys",
]


@dataclass(frozen=True)
class Rendered:
    html: str
    markdown: str
    json: bytes  # canonical JSON of the document
    sdmx: str  # the figures as SDMX-CSV
    pdf: bytes


def _view(document: ReportDocument) -> tuple[ReportView, bytes, str]:
    data, sdmx = canonical_json(document), sdmx_csv(document)
    sha256 = {"json": hashlib.sha256(data).hexdigest(), "csv": hashlib.sha256(sdmx.encode()).hexdigest()}
    return ReportView(document, sha256), data, sdmx


def render_text(document: ReportDocument, *, forms_href: str | None = None) -> tuple[str, str, bytes]:
    """HTML, Markdown and canonical JSON, without the (slower) PDF."""
    view, data, _ = _view(document)
    return render_html(view, forms_href=forms_href), render_markdown(view), data


def render_paper(document: ReportDocument) -> str:
    """The HTML the PDF is made from: the report's page in its paper layout."""
    return render_html(_view(document)[0], paper=True)


def render(document: ReportDocument, *, forms_href: str | None = None) -> Rendered:
    """`forms_href`: a published edition's public address, where the web page links to its PDF,
    JSON and SDMX-CSV forms (report.pdf, report.json, report.csv)."""
    view, data, sdmx = _view(document)
    pdf = render_pdf(render_html(view, paper=True))
    html = render_html(view, forms_href=forms_href)
    return Rendered(html=html, markdown=render_markdown(view), json=data, sdmx=sdmx, pdf=pdf)
