"""A worker renders a small report once when it starts, so the first report it is asked for does
not also pay for importing WeasyPrint, loading the fonts, compiling the templates and reading the
locale data (about 1.5 s on the development machine, more than half a report's rendering)."""

import uuid
from datetime import UTC, datetime
from functools import cache

from services.reports import document as doc
from services.reports.rendering.canonical import canonical_json
from services.reports.rendering.html import render_html
from services.reports.rendering.markdown import render_markdown
from services.reports.rendering.pdf import render_pdf
from services.reports.rendering.view import ReportView

MOMENT = datetime(2000, 1, 1, tzinfo=UTC)


def _small(language: doc.Language) -> doc.ReportDocument:
    return doc.ReportDocument(
        meta=doc.Meta(
            title="—",
            template="accountability-shadow-report",
            language=language,
            country=doc.CountryPart(iso3="NPL", name="Nepal"),
            period="2000",
            coalition=doc.CoalitionPart(id=uuid.UUID(int=0), name="—"),
            as_of=MOMENT,
            content_hash="0" * 64,
        ),
        summary=[],
        methodology=doc.Methodology(
            contributors=0, sources=[], min_contributors=3, min_sensitive_count=5, as_of=MOMENT
        ),
        scorecard=[],
        indicators=[],
        landscape=doc.Landscape(organisations=0, cells=[], gaps=[], forms=[], interventions=[]),
        testimonies=[],
        recommendations=[],
        provenance=[],
    )


@cache
def warm_up() -> int:
    """Render a small report in each language (HTML and Markdown) and one as PDF, once a process;
    returns the PDF's size."""
    for language in ("en", "fr", "es"):
        document = _small(language)
        canonical_json(document)
        view = ReportView(document, {"json": "0" * 64, "csv": "0" * 64})
        html = render_html(view)
        render_markdown(view)
    return len(render_pdf(html))
