"""Report runs and published reports are listed, filtered and paged like every collection."""

import uuid
from datetime import timedelta

from fastapi import FastAPI

from services.reports.models.runs import ReportRun
from shared.db import session_scope, utcnow
from tests.conftest import World
from tests.support.apps import asgi_client


async def seed_runs(world: World, apps: dict[str, FastAPI]) -> dict[str, uuid.UUID]:
    """For `world.coalition`: a published report in Nepal (English) and one in Peru (French), a
    draft in Nepal and a failed run; for the other coalition, a draft."""
    now = utcnow()
    made = {
        "published_npl": dict(country="NPL", language="en", workflow="published", status="done"),
        "published_per": dict(country="PER", language="fr", workflow="published", status="done"),
        "draft_npl": dict(country="NPL", language="en", workflow="draft", status="done"),
        "failed_npl": dict(country="NPL", language="en", workflow="draft", status="failed"),
    }
    ids = {}
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        for n, (name, fields) in enumerate(made.items()):
            ids[name] = uuid.uuid4()
            published = fields["workflow"] == "published"
            session.add(
                ReportRun(
                    id=ids[name],
                    period="2024",
                    coalition_id=world.coalition,
                    template="collective-impact",
                    created_at=now + timedelta(seconds=n),
                    published_at=now + timedelta(seconds=n) if published else None,
                    slug=f"report-{ids[name]}" if published else None,
                    **fields,
                )
            )
        ids["other_draft"] = uuid.uuid4()
        session.add(
            ReportRun(
                id=ids["other_draft"],
                country="NPL",
                period="2024",
                coalition_id=world.other_coalition,
                template="collective-impact",
                language="en",
                status="done",
            )
        )
    return ids


def listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_runs_are_listed_newest_first_with_drafts_only_for_their_coalition(
    world: World, upstreams: dict[str, FastAPI], gateway_app: FastAPI
) -> None:
    ids = await seed_runs(world, upstreams)
    mine = {"coalition": str(world.coalition)}
    async with asgi_client(gateway_app, "http://gateway") as client:
        anonymous = listed(await client.get("/v1/reports/reports", params=mine))
        admin = world.people["coalition_admin"].headers
        as_admin = listed(await client.get("/v1/reports/reports", params=mine, headers=admin))
        member = listed(await client.get("/v1/reports/reports", params=mine, headers=world.people["member_a"].headers))
        outsider = listed(
            await client.get("/v1/reports/reports", params=mine, headers=world.people["member_b"].headers)
        )
        failed = listed(await client.get("/v1/reports/reports", params={**mine, "status": "failed"}, headers=admin))
        peru = listed(await client.get("/v1/reports/reports", params={**mine, "country": "per"}, headers=admin))

    assert anonymous == outsider == [str(ids["published_per"]), str(ids["published_npl"])]
    assert as_admin == member == [str(ids[n]) for n in ("failed_npl", "draft_npl", "published_per", "published_npl")]
    assert failed == [str(ids["failed_npl"])]
    assert peru == [str(ids["published_per"])]


async def test_runs_are_paged_with_a_cursor(world: World, upstreams: dict[str, FastAPI], gateway_app: FastAPI) -> None:
    ids = await seed_runs(world, upstreams)
    params = {"coalition": str(world.coalition), "limit": "3"}
    admin = world.people["coalition_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        first = (await client.get("/v1/reports/reports", params=params, headers=admin)).json()
        second = (
            await client.get("/v1/reports/reports", params={**params, "cursor": first["next_cursor"]}, headers=admin)
        ).json()
        forged = await client.get("/v1/reports/reports", params={**params, "cursor": "bm90LWEtY3Vyc29y"})

    assert len(first["items"]) == 3 and first["next_cursor"]
    assert [i["id"] for i in second["items"]] == [str(ids["published_npl"])] and second["next_cursor"] is None
    assert forged.status_code == 422 and forged.json()["errors"][0]["field"] == "cursor"


async def test_published_reports_are_listed_by_country_period_coalition_and_language(
    world: World, upstreams: dict[str, FastAPI], gateway_app: FastAPI
) -> None:
    ids = await seed_runs(world, upstreams)
    mine = {"coalition": str(world.coalition)}
    async with asgi_client(gateway_app, "http://gateway") as client:
        every = (await client.get("/v1/reports/public", params=mine)).json()
        french = listed(await client.get("/v1/reports/public", params={**mine, "language": "fr"}))
        nepal = listed(await client.get("/v1/reports/public", params={**mine, "country": "NPL", "period": "2024"}))
        other_period = listed(await client.get("/v1/reports/public", params={**mine, "period": "2023"}))
        page = (await client.get(every["items"][0]["public_url"])) if every["items"] else None

    assert [i["id"] for i in every["items"]] == [str(ids["published_per"]), str(ids["published_npl"])]
    assert every["items"][0]["forms"]["pdf"] == f"{every['items'][0]['public_url']}/report.pdf"
    assert french == [str(ids["published_per"])] and nepal == [str(ids["published_npl"])] and other_period == []
    assert page is not None and page.status_code != 404  # the listed page is the published one
