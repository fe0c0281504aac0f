"""Everything a report is made of, gathered from the directory and metrics services over HTTP
and from this service's own commitments and testimonies. A report is written to be published, so
it holds only what anyone may read or what the coalition's members put into it: the public
figures (through the metrics privacy layer; never a coalition's view, whose shared values reach
only its members), testimonies with public consent, and the assessments of the coalition's own
member organisations. The inputs are hashed without their times: the same inputs give the same
hash, and so the same report."""

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from services.reports import document as doc
from services.reports.accountability import service as accountability
from services.reports.accountability import standing
from services.reports.authoring import service as authoring
from services.reports.clients import DirectoryClient
from services.reports.rendering.i18n import Translator
from services.reports.runs import suggestions
from services.reports.testimonies import service as testimonies
from shared.errors import UpstreamUnavailable
from shared.http import call

SOURCES = {
    "en": [
        "Commitments, and the assessments of the coalition's member organisations, entered on Coalition Hub",
        "Shared indicators: the public figures of the organisations that report to Coalition Hub, "
        "under the disclosure rules of the metrics service",
        "Civil-society landscape: the Coalition Hub directory",
    ],
    "fr": [
        "Engagements et évaluations des organisations membres de la coalition saisis sur Coalition Hub",
        "Indicateurs partagés\u00a0: chiffres publics des organisations qui rendent compte sur Coalition Hub, "
        "selon les règles de confidentialité du service des mesures",
        "Paysage de la société civile\u00a0: l’annuaire de Coalition Hub",
    ],
    "es": [
        "Compromisos y evaluaciones de las organizaciones miembros de la coalición registrados en Coalition Hub",
        "Indicadores compartidos: cifras públicas de las organizaciones que informan en Coalition Hub, "
        "según las reglas de confidencialidad del servicio de medición",
        "Panorama de la sociedad civil: el directorio de Coalition Hub",
    ],
}

TITLES = {
    ("accountability-shadow-report", "en"): "Shadow report on SDG 8.7 commitments: {country}, {period}",
    ("accountability-shadow-report", "fr"): "Rapport alternatif sur les engagements ODD 8.7\u00a0: {country}, {period}",
    ("accountability-shadow-report", "es"): "Informe sombra sobre los compromisos del ODS 8.7: {country}, {period}",
    ("collective-impact", "en"): "Collective impact report: {country}, {period}",
    ("collective-impact", "fr"): "Rapport d’impact collectif\u00a0: {country}, {period}",
    ("collective-impact", "es"): "Informe de impacto colectivo: {country}, {period}",
}


T = TypeVar("T")
AT_ONCE = 8  # requests one gathering step has in flight: enough to overlap, few enough for a peer's pool


@dataclass
class Gathered:
    document: doc.ReportDocument
    # The coalition's active member organisations the cover lists (meta.members, by name): the
    # only organisations whose assessments the scorecard holds, and those who sign the edition off.
    members: list[uuid.UUID]


@dataclass
class Request:
    country: str
    period: str
    coalition_id: uuid.UUID
    template: str
    language: str


async def _get(http: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await call(http, "GET", url, params=params)
    if response.status_code == 404:  # gone for good (a coalition dissolved): retrying will not help
        raise LookupError(f"{url} is not found.")
    if response.status_code != 200:
        raise UpstreamUnavailable(f"{url} answered {response.status_code}.")
    return response.json()


async def _together(*calls: Awaitable[T]) -> list[T]:
    """The calls' answers, the calls made at once (AT_ONCE at a time); the first failure cancels
    the others and is raised as it is (a peer's 404 or 5xx keeps its meaning)."""
    gate = asyncio.Semaphore(AT_ONCE)

    async def gated(call: Awaitable[T]) -> T:
        async with gate:
            return await call

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(gated(call)) for call in calls]
    except BaseExceptionGroup as failed:
        first: BaseException = failed
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
    return [task.result() for task in tasks]


async def _landscape(directory: httpx.AsyncClient, country: str) -> doc.Landscape:
    everyone = await _get(directory, "/v1/directory/organisations", country=country, limit=1)
    forms = sorted(t for t in everyone["facets"]["forms"])
    interventions = sorted(t for t in everyone["facets"]["interventions"])
    worked_on = [form for form in forms if everyone["facets"]["forms"][form]]
    answers = await _together(
        *(_get(directory, "/v1/directory/organisations", country=country, form=form, limit=1) for form in worked_on)
    )
    cells = [
        doc.LandscapeCell(form=form, intervention=i, organisations=n)
        for form, working in zip(worked_on, answers, strict=True)
        for i, n in sorted(working["facets"]["interventions"].items())
        if n
    ]
    gaps = [f for f in forms if not everyone["facets"]["forms"][f]]
    return doc.Landscape(
        organisations=everyone["total"], cells=cells, gaps=gaps, forms=forms, interventions=interventions
    )


def _point(figure_id: str, cell: dict[str, Any], as_of: datetime) -> doc.Point:
    """A public figure (earlier editions also held coalition figures, which `source` told apart)."""
    value = cell.get("value")
    return doc.Point(
        figure_id=figure_id,
        period=cell["period"],
        value=None if value is None else float(value),
        status=cell["status"],
        note=cell.get("note"),
        contributors=cell["contributors"],
        source=None if value is None else "public",
        as_of=as_of,
    )


def _stated(figure_id: str, period: str, value: str, as_of: datetime) -> doc.Point:
    """A baseline or target: a country's stated figure, not one counted from contributions."""
    return doc.Point(
        figure_id=figure_id.upper(), period=period, value=float(value), status="F", contributors=0, as_of=as_of
    )


def _stated_provenance(
    code: str, country: str, version: int, points: list[doc.Point], as_of: datetime
) -> list[doc.ProvenanceEntry]:
    """Where a baseline and a target can be read again, so that a reader can check the figures
    progress is measured against as well as the figures themselves (no organisation contributes
    to a stated figure: it has no contributors)."""
    source = "/v1/metrics/targets?" + urlencode({"indicator": code, "country": country})
    return [
        doc.ProvenanceEntry(
            figure_id=p.figure_id, indicator=code, indicator_version=version, country=country, period=p.period,
            contributors=None, status=p.status, as_of=as_of, source=source,
        )
        for p in points
    ]  # fmt: skip


def _progress(
    series: list[doc.Point], baseline: doc.Point | None, goal: doc.Point | None
) -> tuple[float | None, str | None]:
    """The share of the way from baseline to target at the latest published figure, and its
    period (the report says which: a later figure may be withheld)."""
    published = sorted((p for p in series if p.value is not None and p.status == "F"), key=lambda p: p.period)
    if not (published and baseline and goal) or goal.value == baseline.value:
        return None, None
    latest = published[-1]
    return round((latest.value - baseline.value) / (goal.value - baseline.value), 4), latest.period  # type: ignore[operator]


def localised(version: dict[str, Any], language: str) -> tuple[str, str, str]:
    """An indicator version's name, unit and definition in the report's language: the
    catalogue's translation where it has one, each word left out of it in English."""
    words = (version.get("translations") or {}).get(language) or {}
    return tuple(words.get(field) or version[field] for field in ("name", "unit", "definition"))


async def _indicator(
    metrics: httpx.AsyncClient,
    request: Request,
    code: str,
    target: dict[str, Any] | None,
    as_of: datetime,
) -> tuple[doc.IndicatorPart, list[doc.ProvenanceEntry], int]:
    """One indicator's yearly public figures in the country, as anyone can read them again at the
    source each carries: a published report must not carry a coalition's view, whose shared values
    reach only the coalition's members."""
    country = request.country
    query = {"indicator": code, "country": country, "by": "period", "granularity": "year"}
    seen = await _get(metrics, "/v1/metrics/aggregates", **query)
    version = await _get(metrics, f"/v1/metrics/indicators/{code}/versions/{seen['indicator_version']}")
    source = "/v1/metrics/aggregates?" + urlencode(query)
    series, provenance, contributors = [], [], 0
    for cell in seen["cells"]:
        figure_id = f"F-{code}-{country}-{cell['period']}".upper()
        series.append(_point(figure_id, cell, as_of))
        contributors = max(contributors, cell["contributors"] or 0)
        provenance.append(
            doc.ProvenanceEntry(
                figure_id=figure_id,
                indicator=code,
                indicator_version=seen["indicator_version"],
                country=country,
                period=cell["period"],
                contributors=cell["contributors"],
                status=cell["status"],
                as_of=as_of,
                source=source,
            )
        )
    baseline = goal = None
    if target:
        baseline = _stated(f"B-{code}-{country}", target["baseline_period"], target["baseline_value"], as_of)
        goal = _stated(f"T-{code}-{country}", target["target_period"], target["target_value"], as_of)
        provenance += _stated_provenance(code, country, seen["indicator_version"], [baseline, goal], as_of)
    progress, progress_period = _progress(series, baseline, goal)
    name, unit, definition = localised(version, request.language)
    part = doc.IndicatorPart(
        code=code,
        version=seen["indicator_version"],
        name=name,
        unit=unit,
        definition=definition,
        catalogue_unit=seen["unit"],
        aggregation=seen["aggregation"],
        series=series,
        baseline=baseline,
        target=goal,
        progress=progress,
        progress_period=progress_period,
    )
    return part, provenance, contributors


async def _indicators(
    metrics: httpx.AsyncClient, request: Request, codes: list[str], as_of: datetime
) -> tuple[list[doc.IndicatorPart], list[doc.ProvenanceEntry], int]:
    """The indicators linked to the report (and those with a target in the country), fetched at once."""
    # One page holds a country's targets: one per indicator at most.
    listed = await _get(metrics, "/v1/metrics/targets", country=request.country, limit=500)
    targets = {t["indicator"]: t for t in listed["items"]}
    answers = await _together(
        *(_indicator(metrics, request, code, targets.get(code), as_of) for code in sorted(set(codes) | set(targets)))
    )
    parts = [part for part, _, _ in answers]
    provenance = [entry for _, entries, _ in answers for entry in entries]
    return parts, provenance, max((n for _, _, n in answers), default=0)


async def _names(directory: httpx.AsyncClient, organisations: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = list(organisations)
    answers = await _together(*(call(directory, "GET", f"/v1/directory/organisations/{org}") for org in ids))
    return {org: answer.json()["name"] for org, answer in zip(ids, answers, strict=True) if answer.status_code == 200}


async def _members(directory: httpx.AsyncClient, coalition: uuid.UUID) -> dict[uuid.UUID, str]:
    """The coalition's active member organisations and their names."""
    ids = await DirectoryClient(directory).active_members(coalition)
    return await _names(directory, sorted(ids))


async def _adopted(metrics: httpx.AsyncClient) -> list[str]:
    """The adopted indicators' codes (a collective-impact report shows them all)."""
    adopted = await _get(metrics, "/v1/metrics/indicators", status="adopted", limit=100)
    return [i["code"] for i in adopted["items"]]


async def _nothing() -> list[str]:
    return []


def report_title(request: Request, iso3: str, name: str) -> str:
    """In the report's language, the country as CLDR names it there ("Népal"), else as the directory does."""
    country = Translator(request.language).country(iso3, name)
    return TITLES[(request.template, request.language)].format(country=country, period=request.period)


async def gather(
    session: AsyncSession,
    directory: httpx.AsyncClient,
    metrics: httpx.AsyncClient,
    request: Request,
    *,
    as_of: datetime,
    edition: int,
    min_contributors: int,
    min_sensitive_count: int,
) -> Gathered:
    # The database reads share the session, one at a time; the peers are asked at once.
    assessing = await accountability.assessing_organisations(session, request.country)
    country, coalition, members, landscape, adopted = await _together(
        _get(directory, f"/v1/directory/countries/{request.country}"),
        _get(directory, f"/v1/directory/coalitions/{request.coalition_id}"),
        _members(directory, request.coalition_id),
        _landscape(directory, request.country),
        _adopted(metrics) if request.template == "collective-impact" else _nothing(),
    )
    # Assessments are for the country's coalitions, not the public: a report shows its members'
    # (who sign it off), and only if the coalition is one of the country's (`standing`); one of
    # elsewhere would print what its members wrote there for another coalition's eyes.
    speaks_there = standing.is_active_in(coalition["country"], request.country)
    names = {org: members[org] for org in assessing if org in members and speaks_there}
    scorecard = await accountability.scorecard(session, request.country, request.coalition_id, names)
    linked = [code for c in scorecard for code in c.indicators] + adopted
    indicators, provenance, figure_contributors = await _indicators(metrics, request, linked, as_of)
    voices = await testimonies.public_testimonies(session, request.country)
    content = await authoring.latest(session, request.coalition_id, request.country, request.period, request.language)
    words, recommendations = authoring.authored(content)
    document = doc.ReportDocument(
        meta=_meta(
            request, country, coalition, sorted(members.values(), key=str.casefold), edition=edition, as_of=as_of
        ),
        summary=accountability.milestone_summary(scorecard),
        methodology=doc.Methodology(
            contributors=max(len(names), figure_contributors),
            contributors_at_least=figure_contributors > 0,
            organisations=sorted(
                {
                    *(c.organisation for c in voices),
                    *(a.organisation for c in scorecard for a in [*c.assessments, *c.dissent]),
                }
            ),
            sources=SOURCES[request.language],
            min_contributors=min_contributors,
            min_sensitive_count=min_sensitive_count,
            as_of=as_of,
        ),
        scorecard=scorecard,
        indicators=indicators,
        landscape=landscape,
        testimonies=voices,
        recommendations=recommendations,
        provenance=provenance,
        authored=words,
        suggestions=suggestions.derive(request.language, request.period, scorecard, landscape.gaps),
    )
    return Gathered(document, sorted(members))


def _meta(
    request: Request,
    country: dict[str, Any],
    coalition: dict[str, Any],
    members: list[str],
    *,
    edition: int,
    as_of: datetime,
) -> doc.Meta:
    return doc.Meta(
        title=report_title(request, country["iso3"], country["name"]),
        template=request.template,
        language=request.language,
        country=doc.CountryPart(
            iso3=country["iso3"],
            name=country["name"],
            region=country.get("region"),
            pathfinder=country.get("pathfinder", False),
            pathfinder_workshop_date=country.get("pathfinder_workshop_date"),
            roadmap_adopted_on=country.get("roadmap_adopted_on"),
        ),
        period=request.period,
        coalition=doc.CoalitionPart(id=coalition["id"], name=coalition["name"]),
        edition=edition,
        as_of=as_of,
        content_hash="",
        members=members,
    )


def content_hash(document: doc.ReportDocument) -> str:
    """sha256 of the inputs: the document without its times, edition, changes and own hash."""
    data = document.model_dump(mode="json")
    outside = ("as_of", "content_hash", "edition", "draft", "published_on")
    data["meta"] = {k: v for k, v in data["meta"].items() if k not in outside}
    data["methodology"].pop("as_of")
    data.pop("changes")
    data.pop("signoff")  # given at publication
    for entry in data["provenance"]:
        entry.pop("as_of")
    for indicator in data["indicators"]:
        for point in [*indicator["series"], indicator["baseline"], indicator["target"]]:
            if point:
                point.pop("as_of")
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
