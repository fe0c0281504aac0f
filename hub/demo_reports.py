"""Demo shadow reports for `hub seed demo`: for three Pathfinder Countries with a national demo
coalition, what the coalition and its members would enter (a commitment per milestone linked to a
starter indicator, members' assessments and the coalition's ratings, a public testimony, the
coalition's findings, recommendations, context and limits), then a report generated through the
real services, in process (figures through the metrics API and its disclosure control), signed
off by a member and published. Every record is synthetic and marked as demo (created by the demo
account, texts saying so); loading again replaces the earlier demo reports and nothing else."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.directory.demo.generate import DemoSet
from services.directory.seed import PATHFINDERS
from services.metrics.app import create_app as create_metrics
from services.metrics.clients import DirectoryClient as MetricsDirectory
from services.metrics.config import MetricsSettings
from services.reports.app import create_app as create_reports
from services.reports.clients import DirectoryClient
from services.reports.config import ReportsSettings
from services.reports.document import MILESTONES, SignOff
from services.reports.models.accountability import Assessment, Commitment, Consolidation
from services.reports.models.authoring import ReportContent
from services.reports.models.runs import ReportRun
from services.reports.models.signoff import Endorsement
from services.reports.models.testimonies import Testimony
from services.reports.runs import service as runs
from services.reports.signoff import service as signoffs
from shared.app import running
from shared.db import UnitOfWork, session_scope
from shared.http import IdentitySigner, in_process_client

DEMO_ACCOUNT = uuid.uuid5(uuid.NAMESPACE_URL, "coalition-hub:demo-reports")
MARK = "Demo data (synthetic)."
INDICATORS = ["people_identified", "prosecutions_initiated", "survivors_assisted", "workers_trained_on_rights",
              "convictions"]  # fmt: skip
STATUSES = ["in_progress", "regressed", "achieved", "not_started", "in_progress"]


@dataclass(frozen=True)
class Pick:
    country: str
    coalition: uuid.UUID
    members: list[tuple[uuid.UUID, str]]  # active member organisations, by name


def picks(demo: DemoSet, count: int = 3) -> list[Pick]:
    """National demo coalitions of Pathfinder Countries with at least two active members."""
    names = {o["id"]: o["name"] for o in demo.organisations}
    found: list[Pick] = []
    for coalition in sorted(demo.coalitions, key=lambda c: (c["country"] or "", str(c["id"]))):
        if coalition["country"] not in PATHFINDERS or any(p.country == coalition["country"] for p in found):
            continue
        members = sorted(
            (m["member_id"], names[m["member_id"]]) for m in demo.memberships
            if m["coalition_id"] == coalition["id"] and m["status"] == "active" and m["member_kind"] == "organisation"
        )  # fmt: skip
        if len(members) >= 2:
            found.append(Pick(coalition["country"], coalition["id"], members))
    return found[:count]


async def _forget(session) -> None:
    """The earlier demo reports and what they were made of."""
    commitments = select(col(Commitment.id)).where(col(Commitment.created_by) == DEMO_ACCOUNT)
    await session.execute(delete(Assessment).where(col(Assessment.commitment_id).in_(commitments)))
    await session.execute(delete(Consolidation).where(col(Consolidation.commitment_id).in_(commitments)))
    await session.execute(delete(Commitment).where(col(Commitment.created_by) == DEMO_ACCOUNT))
    await session.execute(delete(Testimony).where(col(Testimony.created_by) == DEMO_ACCOUNT))
    await session.execute(delete(ReportContent).where(col(ReportContent.created_by) == DEMO_ACCOUNT))
    await session.execute(delete(ReportRun).where(col(ReportRun.requested_by) == DEMO_ACCOUNT))


async def _furnish(session, pick: Pick) -> list[uuid.UUID]:
    commitments = [
        Commitment(
            country=pick.country, milestone=milestone, indicators=[code], created_by=DEMO_ACCOUNT, note=MARK,
            coalition_id=pick.coalition,
            text=f"Demo commitment on {milestone.replace('_', ' ')}: a measurable step the roadmap names.",
            responsible_body="Demo ministry", target_date=date(2024, 6, 30),
        )
        for milestone, code in zip(MILESTONES, INDICATORS, strict=True)
    ]  # fmt: skip
    session.add_all(commitments)
    await session.flush()  # before what refers to them
    commitment_ids = [c.id for c in commitments]
    for commitment, status in zip(commitments, STATUSES, strict=True):
        for n, (org, _) in enumerate(pick.members[:3]):
            session.add(
                Assessment(
                    commitment_id=commitment.id, organisation_id=org, confidence="medium", updated_by=DEMO_ACCOUNT,
                    status=status if n == 0 else STATUSES[(STATUSES.index(status) + n) % len(STATUSES)],
                    evidence=f"{MARK} What this member observed, with its sources.",
                )
            )  # fmt: skip
        session.add(
            Consolidation(commitment_id=commitment.id, coalition_id=pick.coalition, rating=status,
                          rationale=f"{MARK} The coalition's reading of its members' assessments.",
                          updated_by=DEMO_ACCOUNT)
        )  # fmt: skip
    org, name = pick.members[0]
    session.add(
        Testimony(organisation_id=org, organisation_name=name, country=pick.country, milestone="survivors",
                  quote="A synthetic quotation for the demo: no survivor said these words.",
                  context=MARK, consent="public", created_by=DEMO_ACCOUNT)
    )  # fmt: skip
    session.add(
        ReportContent(
            coalition_id=pick.coalition, country=pick.country, period="2024", language="en", version=1,
            headline_findings=[f"{MARK} One regressed commitment outweighs one achieved.",
                               f"{MARK} Survivor services reach fewer districts than promised."],
            recommendations=[
                {"addressee": "government", "text": f"{MARK} Restore the budget line of the regressed commitment.",
                 "commitments": [str(commitment_ids[1])]},
                {"addressee": "business", "text": f"{MARK} Publish supplier audits.", "commitments": []},
                {"addressee": "alliance", "text": f"{MARK} Fund survivor-led organisations.", "commitments": []},
            ],
            context=f"{MARK} Where the country stands, written by the coalition.",
            prevalence=[{"estimate": "demo estimate", "year": "2023", "source": f"{MARK} No real source."}],
            limits=f"{MARK} Figures come from the coalition's members only.", created_by=DEMO_ACCOUNT,
        )
    )  # fmt: skip
    return commitment_ids


async def load_demo_reports(database_url: str, demo: DemoSet, countries: int = 3) -> list[str]:
    """Returns the public addresses of the published demo reports."""
    reports_settings = ReportsSettings(database_url=database_url)
    apps = (create_directory(DirectorySettings(database_url=database_url)),
            create_metrics(MetricsSettings(database_url=database_url)), create_reports(reports_settings))  # fmt: skip
    signer = IdentitySigner.for_service(reports_settings.secret_key.get_secret_value(), "reports")
    published = []
    async with running(apps[0]) as directory_app, running(apps[1]) as metrics_app, running(apps[2]) as reports_app:
        peers = {"directory": in_process_client(directory_app, "http://directory", peer="directory", signer=signer),
                 "metrics": in_process_client(metrics_app, "http://metrics", peer="metrics", signer=signer)}  # fmt: skip
        # The metrics service asks the directory too: in process as well.
        metrics_settings = metrics_app.state.settings
        metrics_signer = IdentitySigner.for_service(metrics_settings.secret_key.get_secret_value(), "metrics")
        await metrics_app.state.clients["directory"].aclose()
        metrics_app.state.clients["directory"] = in_process_client(
            directory_app, "http://directory", peer="directory", signer=metrics_signer
        )
        metrics_app.state.directory = MetricsDirectory(
            metrics_app.state.clients["directory"], coverage_seconds=metrics_settings.coverage_cache_seconds
        )
        sessionmaker = reports_app.state.sessionmaker
        async with session_scope(sessionmaker) as session:
            await _forget(session)
        for pick in picks(demo, countries):
            run = ReportRun(country=pick.country, period="2024", coalition_id=pick.coalition,
                            template="accountability-shadow-report", language="en", requested_by=DEMO_ACCOUNT)  # fmt: skip
            async with session_scope(sessionmaker) as session:
                await _furnish(session, pick)
                session.add(run)
            await runs.generate(
                sessionmaker, peers, reports_app.state.jobs, reports_app.state.artifacts, run.id,
                min_contributors=reports_settings.min_contributors,
                min_sensitive_count=reports_settings.min_sensitive_count, heartbeat_seconds=30,
            )  # fmt: skip
            published.append(await _publish(reports_app, peers, pick, run.id))
        for client in peers.values():
            await client.aclose()
    return published


async def _publish(reports_app, peers, pick: Pick, run_id: uuid.UUID) -> str:
    """In review, endorsed by the first member, published: the same steps as through the API."""
    org, name = pick.members[0]
    directory = DirectoryClient(peers["directory"])

    async def signoff_of(session: AsyncSession, run: ReportRun) -> SignOff:
        return await signoffs.for_publication(session, directory, run)

    for action in ("submit", "publish"):
        async with session_scope(reports_app.state.sessionmaker) as session:
            if action == "publish":
                session.add(Endorsement(run_id=run_id, organisation_id=org, organisation_name=name, endorsed=True,
                                        statement="", signed_by=DEMO_ACCOUNT))  # fmt: skip
                await session.flush()
            uow = UnitOfWork(session)
            state = reports_app.state
            run = await runs.move(uow, state.jobs, state.artifacts, signoff_of, run_id, action)
            slug = run.slug
    return f"/v1/reports/public/{slug}"
