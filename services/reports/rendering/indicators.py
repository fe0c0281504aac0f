"""The indicators as the report shows them, worked out once for HTML and Markdown, so that a
figure cannot mislead: indicators with a published figure come first, in milestone order;
progress names the period it is measured at and says when later figures are withheld; a break
in a series (whose figure it is, or how many organisations contribute, changes between two
published figures) is marked in the table and the chart; an indicator with nothing published
gets a sentence instead of a chart."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from services.reports.document import MILESTONES, CommitmentPart, IndicatorPart, Point
from services.reports.rendering.i18n import Translator


@dataclass(frozen=True)
class Figure:
    figure_id: str
    period: str
    text: str  # the formatted value, or the withheld label: never the number of a withheld figure
    withheld: bool
    status: str
    reason: str | None  # why it is withheld, or the break in the series it starts
    contributors: str
    link: str | None  # anchor of the provenance entry in the annex


@dataclass(frozen=True)
class IndicatorView:
    code: str
    anchor: str
    name: str
    unit: str
    definition: str
    heading: str
    aggregation: str
    points: list[Figure]
    values: list[float | None]  # the published values, None where withheld
    breaks: list[bool]  # True where a break in the series comes before the point
    baseline: Figure | None
    target: Figure | None
    baseline_value: float | None
    target_value: float | None
    progress: str | None

    @property
    def has_published(self) -> bool:
        return any(value is not None for value in self.values)


def ordered(indicators: list[IndicatorPart], scorecard: list[CommitmentPart]) -> list[IndicatorPart]:
    """Those with a published figure first; then by the first milestone whose commitments link
    them (unlinked ones last); otherwise as given."""
    milestone_of: dict[str, int] = {}
    for commitment in scorecard:
        for code in commitment.indicators:
            rank = MILESTONES.index(commitment.milestone)
            milestone_of[code] = min(milestone_of.get(code, rank), rank)

    def key(item: tuple[int, IndicatorPart]) -> tuple[bool, int, int]:
        position, part = item
        return (not any(_published(p) for p in part.series), milestone_of.get(part.code, len(MILESTONES)), position)

    return [part for _, part in sorted(enumerate(indicators), key=key)]


def _published(point: Point) -> bool:
    return point.value is not None and point.status == "F"


def indicator_view(part: IndicatorPart, t: Translator, figure: Callable[[Point], Figure], anchor: str) -> IndicatorView:
    series = sorted(part.series, key=lambda p: p.period)
    notes = _breaks(series, t)
    points = [replace(f, reason=note) if note else f for f, note in zip(map(figure, series), notes, strict=True)]
    unit = t.term("unit", part.unit)  # a unit the catalogue has not translated may be in the messages

    def stated(point: Point | None) -> Figure | None:
        """A baseline or target, shown beside its period rather than under a column that names
        the unit: its value carries the unit ("1,204 people", "35%")."""
        if point is None:
            return None
        shown = figure(point)
        if not _published(point) or point.value is None:
            return shown
        return replace(shown, text=t.quantity(point.value, unit, part.catalogue_unit))

    return IndicatorView(
        code=part.code,
        anchor=anchor,
        name=part.name,
        unit=unit,
        definition=part.definition,
        heading=t("indicators.code", code=part.code, version=t.number(part.version)),
        aggregation=t.label("aggregation", part.aggregation),
        points=points,
        values=[p.value if _published(p) else None for p in series],
        breaks=[note is not None for note in notes],
        baseline=stated(part.baseline),
        target=stated(part.target),
        baseline_value=part.baseline.value if part.baseline and _published(part.baseline) else None,
        target_value=part.target.value if part.target and _published(part.target) else None,
        progress=_progress(part, series, t),
    )


def _breaks(series: list[Point], t: Translator) -> list[str | None]:
    """For each point, the note of a break in the series between it and the published figure
    before it: another source (public or the coalition's own), or another number of
    contributing organisations."""
    notes: list[str | None] = []
    before: Point | None = None
    for point in series:
        note = None
        if _published(point):
            note = _break_note(before, point, t) if before is not None else None
            before = point
        notes.append(note)
    return notes


def _break_note(before: Point, point: Point, t: Translator) -> str | None:
    """One sentence for what changed, both changes in one when the source and the count differ."""
    source = bool(before.source and point.source and before.source != point.source)
    count = before.contributors is not None and point.contributors is not None
    count = count and before.contributors != point.contributors
    if not (source or count):
        return None
    values: dict[str, object] = {"period": point.period}
    if source:
        values |= {"source": t(f"source.{point.source}"), "previous_source": t(f"source.{before.source}")}
    if count:
        values |= {"count": point.contributors, "previous": t.number(before.contributors or 0)}
    key = "both" if source and count else "source" if source else "contributors"
    return t(f"indicators.break_{key}", **values)


def _progress(part: IndicatorPart, series: list[Point], t: Translator) -> str | None:
    if part.progress is None:
        return None
    share = t.percent(part.progress)
    if part.progress_period is None:  # documents made before the period was recorded
        return share
    later = [p.period for p in series if p.period > part.progress_period and not _published(p)]
    if later:
        return t("indicators.progress_withheld_after", progress=share, period=part.progress_period,
                 periods=t.join(later))  # fmt: skip
    return t("indicators.progress_at", progress=share, period=part.progress_period)
