"""What the templates show, worked out once from the document so that the HTML and Markdown
forms say the same thing: section order per template, anchors, translated labels, formatted
figures (a withheld one never carries its number), the landscape matrix and its gaps."""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from services.reports.document import (
    ADDRESSEES,
    MILESTONES,
    RATINGS,
    AssessmentPart,
    Change,
    CommitmentPart,
    MilestoneRating,
    Point,
    Recommendation,
    ReportDocument,
    Suggestion,
)
from services.reports.rendering.i18n import Translator
from services.reports.rendering.indicators import Figure, indicator_view, ordered
from services.reports.rendering.messages import CATALOGUES

# Anchors are the same in every language, so links into a report survive a translation.
ANCHORS = {
    "title": "title",
    "contents": "contents",
    "summary": "summary",
    "methodology": "methodology",
    "context": "country-context",
    "scorecard": "scorecard",
    "indicators": "indicators",
    "landscape": "landscape",
    "voices": "survivor-voice",
    "recommendations": "recommendations",
    "signoff": "endorsement",
    "annex": "annex",
    "changes": "changes",
}
ORDER = {
    "accountability-shadow-report": (
        "summary",
        "methodology",
        "context",
        "scorecard",
        "indicators",
        "landscape",
        "voices",
        "recommendations",
        "signoff",
        "annex",
        "changes",
    ),
    # The collective-impact report leads with the figures and who works where.
    "collective-impact": (
        "indicators",
        "landscape",
        "summary",
        "methodology",
        "context",
        "scorecard",
        "voices",
        "recommendations",
        "signoff",
        "annex",
        "changes",
    ),
}
# Terms the annex's glossary explains, in this order.
GLOSSARY = ("milestone", "commitment", "consolidated_rating", "dissent", "baseline", "target", "progress",
            "withheld_c", "withheld_d", "series_break", "service_desert", "pathfinder")  # fmt: skip
# Names a change may give its section by, besides the section keys themselves.
CHANGE_SECTIONS = {"testimonies": "voices", "commitments": "scorecard", "provenance": "annex"}
# Kinds of change whose before and after are ratings.
RATED_CHANGES = {
    "milestone_rating", "commitment_added", "commitment_removed", "commitment_rating", "assessment_added",
    "assessment_removed", "assessment_status",
}  # fmt: skip


def section_keys(document: ReportDocument) -> list[str]:
    """The body sections of the document, in reading order (title page and contents come first)."""
    keys = list(ORDER[document.meta.template])
    if not document.changes:
        keys.remove("changes")
    if document.signoff is None:  # given at publication
        keys.remove("signoff")
    if document.meta.template == "collective-impact" and not document.scorecard:
        keys.remove("scorecard")
    return keys


# Each message's place in the catalogue, which lists the vocabularies' terms in the platform's order.
_PLACES = {key: place for place, key in enumerate(CATALOGUES["en"])}


def in_vocabulary_order(kind: str, codes: Sequence[str]) -> list[str]:
    """Terms in the platform's own order (its vocabularies', which the messages list in), the
    same in every language; a report gathers them sorted by code, an order no reader reads in."""
    return sorted(codes, key=lambda code: (_PLACES.get(f"{kind}.{code}", len(_PLACES)), code))


def cover_title(title: str, period: str) -> str:
    """The title with its closing period ("…, Népal, 2024") tied to the word before it by a no-break
    space, so that the cover's heading never leaves the year alone on its last line; and the
    target's number to its name ("ODS 8.7"), which a line break would split."""
    title = re.sub(r"(?<=\w) (?=8\.7\b)", "\u00a0", title)
    if title.endswith(f" {period}"):
        return f"{title[: -len(period) - 1]}\u00a0{period}"
    return title


def anchor(prefix: str, value: str) -> str:
    return f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-')}"


@dataclass(frozen=True)
class Section:
    key: str
    anchor: str
    title: str
    number: int


@dataclass(frozen=True)
class MilestoneView:
    key: str
    name: str
    description: str
    rating: str
    rating_label: str
    commitments: str
    breakdown: str
    scorecard: list[CommitmentPart] = field(default_factory=list)


@dataclass(frozen=True)
class ProvenanceView:
    anchor: str
    figure_id: str
    indicator: str
    indicator_link: str | None
    version: str
    period: str
    contributors: str
    status: str
    as_of: str
    source: str


@dataclass(frozen=True)
class AddresseeGroup:
    key: str
    title: str
    items: list[Recommendation | Suggestion]


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one section, each told in a sentence."""

    title: str
    sentences: list[str]


class ReportView:
    def __init__(self, document: ReportDocument, sha256: dict[str, str]) -> None:
        """`sha256`: the hex digests of the data files published beside the report ("json", "csv")."""
        self.doc = document
        self.meta = document.meta
        self.json_sha256, self.csv_sha256 = sha256["json"], sha256["csv"]
        self.t = t = Translator(document.meta.language)
        self.country = t.country(self.meta.country.iso3, self.meta.country.name)
        self.language_name = t.language_name()
        self.draft = document.meta.draft
        self.rating_scale = RATINGS  # the scale the methodology explains, in report order
        self.glossary = [(t(f"glossary.{term}"), t(f"glossary_def.{term}")) for term in GLOSSARY]
        self.kind = t(f"template.{self.meta.template}")
        self.cover_title = cover_title(self.meta.title, self.meta.period)
        self.sections = [
            Section(key, ANCHORS[key], t(f"section.{key}"), number)
            for number, key in enumerate(section_keys(document), 1)
        ]
        self.contents_title = t("section.contents")
        self._provenance_ids = {entry.figure_id for entry in document.provenance}
        self.indicators = [
            indicator_view(part, t, self.figure, anchor("ind", part.code))
            for part in ordered(document.indicators, document.scorecard)
        ]
        self._indicator_anchors = {i.code: i.anchor for i in self.indicators}
        self._indicator_names = {i.code: i.name for i in self.indicators}
        self.milestones = self._milestones()
        self.landscape = self._landscape()
        self.provenance = self._annex()
        self.changes = self._changes()
        self._commitments = {c.id: c for c in document.scorecard}
        self.recommendations = self._by_addressee(document.recommendations)
        self.suggestions = self._by_addressee(document.suggestions) if self.draft else []
        self.todo = self._todo() if self.draft else []

    # Helpers the templates call
    def rating(self, rating: str) -> str:
        return self.t(f"rating.{rating}")

    def day(self, day: date | None) -> str:
        return self.t.date(day) if day else ""

    def when(self, moment: datetime) -> str:
        return self.t.datetime(moment)

    def indicator_link(self, code: str) -> str | None:
        return self._indicator_anchors.get(code)

    def indicator_name(self, code: str) -> str:
        """An indicator as readers know it, by its name; by its code only when the report does not
        hold it."""
        return self._indicator_names.get(code, code)

    def safe_link(self, url: str) -> str | None:
        """Only web addresses become links; anything else is shown as text."""
        return url if re.fullmatch(r"https?://[^\s]+", url, re.IGNORECASE) else None

    @staticmethod
    def concurring(commitment: CommitmentPart) -> list[AssessmentPart]:
        """The assessments shown as the commitment's evidence: those that do not dissent, which
        the marked box shows instead (the scorecard gives both lists, the dissent within all)."""
        return [a for a in commitment.assessments if a not in commitment.dissent]

    def commitment_links(self, ids: list[uuid.UUID]) -> list[tuple[str, str]]:
        """(anchor, text) of the commitments a recommendation is tied to, those in this report."""
        return [(f"commitment-{i}", self._commitments[i].text) for i in ids if i in self._commitments]

    # Building blocks
    def _by_addressee(self, items: Sequence[Recommendation | Suggestion]) -> list[AddresseeGroup]:
        return [
            AddresseeGroup(key, self.t(f"addressee.{key}"), [r for r in items if r.addressee == key])
            for key in ADDRESSEES
            if any(r.addressee == key for r in items)
        ]

    def _todo(self) -> list[str]:
        """What a draft still lacks before it can speak for the coalition."""
        written = self.doc.authored
        needs = []
        if written is None or not written.headline_findings:
            needs.append("draft.todo_findings")
        if not self.doc.recommendations:
            needs.append("draft.todo_recommendations")
        if not self.doc.scorecard:
            needs.append("draft.todo_commitments")
        return [self.t(key) for key in [*needs, "draft.todo_signoff"]]

    def _count(self, contributors: int | None) -> str:
        """Contributors of a figure; a withheld figure's are withheld with it."""
        return "–" if contributors is None else self.t.number(contributors)

    def figure(self, point: Point) -> Figure:
        t = self.t
        withheld = True
        if point.value is not None and point.status == "F":
            text, reason, withheld = t.number(point.value), None, False
        elif point.status in ("C", "D"):
            # The reason in the report's language; a point's free-text note is not (it stays in the JSON).
            text, reason = t(f"status.{point.status}"), t(f"reason.{point.status}")
        else:  # marked published but without a value: nothing to show
            text, reason = "–", None
        link = anchor("fig", point.figure_id) if point.figure_id in self._provenance_ids else None
        # A withheld figure's contributors are withheld with it, whatever the point carries: how many
        # organisations stand behind a hidden cell tells why it is hidden, and of whom.
        contributors = self._count(None if withheld else point.contributors)
        return Figure(point.figure_id, point.period, text, withheld, point.status, reason, contributors, link)

    def _milestones(self) -> list[MilestoneView]:
        t = self.t
        given: dict[str, MilestoneRating] = {rating.milestone: rating for rating in self.doc.summary}
        views = []
        for key in MILESTONES:
            summary = given.get(key)
            rating = summary.rating if summary else "not_assessed"
            count = summary.commitments if summary else 0
            counts = summary.counts if summary else {}
            breakdown = " · ".join(
                t("label.value", label=self.rating(r), value=t.number(counts[r])) for r in RATINGS if counts.get(r)
            )
            views.append(
                MilestoneView(
                    key=key,
                    name=t(f"milestone.{key}"),
                    description=t(f"milestone_long.{key}"),
                    rating=rating,
                    rating_label=self.rating(rating),
                    commitments=t("summary.commitment_count", count=count),
                    breakdown=breakdown or "—",  # no commitment rated: a dash, not an empty cell
                    scorecard=[c for c in self.doc.scorecard if c.milestone == key],
                )
            )
        return views

    def _landscape(self) -> dict[str, object]:
        t, land = self.t, self.doc.landscape
        counts = {(cell.form, cell.intervention): cell.organisations for cell in land.cells}
        gaps = set(land.gaps)
        forms, interventions = (
            in_vocabulary_order("form", land.forms),
            in_vocabulary_order("intervention", land.interventions),
        )
        rows, empty = [], []
        for form in forms:
            row = [counts.get((form, intervention), 0) for intervention in interventions]
            rows.append({"form": t.label("form", form), "gap": form in gaps, "cells": [(n, t.number(n)) for n in row]})
            missing = [t.label("intervention", i) for i, n in zip(interventions, row, strict=True) if not n]
            if missing and form not in gaps:
                empty.append({"form": t.label("form", form), "interventions": missing})
        return {
            "organisations": t("landscape.organisations", count=land.organisations),
            "interventions": [t.label("intervention", i) for i in interventions],
            "rows": rows,
            "gaps": [t.label("form", form) for form in in_vocabulary_order("form", land.gaps)],
            "empty_cells": empty,
        }

    def _annex(self) -> list[ProvenanceView]:
        t, seen, views = self.t, set(), []
        for entry in self.doc.provenance:
            if entry.figure_id in seen:
                continue
            seen.add(entry.figure_id)
            views.append(
                ProvenanceView(
                    anchor=anchor("fig", entry.figure_id),
                    figure_id=entry.figure_id,
                    indicator=entry.indicator,
                    indicator_link=self._indicator_anchors.get(entry.indicator),
                    version=t.number(entry.indicator_version),
                    # A report is about one country; say so only for an entry about another.
                    period=entry.period
                    if entry.country == self.meta.country.iso3
                    else f"{entry.period} · {entry.country}",
                    contributors=self._count(None if entry.status in ("C", "D") else entry.contributors),
                    status=t(f"status.{entry.status}") if entry.status in ("F", "C", "D") else entry.status,
                    as_of=t.datetime(entry.as_of, short=True),
                    source=entry.source,
                )
            )
        return views

    def _changes(self) -> list[ChangeGroup]:
        groups: dict[str, list[str]] = {}
        for change in self.doc.changes:
            key = CHANGE_SECTIONS.get(change.section, change.section)
            groups.setdefault(key, []).append(self._sentence(change))
        order = [key for key in ANCHORS if key in groups] + [key for key in groups if key not in ANCHORS]
        t = self.t
        return [
            ChangeGroup(t(f"section.{key}") if f"section.{key}" in t.messages else key, groups[key]) for key in order
        ]

    def _quantity(self, indicator: str, value: float) -> str:
        """A figure of the indicator of that name with its unit; without one when the report no
        longer holds the indicator."""
        part = next((i for i in self.doc.indicators if i.name == indicator), None)
        if part is None:
            return self.t.number(value)
        return self.t.quantity(value, self.t.term("unit", part.unit), part.catalogue_unit)

    def _sentence(self, change: Change) -> str:
        """A change in words: ratings, milestones, dates and figures in the report's language."""
        t = self.t

        def value(text: str | None, period: str | None = None) -> str:
            if change.kind == "figure":
                if text is None:
                    return t("changes.none_published")
                return t("changes.at_period", value=self._quantity(change.item, float(text)), period=period)
            if text is None:
                return t("scorecard.no_target_date") if change.kind == "target_date" else t("changes.absent")
            if change.kind == "target_date":
                return t.date(date.fromisoformat(text))
            if change.kind in RATED_CHANGES or (change.kind == "changed" and text in RATINGS):
                # Within a sentence a rating is a quoted term, not a badge: "from “not started”".
                return t("changes.rating", rating=self.rating(text).lower())
            return text

        # A quoted text ends where its quotation mark does: "“Amend the act”." rather than "“… act.”.".
        item = t(f"milestone.{change.item}") if change.item in MILESTONES else change.item.rstrip(". ")
        before = change.before.rstrip(". ") if change.kind == "commitment_text" and change.before else change.before
        values = {
            "item": item,
            "organisation": change.organisation or "",
            "before": value(before, change.before_period),
            "after": value(change.after, change.after_period),
        }
        if change.kind in ("testimonies_added", "testimonies_removed"):
            return t(f"change.{change.kind}", count=int(change.after or change.before or 0))
        return t(f"change.{change.kind}", **values)
