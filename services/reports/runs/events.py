"""What a report event's webhook carries: the run's public facts, never its content."""

from typing import Any

from services.reports.models.runs import ReportRun


def payload(run: ReportRun) -> dict[str, Any]:
    return {
        "run_id": str(run.id),
        "country": run.country,
        "period": run.period,
        "template": run.template,
        "language": run.language,
        "edition": run.edition,
        "status": run.status,
        "workflow": run.workflow,
        "public_url": f"/v1/reports/public/{run.slug}" if run.slug else None,
        "needs_regeneration": run.needs_regeneration,
        "regeneration_reason": run.regeneration_reason,
    }
