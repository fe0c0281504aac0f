"""Shadow reports from the demo data: the time of one full report (gathered over HTTP from the
directory and metrics, scorecard, HTML, Markdown, JSON and PDF) against rendering the same
document in process (the baseline), and the throughput of queued reports with one worker and
with two.

    .venv/bin/python bench/reports.py [--country NPL] [--reports 100]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise. Loads the
demo directory and the starter indicators if missing, then gives each of five Pathfinder
Countries what a coalition would enter: five roadmap commitments (one per milestone) linked to
indicators, assessments by three member organisations and the coalition's rating, public
figures from six organisations over six years with targets, and a public testimony. Every
report of the throughput runs is a distinct request (country, period, template, language), so
no run reuses another's forms; the runs of one measurement are deleted before the next."""

import argparse
import asyncio
import itertools
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from html import escape, unescape
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, cpu_seconds, database, serve  # noqa: E402
from hub.infra import Infra  # noqa: E402
from hub.migrate import load_demo, load_starter_indicators  # noqa: E402
from services.directory.demo.generate import generate  # noqa: E402
from services.reports import rendering  # noqa: E402
from services.reports.document import MILESTONES, ReportDocument  # noqa: E402
from services.reports.rendering.pdf import render_pdf  # noqa: E402
from shared.db import asyncpg_dsn  # noqa: E402
from shared.http import IdentitySigner  # noqa: E402
from shared.identity import Identity  # noqa: E402

COUNTRIES = ["NPL", "MDG", "PER", "VNM", "NGA"]
INDICATORS = [
    "people_identified",
    "survivors_assisted",
    "prosecutions_initiated",
    "convictions",
    "workers_trained_on_rights",
]
YEARS = [str(y) for y in range(2019, 2025)]
PERIODS = ["2024", "2023", "2024-Q4", "2024-Q3"]
TEMPLATES = ["accountability-shadow-report", "collective-impact"]
LANGUAGES = ["en", "fr", "es"]
ADMIN = Identity(kind="account", account_id=uuid.uuid5(uuid.NAMESPACE_URL, "bench-admin"), platform_admin=True)


@asynccontextmanager
async def connected(infra: Infra) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(**asyncpg_dsn(infra.database_url))
    try:
        yield connection
    finally:
        await connection.close()


def signed(url: str, identity: Identity) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url, timeout=60, event_hooks={"request": [IdentitySigner(SECRET, identity)]})


def member(org: uuid.UUID) -> Identity:
    return Identity(kind="account", account_id=uuid.uuid5(org, "bench"), organisation_id=org, org_role="admin")


def ok(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


async def load(infra: Infra) -> None:
    async with connected(infra) as connection:
        demo = await connection.fetchval("SELECT count(*) FROM directory.organisations WHERE demo")
    if not demo:
        print("loading the demo directory ...", flush=True)
        await load_demo(infra.database_url, generate(3000, 60))
    await load_starter_indicators(infra.database_url)


async def coalition_of(infra: Infra, country: str) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A demo coalition of the country with at least three active member organisations."""
    async with connected(infra) as connection:
        row = await connection.fetchrow(
            "SELECT c.id, array_agg(m.member_id ORDER BY m.member_id) AS members FROM directory.coalitions c "
            "JOIN directory.coalition_members m ON m.coalition_id = c.id AND m.status = 'active' "
            "AND m.member_kind = 'organisation' WHERE c.country = $1 AND c.demo GROUP BY c.id "
            "HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 1",
            country,
        )
    if row is None:
        raise RuntimeError(f"no demo coalition with three members in {country}")
    return row["id"], list(row["members"])


async def furnish(urls: dict[str, str], country: str, coalition: uuid.UUID, members: list[uuid.UUID]) -> None:
    """What the coalition and its members would have entered for the country (once)."""
    async with signed(urls["reports"], ADMIN) as reports, signed(urls["metrics"], ADMIN) as metrics:
        existing = ok(await reports.get(f"/v1/reports/countries/{country}/commitments"))
        if existing["items"]:
            return
        for code in INDICATORS:
            target = {"baseline_period": "2019", "baseline_value": 100, "target_period": "2030", "target_value": 400}
            ok(await metrics.put(f"/v1/metrics/targets/{code}/{country}", json=target))
        for milestone, code in zip(MILESTONES, INDICATORS, strict=True):
            body = {
                "milestone": milestone,
                "text": f"The government commits to progress on {milestone.replace('_', ' ')} by 2030.",
                "responsible_body": "National committee against trafficking in persons",
                "target_date": "2030-12-31",
                "indicators": [code],
            }
            commitment = ok(await reports.post(f"/v1/reports/countries/{country}/commitments", json=body))
            for org, status in zip(members[:3], ["in_progress", "achieved", "regressed"], strict=False):
                async with signed(urls["reports"], member(org)) as own:
                    assessment = {
                        "status": status,
                        "evidence": "Seen in our casework this year.",
                        "confidence": "medium",
                    }
                    ok(await own.put(f"/v1/reports/commitments/{commitment['id']}/assessments/{org}", json=assessment))
            rating = {"rating": "in_progress", "rationale": "Most members see progress; one sees a setback."}
            ok(await reports.put(f"/v1/reports/commitments/{commitment['id']}/consolidations/{coalition}", json=rating))
    for i, org in enumerate(members[:6]):
        async with signed(urls["metrics"], member(org)) as own, signed(urls["reports"], member(org)) as own_reports:
            for code, year in itertools.product(INDICATORS, YEARS):
                value = 20 + 7 * i + 3 * YEARS.index(year) + INDICATORS.index(code)
                observation = {"indicator": code, "country": country, "period": year, "value": value}
                ok(
                    await own.put(
                        f"/v1/metrics/organisations/{org}/observations", json={**observation, "visibility": "public"}
                    )
                )
            if i == 0:
                quote = {"quote": "Nobody asked us before; now they do.", "context": "A former domestic worker",
                         "country": country, "milestone": "survivors", "consent": "public"}  # fmt: skip
                ok(await own_reports.post(f"/v1/reports/organisations/{org}/testimonies", json=quote))


@contextmanager
def workers(infra: Infra, urls: dict[str, str], count: int, queue: str) -> Iterator[list[int]]:
    env = {
        **os.environ,
        "DATABASE_URL": infra.database_url,
        "REDIS_URL": infra.redis_url,
        "JOB_QUEUE": queue,
        "SECRET_KEY": SECRET,
        "LOG_LEVEL": "WARNING",
        "WORKER_METRICS_PORT": "0",
        "DIRECTORY_URL": urls["directory"],
        "METRICS_URL": urls["metrics"],
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "hub", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(count)
    ]
    try:
        # The workers import and connect before the clock starts, as long-lived workers have.
        time.sleep(8)
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(30)


async def request_all(url: str, bodies: list[dict[str, Any]]) -> list[str]:
    async with signed(url, ADMIN) as reports:
        return [ok(await reports.post("/v1/reports/reports", json=body))["id"] for body in bodies]


async def wait_done(infra: Infra, ids: list[str]) -> float:
    async with connected(infra) as connection:
        while True:
            row = await connection.fetchrow(
                "SELECT count(*) FILTER (WHERE status IN ('done', 'failed')) AS finished, "
                "count(*) FILTER (WHERE status = 'failed') AS failed FROM reports.report_runs WHERE id = ANY($1::uuid[])",
                ids,
            )
            if row["failed"]:
                raise RuntimeError(f"{row['failed']} reports failed")
            if row["finished"] == len(ids):
                return time.perf_counter()
            await asyncio.sleep(0.05)


async def forget(infra: Infra, ids: list[str]) -> None:
    async with connected(infra) as connection:
        await connection.execute("DELETE FROM reports.report_runs WHERE id = ANY($1::uuid[])", ids)


async def document_of(infra: Infra, run_id: str) -> ReportDocument:
    async with connected(infra) as connection:
        raw = await connection.fetchval("SELECT document::text FROM reports.report_runs WHERE id = $1::uuid", run_id)
    return ReportDocument.model_validate_json(raw)


def timed_run(infra: Infra, urls: dict[str, str], bodies: list[dict[str, Any]], count: int, queue: str) -> float:
    with workers(infra, urls, count, queue):
        start = time.perf_counter()
        ids = asyncio.run(request_all(urls["reports"], bodies))
        elapsed = asyncio.run(wait_done(infra, ids)) - start
    asyncio.run(forget(infra, ids))
    return elapsed


def singles(infra: Infra, urls: dict[str, str], queue: str, country: str, coalition: uuid.UUID, count: int) -> None:
    """One full report at a time from one long-lived worker, and the same document rendered in
    process. A new worker's first report also pays for importing WeasyPrint and loading fonts
    and locale data: it is timed apart, not in the median."""
    times, renders, cpu = [], [], []
    with workers(infra, urls, 1, queue) as (worker,):
        for i in range(count + 1):
            body = {
                "country": country,
                "period": YEARS[-1 - i % len(YEARS)],
                "coalition_id": str(coalition),
            }
            start, used = time.perf_counter(), cpu_seconds(worker)
            (run_id,) = asyncio.run(request_all(urls["reports"], [body]))
            times.append(asyncio.run(wait_done(infra, [run_id])) - start)
            cpu.append(cpu_seconds(worker) - used)
            document = asyncio.run(document_of(infra, run_id))
            start = time.perf_counter()
            rendered = rendering.render(document)
            renders.append(time.perf_counter() - start)
            asyncio.run(forget(infra, [run_id]))
    first, times, renders, cpu = times[0], times[1:], renders[1:], cpu[1:]
    print(f"one full report for {country} (gather over HTTP, scorecard, HTML/MD/JSON/PDF, stored):")
    print(f"  median {statistics.median(times) * 1000:,.0f} ms over {count} "
          f"(HTML {len(rendered.html):,} bytes, PDF {len(rendered.pdf):,} bytes)")  # fmt: skip
    print(f"  the worker's CPU time per report: median {statistics.median(cpu) * 1000:,.0f} ms")
    print(f"  a new worker's first report: {first * 1000:,.0f} ms")
    print(f"  baseline, rendering the same document in process: median {statistics.median(renders) * 1000:,.0f} ms")
    print(f"  ratio full report / render alone: {statistics.median(times) / statistics.median(renders):.2f}x",
          flush=True)  # fmt: skip
    plain = floor_html(rendered.html)
    floors = []
    for _ in range(count):
        start = time.perf_counter()
        pdf = render_pdf(plain)
        floors.append(time.perf_counter() - start)
    print(f"  floor, the PDF of the same text as plain paragraphs: median "
          f"{statistics.median(floors) * 1000:,.0f} ms ({len(pdf):,} bytes)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--country", default="NPL", choices=COUNTRIES)
    parser.add_argument("--reports", type=int, default=100, help="queued reports timed (0: none)")
    parser.add_argument("--singles", type=int, default=5, help="full reports timed one at a time")
    args = parser.parse_args()
    queue = f"hub:bench:reports:{uuid.uuid4().hex[:6]}"

    with database() as infra:
        asyncio.run(load(infra))
        with serve(infra, "directory", "metrics", "reports", JOB_QUEUE=queue) as urls:
            coalitions = {}
            for country in COUNTRIES:
                coalition, members = asyncio.run(coalition_of(infra, country))
                asyncio.run(furnish(urls, country, coalition, members))
                coalitions[country] = coalition
            asyncio.run(forget_all(infra))

            singles(infra, urls, queue, args.country, coalitions[args.country], args.singles)
            if not args.reports:
                return

            combos = itertools.product(COUNTRIES, PERIODS, TEMPLATES, LANGUAGES)
            bodies = [
                {"country": c, "period": p, "template": t, "language": lang, "coalition_id": str(coalitions[c])}
                for c, p, t, lang in itertools.islice(combos, args.reports)
            ]
            print(f"{len(bodies)} queued reports (distinct requests, 5 countries, both templates, 3 languages):")
            one = timed_run(infra, urls, bodies, 1, queue)
            print(f"  1 worker:  {one:6.1f} s, {len(bodies) / one:5.2f} reports/s", flush=True)
            two = timed_run(infra, urls, bodies, 2, queue)
            print(f"  2 workers: {two:6.1f} s, {len(bodies) / two:5.2f} reports/s ({one / two:.2f}x one worker)")


def floor_html(html: str) -> str:
    """The report's words as plain paragraphs of about 80 words, in the report's font and size on
    A4: what WeasyPrint costs for that much text with no tables, charts, boxes or page furniture."""
    words = unescape(re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])).split()
    paragraphs = "".join(f"<p>{escape(' '.join(words[i : i + 80]))}</p>" for i in range(0, len(words), 80))
    style = '@page { size: A4; margin: 20mm 16mm; } html { font: 10pt/1.5 "DejaVu Sans", sans-serif; }'
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}</style></head><body>{paragraphs}</body></html>"


async def forget_all(infra: Infra) -> None:
    """Reports left by an earlier run of this benchmark would be reused; start clean."""
    async with connected(infra) as connection:
        await connection.execute("DELETE FROM reports.report_runs WHERE requested_by = $1", ADMIN.account_id)


if __name__ == "__main__":
    main()
