"""The report as one self-contained HTML page: inline CSS and SVG, no script, no external
resource (the page's Content-Security-Policy forbids them), printable on A4."""

from markupsafe import Markup

from services.reports.rendering.charts import line_chart
from services.reports.rendering.environment import environment
from services.reports.rendering.i18n import utc
from services.reports.rendering.indicators import IndicatorView
from services.reports.rendering.view import ReportView


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


def render_html(view: ReportView) -> str:
    template = environment("html").get_template("report.html.j2")
    return template.render(
        v=view,
        t=view.t,
        chart=lambda indicator: chart(view, indicator),
        created=utc(view.meta.as_of).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
