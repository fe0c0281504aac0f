"""The Grafana dashboard in deploy/grafana reads only metrics the platform really exposes, and
docs/operations.md describes every one of them."""

import json
import re

from fastapi import FastAPI
from prometheus_client import REGISTRY, generate_latest

from tests.conftest import ROOT
from tests.support.apps import asgi_client

DASHBOARD = ROOT / "deploy" / "grafana" / "coalition-hub.json"
METRIC = re.compile(r"\b((?:hub|http|process)_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=\s*[{\[)])")


def metrics_in_dashboard() -> set[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] if p["type"] != "row" for t in p["targets"]]
    assert exprs
    return {m for expr in exprs for m in METRIC.findall(expr)}


async def test_every_dashboard_metric_is_exposed(directory_app: FastAPI) -> None:
    async with asgi_client(directory_app, "http://d") as client:
        service = (await client.get("/metrics")).text
    worker = generate_latest(REGISTRY).decode()  # the worker serves the same registry on its port
    families = {line.split()[2] for line in (service + worker).splitlines() if line.startswith("# TYPE ")}

    used = metrics_in_dashboard()

    assert {
        "http_requests_total",
        "http_request_duration_seconds",
        "hub_queue_jobs",
        "hub_job_duration_seconds",
    } <= used
    assert used <= families, used - families


def test_every_dashboard_metric_is_documented() -> None:
    documented = (ROOT / "docs" / "operations.md").read_text()

    missing = {m for m in metrics_in_dashboard() if f"`{m}`" not in documented}

    assert not missing, missing
