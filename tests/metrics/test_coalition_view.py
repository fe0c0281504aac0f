"""Figures as a coalition sees them together (`coalition=` on aggregates): public values and those
its members share with it, never private ones or another coalition's; asked only by its active
members and platform admins (reports, written to be published, hold public figures only). A figure differs from
the public one only where at least three organisations contribute differently."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from services.directory.coalitions import service as coalitions
from services.directory.models.memberships import CoalitionMember
from shared.db import session_scope
from tests import factories
from tests.conftest import as_anonymous, as_identity, as_service
from tests.support.apps import asgi_client

COUNTRY = "LKA"
PLATFORM_ADMIN = as_identity(factories.account(None, platform_admin=True))


@pytest.fixture(scope="module")
async def shared_figures(directory_app: FastAPI, metrics_app: FastAPI) -> dict[str, Any]:
    async with session_scope(directory_app.state.sessionmaker) as s:
        orgs = [await factories.organisation_in(s, COUNTRY) for _ in range(8)]
        ours = await factories.coalition_in(s, COUNTRY, active=orgs[:6])
        theirs = await factories.coalition_in(s, COUNTRY, active=[orgs[6]])
    code = await factories.adopted(metrics_app, prefix="cv")
    values = [
        (orgs[0], 10, "public", None),
        (orgs[1], 20, "public", None),
        (orgs[2], 30, "public", None),
        (orgs[3], 40, "coalition", ours),
        (orgs[4], 50, "coalition", ours),
        (orgs[5], 60, "coalition", ours),
        (orgs[6], 500, "coalition", theirs),
        (orgs[7], 7000, "private", None),
    ]
    for org, value, visibility, coalition in values:
        await factories.report(
            metrics_app,
            org,
            indicator=code,
            country=COUNTRY,
            period="2024",
            value=value,
            visibility=visibility,
            coalition_id=coalition,
        )
    return {"code": code, "orgs": orgs, "ours": ours}


async def ask(
    app: FastAPI, signer: Any, figures: dict[str, Any], coalition: uuid.UUID | None, period: str = "2024"
) -> httpx.Response:
    params = {"indicator": figures["code"], "country": COUNTRY, "by": "period", "period": period}
    if coalition is not None:
        params["coalition"] = str(coalition)
    async with asgi_client(app, "http://metrics", signer=signer) as client:
        return await client.get("/v1/metrics/aggregates", params=params)


async def test_a_coalition_sees_public_values_and_its_own_members_shared_ones(
    metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    ours = shared_figures["ours"]
    public = await ask(metrics_app, as_anonymous(), shared_figures, None)
    as_coalition = await ask(metrics_app, PLATFORM_ADMIN, shared_figures, ours)

    assert public.status_code == 200 and as_coalition.status_code == 200, as_coalition.text
    [seen] = public.json()["cells"]
    assert abs(int(seen["value"]) - 60) <= 2 + 0.15 * (20 + 30) + 0.5  # each value its own noise
    # 10 + 20 + 30 public, 40 + 50 + 60 shared with this coalition; not 500 (another coalition's),
    # not 7000 (private).
    [together] = as_coalition.json()["cells"]
    assert abs(int(together["value"]) - 210) <= 2 + 0.15 * 200 + 0.5 and together["contributors"] in (5, 6, 7)


async def test_a_coalition_figure_one_member_changes_is_the_public_one(
    metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    orgs, code = shared_figures["orgs"], shared_figures["code"]
    for org, value in zip(orgs[:3], (1, 2, 3), strict=True):
        await factories.report(
            metrics_app, org, indicator=code, country=COUNTRY, period="2023", value=value, visibility="public"
        )
    await factories.report(
        metrics_app, orgs[3], indicator=code, country=COUNTRY, period="2023", value=9, visibility="coalition",
        coalition_id=shared_figures["ours"],
    )  # fmt: skip
    public = await ask(metrics_app, as_anonymous(), shared_figures, None, "2023")
    as_coalition = await ask(metrics_app, PLATFORM_ADMIN, shared_figures, shared_figures["ours"], "2023")

    # The difference would be that one member's value: the coalition sees the public figure.
    assert as_coalition.json()["cells"] == public.json()["cells"]


@pytest.mark.parametrize(
    ("who", "admitted"),
    [
        ("active member", True),
        ("platform admin", True),
        ("reports service", False),  # a report is written to be published
        ("member of another coalition", False),
        ("anonymous", False),
        ("directory service", False),
    ],
)
async def test_only_members_and_platform_admins_ask_for_a_coalition(
    metrics_app: FastAPI, shared_figures: dict[str, Any], who: str, admitted: bool
) -> None:
    orgs = shared_figures["orgs"]
    signer = {
        "active member": as_identity(factories.account(orgs[3])),
        "platform admin": as_identity(factories.account(None, platform_admin=True)),
        "reports service": as_service("reports"),
        "member of another coalition": as_identity(factories.account(orgs[6])),
        "anonymous": as_anonymous(),
        "directory service": as_service("directory"),
    }[who]

    response = await ask(metrics_app, signer, shared_figures, shared_figures["ours"])

    assert response.status_code == (200 if admitted else 403), response.text
    if not admitted:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/metrics/aggregates",
        "/v1/metrics/exports/aggregates.csv",
        "/v1/metrics/exports/aggregates.json",
        "/v1/metrics/exports/aggregates.sdmx.csv",
    ],
)
async def test_every_route_answering_figures_declares_and_holds_the_coalition_rule(
    metrics_app: FastAPI, shared_figures: dict[str, Any], path: str
) -> None:
    operation = metrics_app.openapi()["paths"][path]["get"]
    params = {"indicator": shared_figures["code"], "country": COUNTRY, "by": "period", "period": "2024"}
    outsider = as_identity(factories.account(shared_figures["orgs"][6]))

    async with asgi_client(metrics_app, "http://metrics", signer=outsider) as client:
        public = await client.get(path, params=params)
        refused = await client.get(path, params={**params, "coalition": str(shared_figures["ours"])})

    assert operation["x-access"] == "public_or_coalition_member"
    assert public.status_code == 200, public.text
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == "A coalition's figures are for its active member organisations."


async def test_a_deleted_or_unknown_coalition_has_no_view_and_no_server_error(
    directory_app: FastAPI, metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    member = shared_figures["orgs"][3]
    async with session_scope(directory_app.state.sessionmaker) as s:
        deleted = await factories.coalition_in(s, COUNTRY, active=[member])
        await coalitions.delete_coalition(s, deleted, "*")

    by_member = await ask(metrics_app, as_identity(factories.account(member)), shared_figures, deleted)
    by_platform = await ask(metrics_app, PLATFORM_ADMIN, shared_figures, deleted)
    unknown = await ask(metrics_app, PLATFORM_ADMIN, shared_figures, uuid.uuid4())

    assert by_member.status_code == 403  # its members left it when it was deleted
    assert by_platform.status_code == 422 and unknown.status_code == 422, unknown.text
    assert by_platform.json()["errors"] == [{"field": "coalition", "reason": f"no coalition {deleted}"}]


async def test_a_member_that_left_loses_the_coalition_view_at_its_next_request(
    directory_app: FastAPI, metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        leaver = await factories.organisation_in(s, COUNTRY)
        await factories.membership(s, shared_figures["ours"], leaver, "active")
    signer = as_identity(factories.account(leaver))

    while_member = await ask(metrics_app, signer, shared_figures, shared_figures["ours"])
    async with session_scope(directory_app.state.sessionmaker) as s:
        await s.execute(
            update(CoalitionMember)
            .where(
                col(CoalitionMember.coalition_id) == shared_figures["ours"], col(CoalitionMember.member_id) == leaver
            )
            .values(status="left")
        )
    after_leaving = await ask(metrics_app, signer, shared_figures, shared_figures["ours"])
    exported = await ask_export(metrics_app, signer, shared_figures)

    assert while_member.status_code == 200, while_member.text
    assert after_leaving.status_code == 403 and exported.status_code == 403


async def test_values_shared_by_a_member_that_left_leave_the_coalition_view(
    directory_app: FastAPI, metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    """Three members share values for 2021, enough for the coalition's own figure; one leaves: its
    values reach the coalition no longer, and the two left are too few for a figure (no public
    value was reported there: the public view has no cell, the coalition's a withheld one)."""
    ours = shared_figures["ours"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        sharing = [await factories.organisation_in(s, COUNTRY) for _ in range(3)]
        for org in sharing:
            await factories.membership(s, ours, org, "active")
    for org, value in zip(sharing, (100, 200, 300), strict=True):
        await factories.report(
            metrics_app, org, indicator=shared_figures["code"], country=COUNTRY, period="2021", value=value,
            visibility="coalition", coalition_id=ours,
        )  # fmt: skip
    public = (await ask(metrics_app, as_anonymous(), shared_figures, None, "2021")).json()["cells"]

    before = (await ask(metrics_app, PLATFORM_ADMIN, shared_figures, ours, "2021")).json()["cells"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        await s.execute(
            update(CoalitionMember)
            .where(col(CoalitionMember.coalition_id) == ours, col(CoalitionMember.member_id) == sharing[0])
            .values(status="left")
        )
    after = (await ask(metrics_app, PLATFORM_ADMIN, shared_figures, ours, "2021")).json()["cells"]

    assert public == [] and abs(float(before[0]["value"]) - 600) <= 2 + 0.15 * 600 + 0.5
    assert [(c["value"], c["status"], c["contributors"]) for c in after] == [(None, "C", None)]


async def test_leaving_and_joining_again_gives_a_member_only_the_leavers_value_with_its_own_noise(
    directory_app: FastAPI, metrics_app: FastAPI, shared_figures: dict[str, Any]
) -> None:
    """The attacker is a member reading the view before and after another member leaves, and
    again after it rejoins and leaves as often as it likes: the difference is the leaver's shared
    value with the leaver's own noise (7.5-15 % of it), the same every time, so repeating teaches
    nothing more; the other members' noises cancel because they do not change."""
    ours = shared_figures["ours"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        sharing = [await factories.organisation_in(s, COUNTRY) for _ in range(4)]
        for org in sharing:
            await factories.membership(s, ours, org, "active")
    for org, value in zip(sharing, (100, 200, 300, 1000), strict=True):
        await factories.report(
            metrics_app, org, indicator=shared_figures["code"], country=COUNTRY, period="2020", value=value,
            visibility="coalition", coalition_id=ours,
        )  # fmt: skip
    member = as_identity(factories.account(shared_figures["orgs"][0]))  # an active member of `ours`

    async def seen() -> float:
        [cell] = (await ask(metrics_app, member, shared_figures, ours, "2020")).json()["cells"]
        return float(cell["value"])

    async def leaver(status: str) -> None:
        async with session_scope(directory_app.state.sessionmaker) as s:
            await s.execute(
                update(CoalitionMember)
                .where(col(CoalitionMember.coalition_id) == ours, col(CoalitionMember.member_id) == sharing[3])
                .values(status=status)
            )

    views = []
    for _ in range(3):
        views.append(await seen())
        await leaver("left")
        views.append(await seen())
        await leaver("active")

    with_it, without = set(views[0::2]), set(views[1::2])
    assert len(with_it) == 1 and len(without) == 1  # the same two answers, however often
    [difference] = {a - b for a in with_it for b in without}
    assert 0.075 * 1000 - 1 <= abs(difference - 1000) <= 0.15 * 1000 + 1


async def ask_export(app: FastAPI, signer: Any, figures: dict[str, Any]) -> httpx.Response:
    params = {"indicator": figures["code"], "country": COUNTRY, "by": "period", "coalition": str(figures["ours"])}
    async with asgi_client(app, "http://metrics", signer=signer) as client:
        return await client.get("/v1/metrics/exports/aggregates.csv", params=params)
