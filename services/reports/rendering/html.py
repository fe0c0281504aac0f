"""The report as one self-contained HTML page: inline CSS and SVG, no script, no external
resource (the page's Content-Security-Policy forbids them), printable on A4. The PDF is made
from the same page in its paper layout: the same words and figures, with a stylesheet for print
only and the longest lists (the provenance annex) as paragraphs rather than tables, which
WeasyPrint lays out in a fraction of the time (docs/performance.md)."""

import base64
import re

from markupsafe import Markup, escape

from services.reports.rendering.charts import line_chart
from services.reports.rendering.environment import environment, isolated
from services.reports.rendering.i18n import utc
from services.reports.rendering.indicators import IndicatorView
from services.reports.rendering.view import ReportView

SEPARATOR = re.compile(r"(?<=[_-])(?=.)")


def breakable(code: str, *, paper: bool = False) -> Markup:
    """A code or figure id that may wrap after each "_" and "-" (between its words) rather than
    anywhere or not at all: a <wbr> there on the web page; on paper a zero-width space, which
    WeasyPrint lays out without the two boxes of a <wbr> and a reader's text extraction drops."""
    return Markup(SEPARATOR.sub("\u200b" if paper else "<wbr>", str(escape(code))))


def chart(view: ReportView, indicator: IndicatorView) -> Markup:
    t = view.t
    many = len(indicator.points) > 6
    lines = [
        (kind, value, t(f"indicators.{kind}"), t("indicators.at_period", value=t.number(value), period=point.period))
        for kind, value, point in (
            ("baseline", indicator.baseline_value, indicator.baseline),
            ("target", indicator.target_value, indicator.target),
        )
        if value is not None and point is not None
    ]
    return line_chart(
        chart_id=f"chart-{indicator.anchor}",
        title=t("indicators.chart_title", name=indicator.name, unit=indicator.unit),
        x_label=t("indicators.period"),
        y_label=indicator.unit,
        periods=[p.period for p in indicator.points],
        values=indicator.values,
        withheld_labels=[(f"({p.status})" if many else p.text) if p.withheld else None for p in indicator.points],
        reference_lines=lines,
        number=t.number,
        breaks=indicator.breaks,
        break_label=t("indicators.break_short"),
    )


def chart_image(view: ReportView, indicator: IndicatorView) -> Markup:
    """The same chart as an image: WeasyPrint then draws it without making its few hundred
    elements part of the page, each with its computed style."""
    svg = base64.b64encode(chart(view, indicator).encode()).decode()
    title = view.t("indicators.chart_title", name=indicator.name, unit=indicator.unit)
    return Markup(f'<img class="chart" alt="{escape(title)}" src="data:image/svg+xml;base64,{svg}">')


def render_html(view: ReportView, *, paper: bool = False, forms_href: str | None = None) -> str:
    """The web page, or with `paper` the page the PDF is printed from; `forms_href`, on the web
    page, is the address the published forms are under (report.pdf, report.json, report.csv),
    linked from the cover."""

    def labelled(label: str, value: object) -> Markup:
        """Label and value joined with the language's punctuation (French puts a space before the colon)."""
        return Markup(view.t("label.value", label=escape(label), value=escape(value)))

    def message_around(key: str, **words: object) -> Markup:
        """A message of the catalogue with members' words, each isolated, inside it."""
        return Markup(view.t(key, **{name: isolated(value) for name, value in words.items()}))

    template = environment("html").get_template("report.html.j2")
    return template.render(
        v=view,
        paper=paper,
        forms_href=None if paper else forms_href,
        t=view.t,
        labelled=labelled,
        isolated=isolated,
        message_around=message_around,
        breakable=lambda code: breakable(code, paper=paper),
        chart=lambda indicator: chart(view, indicator),
        chart_image=lambda indicator: chart_image(view, indicator),
        created=utc(view.meta.as_of).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
