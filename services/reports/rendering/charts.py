"""Small static SVG line charts, written here rather than by a plotting library: a chart is a
few dozen elements, must be byte-for-byte the same on every render (no generated ids, dates or
scripts) and must look the same in a browser and in WeasyPrint's PDF."""

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 78, 150, 44, 62
INK, MUTED, GRID, LINE, BASE, TARGET = "#1f2933", "#52606d", "#d9e2ec", "#0b6e99", "#7b8794", "#b35c00"


# A title line holds about this many characters of 14px bold DejaVu Sans between the left margin
# and the right edge (about 7.6px a character, a little to spare); longer titles wrap.
TITLE_CHARS, TITLE_LEADING = 76, 17


def title_lines(title: str, width: int = TITLE_CHARS) -> list[str]:
    """The title in lines of at most `width` characters, broken between words (a longer word
    keeps a line of its own), so that a long translated title is not cut at the chart's edge."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """0 and round steps up to at least `high`."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_label: str,
    y_label: str,
    periods: Sequence[str],
    values: Sequence[float | None],
    withheld_labels: Sequence[str | None],
    reference_lines: Sequence[tuple[str, float, str, str]],
    number: Callable[[float], str],
    breaks: Sequence[bool] = (),
    break_label: str = "",
) -> Markup:
    """One series over categorical periods. A None value is a gap in the line, marked with its
    withheld label at the foot of the plot. `reference_lines` are (kind, value, name, detail) with kind
    "baseline" or "target", drawn dashed across the plot and labelled on the right in two lines.
    Where `breaks[i]`, the series breaks before point i (another source or contributor base): the
    line is not drawn across it, and a marked rule labelled `break_label` stands just before it."""
    known = [v for v in values if v is not None] + [v for _, v, _, _ in reference_lines]
    ticks = nice_ticks(max(known, default=0.0))
    frame = _Frame(len(periods), ticks[-1])
    e = escape
    lines = title_lines(title)
    drop = TITLE_LEADING * (len(lines) - 1)  # the plot moves down under a title of several lines
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT + drop}" '
        f'width="{WIDTH}" height="{HEIGHT + drop}" role="img" aria-labelledby="{chart_id}-title" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<text class="title" x="{LEFT}" y="22" font-size="14" font-weight="bold" fill="{INK}">'
        + "".join(
            e(line) if i == 0 else f'<tspan x="{LEFT}" dy="{TITLE_LEADING}">{e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        + "</text>",
    ]
    if drop:
        out.append(f'<g transform="translate(0 {drop})">')
    out += _axes(frame, ticks, periods, x_label, y_label, number)
    out += _reference_lines(frame, reference_lines)
    broken = [*breaks, *([False] * (len(values) + 1 - len(breaks)))]
    out += _line(frame, values, broken)
    out += _breaks(frame, broken[: len(values)], break_label)
    out += _points(frame, values, withheld_labels, number)
    out.append("</g></svg>" if drop else "</svg>")
    return Markup("".join(out))


class _Frame:
    """The plot area of a line chart: where period i and value v are drawn."""

    def __init__(self, periods: int, top: float) -> None:
        self.periods, self.top = periods, top
        self.width, self.height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        self.axis_y = _n(TOP + self.height)

    def x(self, i: int) -> float:
        return LEFT + (self.width / 2 if self.periods == 1 else self.width * (i + 0.5) / self.periods)

    def y(self, v: float) -> float:
        return TOP + self.height - self.height * (v / self.top if self.top else 0)


def _axes(
    frame: _Frame,
    ticks: Sequence[float],
    periods: Sequence[str],
    x_label: str,
    y_label: str,
    number: Callable[[float], str],
) -> list[str]:
    e, plot_w, plot_h, axis_y = escape, frame.width, frame.height, frame.axis_y
    out = []
    for tick in ticks:
        ty = _n(frame.y(tick))
        out.append(f'<line x1="{LEFT}" y1="{ty}" x2="{LEFT + plot_w}" y2="{ty}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 8}" y="{ty}" dy="4" text-anchor="end" fill="{MUTED}">{e(number(tick))}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{axis_y}" stroke="{INK}" stroke-width="1"/>')
    out.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{LEFT + plot_w}" y2="{axis_y}" stroke="{INK}" stroke-width="1"/>')
    for i, period in enumerate(periods):
        out.append(
            f'<text x="{_n(frame.x(i))}" y="{_n(TOP + plot_h + 18)}" text-anchor="middle" fill="{INK}">{e(period)}</text>'
        )
    out.append(
        f'<text class="axis-label" x="{_n(LEFT + plot_w / 2)}" y="{HEIGHT - 12}" text-anchor="middle" '
        f'fill="{INK}">{e(x_label)}</text>'
    )
    out.append(
        f'<text class="axis-label" x="18" y="{_n(TOP + plot_h / 2)}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 18 {_n(TOP + plot_h / 2)})">{e(y_label)}</text>'
    )
    return out


def _reference_lines(frame: _Frame, reference_lines: Sequence[tuple[str, float, str, str]]) -> list[str]:
    e, plot_w, out = escape, frame.width, []
    for kind, value, name, detail in reference_lines:
        colour, ry = (TARGET if kind == "target" else BASE), _n(frame.y(value))
        out.append(
            f'<line class="{kind}" x1="{LEFT}" y1="{ry}" x2="{LEFT + plot_w}" y2="{ry}" stroke="{colour}" '
            'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{LEFT + plot_w + 6}" y="{ry}" dy="-2" fill="{colour}">{e(name)}'
            f'<tspan x="{LEFT + plot_w + 6}" dy="14">{e(detail)}</tspan></text>'
        )
    return out


def _line(frame: _Frame, values: Sequence[float | None], broken: Sequence[bool]) -> list[str]:
    """The line is drawn only between neighbouring published points: a withheld one leaves a gap."""
    out: list[str] = []
    run: list[str] = []
    for i, value in enumerate([*values, None]):
        if value is not None and not broken[i]:
            run.append(f"{_n(frame.x(i))},{_n(frame.y(value))}")
            continue
        if len(run) > 1:
            out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
        run = [f"{_n(frame.x(i))},{_n(frame.y(value))}"] if value is not None else []
    return out


def _breaks(frame: _Frame, broken: Sequence[bool], break_label: str) -> list[str]:
    half_step = frame.width / frame.periods / 2 if frame.periods else 0
    out = []
    for i, at_break in enumerate(broken):
        if at_break:
            bx = _n(frame.x(i) - half_step)
            out.append(
                f'<line class="break" x1="{bx}" y1="{TOP}" x2="{bx}" y2="{frame.axis_y}" stroke="{TARGET}" '
                'stroke-width="1.5" stroke-dasharray="1 3"/>'
            )
            out.append(
                f'<text class="break" x="{bx}" y="{TOP - 6}" text-anchor="middle" font-style="italic" '
                f'fill="{TARGET}">{escape(break_label)}</text>'
            )
    return out


def _points(
    frame: _Frame,
    values: Sequence[float | None],
    withheld_labels: Sequence[str | None],
    number: Callable[[float], str],
) -> list[str]:
    e, plot_h, out = escape, frame.height, []
    for i, (value, withheld) in enumerate(zip(values, withheld_labels, strict=True)):
        px = _n(frame.x(i))
        if value is not None:
            py = _n(frame.y(value))
            out.append(f'<circle cx="{px}" cy="{py}" r="4" fill="{LINE}"/>')
            out.append(f'<text x="{px}" y="{py}" dy="-10" text-anchor="middle" fill="{INK}">{e(number(value))}</text>')
        elif withheld:
            out.append(
                f'<line class="withheld" x1="{px}" y1="{TOP}" x2="{px}" y2="{_n(TOP + plot_h - 24)}" stroke="{MUTED}" '
                'stroke-width="1" stroke-dasharray="2 3"/>'
            )
            out.append(
                f'<text class="withheld" x="{px}" y="{_n(TOP + plot_h - 8)}" text-anchor="middle" '
                f'font-style="italic" fill="{MUTED}">{e(withheld)}</text>'
            )
    return out
