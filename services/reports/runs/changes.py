"""What changed since the previous published edition: milestone ratings; commitments added,
removed, reworded or re-rated, with the coalition's reasons; each member's assessment (added,
removed, its status, its evidence); the latest published figure of each indicator; testimonies
quoted or no longer quoted (counted, never quoted here). Items are named as the report names
them, so the renderer can tell each change in a sentence.

A change is public, so it tells a figure's movement only between public figures: an edition made
when reports took a coalition's view of a year (migrations 0011 and 0015 withdrew them) holds
figures only the coalition's members may read, which are never a "before" here."""

from urllib.parse import parse_qs, urlsplit

from services.reports import document as doc
from services.reports.document import Change


def changes(previous: doc.ReportDocument | None, current: doc.ReportDocument) -> list[Change]:
    if previous is None:
        return []
    return [
        *_milestones(previous, current),
        *_commitments(previous, current),
        *_figures(previous, current),
        *_testimonies(previous, current),
    ]


def _milestones(previous: doc.ReportDocument, current: doc.ReportDocument) -> list[Change]:
    before = {m.milestone: m.rating for m in previous.summary}
    return [
        Change(section="summary", kind="milestone_rating", item=m.milestone, before=before[m.milestone], after=m.rating)
        for m in current.summary
        if m.milestone in before and before[m.milestone] != m.rating
    ]


def _commitments(previous: doc.ReportDocument, current: doc.ReportDocument) -> list[Change]:
    old = {c.id: c for c in previous.scorecard}
    found: list[Change] = []
    for c in current.scorecard:
        was = old.pop(c.id, None)
        if was is None:
            found.append(Change(section="scorecard", kind="commitment_added", item=c.text, before=None, after=c.rating))
            continue
        found += _commitment(was, c)
    found += [
        Change(section="scorecard", kind="commitment_removed", item=c.text, before=c.rating, after=None)
        for c in old.values()
    ]
    return found


def _commitment(was: doc.CommitmentPart, now: doc.CommitmentPart) -> list[Change]:
    found = [
        Change(section="scorecard", kind=kind, item=now.text, before=_text(before), after=_text(after))
        for kind, before, after in (
            ("commitment_text", was.text, now.text),
            ("responsible_body", was.responsible_body, now.responsible_body),
            ("target_date", was.target_date, now.target_date),
            ("commitment_rating", was.rating, now.rating),
        )
        if before != after
    ]
    if was.rationale != now.rationale and now.rationale:
        found.append(Change(section="scorecard", kind="rationale", item=now.text, before=None, after=None))
    return found + _assessments(now.text, was.assessments, now.assessments)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _assessments(item: str, was: list[doc.AssessmentPart], now: list[doc.AssessmentPart]) -> list[Change]:
    old = {a.organisation: a for a in was}
    found = []
    for a in now:
        before = old.pop(a.organisation, None)
        common = {"section": "scorecard", "item": item, "organisation": a.organisation}
        if before is None:
            found.append(Change(**common, kind="assessment_added", before=None, after=a.status))
            continue
        if before.status != a.status:
            found.append(Change(**common, kind="assessment_status", before=before.status, after=a.status))
        if before.evidence != a.evidence or before.links != a.links:
            found.append(Change(**common, kind="assessment_evidence", before=None, after=None))
    found += [
        Change(
            section="scorecard", kind="assessment_removed", item=item, organisation=a.organisation, before=a.status,
            after=None,
        )
        for a in old.values()
    ]  # fmt: skip
    return found


def coalition_figures(document: doc.ReportDocument) -> set[str]:
    """The figures of a coalition's view in the document: marked so (`source`), or, in editions
    made before points carried a source, fetched with `coalition=` (their provenance)."""
    marked = {p.figure_id for i in document.indicators for p in i.series if p.source == "coalition"}
    return marked | {e.figure_id for e in document.provenance if "coalition" in parse_qs(urlsplit(e.source).query)}


def _latest(part: doc.IndicatorPart, hidden: set[str]) -> doc.Point | None:
    """The latest published figure anyone may read (not one of `hidden`)."""
    published = [
        p
        for p in sorted(part.series, key=lambda p: p.period)
        if p.value is not None and p.status == "F" and p.figure_id not in hidden
    ]
    return published[-1] if published else None


def _value(value: float | None) -> str:
    """A figure as text, every digit kept ("1234567", not "1.23457e+06" as `:g` would give)."""
    return f"{value:.15g}"


def _figures(previous: doc.ReportDocument, current: doc.ReportDocument) -> list[Change]:
    old = {i.code: i for i in previous.indicators}
    hidden, hidden_now = coalition_figures(previous), coalition_figures(current)
    found = []
    for i in current.indicators:
        was = old.pop(i.code, None)
        if was is None:
            found.append(Change(section="indicators", kind="indicator_added", item=i.name, before=None, after=None))
        before, after = (_latest(was, hidden) if was else None), _latest(i, hidden_now)
        if was is None and after is None:
            continue
        if (before and (before.value, before.period)) != (after and (after.value, after.period)):
            found.append(
                Change(
                    section="indicators",
                    kind="figure",
                    item=i.name,
                    before=None if before is None else _value(before.value),
                    before_period=None if before is None else before.period,
                    after=None if after is None else _value(after.value),
                    after_period=None if after is None else after.period,
                )
            )
    found += [
        Change(section="indicators", kind="indicator_removed", item=i.name, before=None, after=None)
        for i in old.values()
    ]
    return found


def _testimonies(previous: doc.ReportDocument, current: doc.ReportDocument) -> list[Change]:
    before, now = {t.id for t in previous.testimonies}, {t.id for t in current.testimonies}
    found = []
    if added := len(now - before):
        found.append(Change(section="voices", kind="testimonies_added", item="", before=None, after=str(added)))
    if gone := len(before - now):
        found.append(Change(section="voices", kind="testimonies_removed", item="", before=str(gone), after=None))
    return found
