"""Every write of directory, metrics and reports, reached by the callers its access rule lets
through (an organisation's member, its admin, a coalition's admin) on real objects, with
hostile bodies: one field at a time given a hostile value, the rest valid. Whatever arrives,
the answer is never a 5xx; a refusal is a problem naming the field; a value no field may hold
is never stored; and a refusal changes nothing."""

import asyncio
import contextlib
import json
import os
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, text
from sqlmodel import col

from services.reports.models.runs import ReportRun
from services.reports.models.webhooks import WebhookSubscription
from shared.db import session_scope
from tests import factories
from tests.conftest import Env, World, gateway
from tests.reports.sample_document import sample_document
from tests.support.apps import asgi_client

COUNTRY = "MRT"  # committed reports data: a country no other test file uses
WEBHOOK_URL = "https://93.184.215.14/hooks/coalition-hub"  # an address literal: no DNS needed
SEED = 8_7
# A seeded sample of hostile values for each place (and NUL and a lone surrogate always);
# FUZZ_ALL=1 gives every value to every place, for a run by hand (about two minutes).
ALL = os.environ.get("FUZZ_ALL") == "1"


@dataclass
class Estate:
    """The world, with one real object of each kind a write reaches, and a gateway client."""

    world: World
    client: httpx.AsyncClient
    apps: dict[str, FastAPI]
    ids: dict[str, str] = field(default_factory=dict)

    async def call(self, method: str, path: str, who: str, **kwargs: Any) -> httpx.Response:
        headers = {} if who == "anonymous" else self.world.people[who].headers
        # PATCH and DELETE change whatever is there; on a PUT, `*` would ask for something to replace.
        conditional = {"If-Match": "*"} if method in ("PATCH", "DELETE") else {}
        headers = {**conditional, **headers, **kwargs.pop("headers", {})}
        return await self.client.request(method, path.format(**self.ids), headers=headers, **kwargs)

    async def ok(self, method: str, path: str, who: str, **kwargs: Any) -> dict[str, Any]:
        response = await self.call(method, path, who, **kwargs)
        assert response.status_code in (200, 201, 202), (path, response.text)
        return response.json() if response.content else {}


@pytest.fixture
async def estate(env: Env, upstreams: dict[str, FastAPI], world: World) -> AsyncIterator[Estate]:
    directory_app = upstreams["directory"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(
            s, COUNTRY, active=[world.org_a], pending=[world.org_b], admins=[world.people["coalition_admin"].account_id]
        )
    # Bodies up to a megabyte reach the services; keys checked once, not on every request.
    async with (
        gateway(env, upstreams, max_body_bytes=1_048_576, key_cache_seconds=600) as app,
        asgi_client(app, "http://gateway") as client,
    ):
        estate = Estate(world, client, upstreams)
        estate.ids.update(
            org_id=str(world.org_a),
            org_b=str(world.org_b),
            coalition_id=str(coalition),
            other_coalition=str(world.other_coalition),
            country=COUNTRY,
            member_account=str(world.people["member_a"].account_id),
            co_admin=str(world.co_admin_account),
            key_id=str(world.member_a_spare_key),
            entry_id=str(world.shared_service),
            proposed=world.indicators["proposed_by_a"],
            adopted=world.indicators["adopted"],
        )
        await _furnish(estate, coalition)
        yield estate
    # Its webhooks (and their deliveries) go: no later publication of another test may deliver to them.
    async with session_scope(upstreams["reports"].state.sessionmaker) as session:
        await session.execute(
            delete(WebhookSubscription).where(col(WebhookSubscription.organisation_id) == world.org_a)
        )


async def _furnish(estate: Estate, coalition: uuid.UUID) -> None:
    """A commitment and its assessment, a testimony, a webhook, an observation and a report run
    in review, each made the way its owner makes it."""
    ids = estate.ids
    commitment = await estate.ok(
        "POST", "/v1/reports/countries/{country}/commitments", "coalition_admin",
        json={"milestone": "justice", "text": "Amend the labour act.", "responsible_body": "Ministry of Labour",
              "coalition_id": ids["coalition_id"]},
    )  # fmt: skip
    ids["commitment_id"] = commitment["id"]
    await estate.ok(
        "PUT", "/v1/reports/commitments/{commitment_id}/assessments/{org_id}", "member_a",
        json={"status": "in_progress", "evidence": "A draft bill."},
    )  # fmt: skip
    testimony = await estate.ok(
        "POST", "/v1/reports/organisations/{org_id}/testimonies", "member_a",
        json={"quote": "We were paid nothing.", "country": COUNTRY, "consent": "coalition",
              "coalition_id": ids["coalition_id"]},
    )  # fmt: skip
    ids["testimony_id"] = testimony["id"]
    hook = await estate.ok(
        "POST", "/v1/reports/organisations/{org_id}/webhooks", "admin_a",
        json={"url": WEBHOOK_URL, "events": ["report.published"]},
    )  # fmt: skip
    ids["webhook_id"] = hook["id"]
    observation = await estate.ok(
        "PUT", "/v1/metrics/organisations/{org_id}/observations", "member_a",
        json={"indicator": ids["adopted"], "country": COUNTRY, "period": "2024", "value": 12},
    )  # fmt: skip
    ids["observation_id"] = observation["id"]
    run = ReportRun(
        country=COUNTRY, period="2024", coalition_id=coalition, template="accountability-shadow-report",
        language="en", status="done", stage="done", percent=100, workflow="in_review",
        content_hash=uuid.uuid4().hex, document=sample_document("en", edition=1).model_dump(mode="json"),
        html="<p>draft</p>", gathered_members=[estate.world.org_a],
    )  # fmt: skip
    async with session_scope(estate.apps["reports"].state.sessionmaker) as session:
        session.add(run)
    ids["run_id"] = str(run.id)


# Values no field of any body may hold: refused whatever the field.
NEVER_STORED = ["a\x00b", "\ud800", float("inf"), float("nan")]
HOSTILE: list[Any] = [
    *NEVER_STORED[2:],
    10**400,
    "x" * 20_000,
    "",
    "   ",
    "\u202egnp\u200b",
    "🙂" * 300,
    "not_a_value",
    "0001-01-01",
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    -(10**30),
    -1,
    0,
    2**63,
    None,
    True,
    [],
    {},
    ["dup", "dup"],
    [None],
    {"$gt": ""},
]

# Each write with a body, its path (ids by name, filled from the estate), the caller its access
# rule lets through, and a valid body; fields of the body's schema it leaves out are fuzzed too.
WRITES: list[tuple[str, str, str, Any]] = [
    ("PATCH", "/v1/directory/organisations/{org_id}", "admin_a",
     {"acronym": "ABC", "countries": ["NPL"], "website": "https://example.org", "description": "Kilns."}),
    ("POST", "/v1/directory/coalitions", "admin_a", {"name": "A new coalition", "scope": "national", "country": "NPL"}),
    ("PATCH", "/v1/directory/coalitions/{coalition_id}", "coalition_admin", {"name": "Renamed coalition"}),
    ("POST", "/v1/directory/registrations", "anonymous",
     {"organisation": {"name": "Newcomers"}, "admin": {"name": "First admin", "email": "first@example.org"}}),
    ("POST", "/v1/directory/coalitions/{coalition_id}/invitations", "coalition_admin",
     {"organisation_id": "{org_b}", "role": "member"}),
    ("POST", "/v1/directory/organisations/{org_id}/memberships", "admin_a", {"coalition_id": "{other_coalition}"}),
    ("POST", "/v1/directory/coalitions/{coalition_id}/networks", "coalition_admin",
     {"coalition_id": "{other_coalition}"}),
    ("POST", "/v1/directory/organisations/{org_id}/shared-services", "member_a",
     {"direction": "need", "service_type": "training", "countries": ["NPL"], "description": "Trainers."}),
    ("POST", "/v1/directory/organisations/{org_id}/accounts", "admin_a",
     {"name": "New person", "email": "new@example.org", "org_role": "member"}),
    ("PATCH", "/v1/directory/organisations/{org_id}/accounts/{member_account}", "admin_a", {"name": "Renamed"}),
    ("POST", "/v1/directory/organisations/{org_id}/keys", "member_a",
     {"name": "laptop", "expires_at": "2030-01-01T00:00:00Z"}),
    ("POST", "/v1/metrics/indicators", "member_a",
     {"code": "fuzz_new", "name": "New one", "definition": "People freed.", "method_note": "Count each once.",
      "unit": "people",
      "value_type": "count", "aggregation": "sum", "disaggregations": ["sex"]}),
    ("POST", "/v1/metrics/indicators/{proposed}/versions", "member_a",
     {"name": "New one", "definition": "People freed.", "method_note": "Count each once.", "unit": "people",
      "value_type": "count",
      "aggregation": "sum", "disaggregations": ["sex"], "change_note": "Clearer."}),
    ("PUT", "/v1/metrics/indicators/{proposed}/versions/1/translations/fr", "member_a", {"name": "Nom"}),
    ("POST", "/v1/metrics/indicators/{adopted}/comments", "member_a", {"body": "Count households too."}),
    ("PUT", "/v1/metrics/organisations/{org_id}/observations", "member_a",
     {"indicator": "{adopted}", "country": COUNTRY, "period": "2024-Q2", "value": 7, "disaggregation": {"sex": "female"},
      "visibility": "coalition", "coalition_id": "{coalition_id}"}),
    ("POST", "/v1/metrics/organisations/{org_id}/observations/batches", "member_a",
     [{"indicator": "{adopted}", "country": COUNTRY, "period": "2023", "value": 3}]),
    ("POST", "/v1/reports/countries/{country}/commitments", "coalition_admin",
     {"milestone": "coordination", "text": "A national plan.", "responsible_body": "Cabinet",
      "target_date": "2026-12-31", "indicators": ["{adopted}"], "coalition_id": "{coalition_id}"}),
    ("PATCH", "/v1/reports/commitments/{commitment_id}", "coalition_admin", {"text": "Amend the act.", "note": "n"}),
    ("PUT", "/v1/reports/commitments/{commitment_id}/assessments/{org_id}", "member_a",
     {"status": "achieved", "evidence": "Passed.", "links": ["https://example.org/a"], "confidence": "high"}),
    ("PUT", "/v1/reports/commitments/{commitment_id}/consolidations/{coalition_id}", "coalition_admin",
     {"rating": "in_progress", "rationale": "Debated."}),
    ("POST", "/v1/reports/organisations/{org_id}/testimonies", "member_a",
     {"quote": "We could not leave.", "context": "Kiln", "country": COUNTRY, "milestone": "survivors",
      "consent": "internal"}),
    ("PUT", "/v1/reports/organisations/{org_id}/testimonies/{testimony_id}/consent", "member_a",
     {"consent": "coalition", "coalition_id": "{coalition_id}"}),
    ("POST", "/v1/reports/organisations/{org_id}/webhooks", "admin_a",
     {"url": WEBHOOK_URL, "events": ["report.completed"], "description": "ops"}),
    ("PATCH", "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}", "admin_a", {"description": "d", "active": True}),
    ("PUT", "/v1/reports/coalitions/{coalition_id}/contents/{country}/2024/en", "coalition_admin",
     {"headline_findings": ["Progress is slow."], "context": "Mining.", "limits": "Few data.",
      "recommendations": [{"addressee": "government", "text": "Fund shelters.", "commitments": ["{commitment_id}"]}],
      "prevalence": [{"estimate": "3 per 1,000", "year": "2023", "source": "GSI"}]}),
    ("PUT", "/v1/reports/coalitions/{coalition_id}/signoff-rule", "coalition_admin", {"quorum": 1}),
    ("PUT", "/v1/reports/reports/{run_id}/signoffs/{org_id}", "admin_a", {"endorsed": True, "statement": "Agreed."}),
    ("POST", "/v1/reports/reports", "coalition_admin",
     {"country": COUNTRY, "period": "2023", "coalition_id": "{coalition_id}", "template": "accountability-shadow-report",
      "language": "fr"}),
]  # fmt: skip

SKIPPED_TABLES = {"alembic_version", "audit_log", "idempotency_records"}
TABLES = text(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    " AND table_type = 'BASE TABLE' ORDER BY table_name"
)


async def fingerprint(app: FastAPI) -> dict[str, str]:
    """A digest of every row of each of the service's tables (audit and idempotency records
    aside, and the time a key was last used, which a read moves), in one statement."""
    lock = getattr(app.state, "one_connection", None)
    async with lock or contextlib.nullcontext(), app.state.sessionmaker() as session:
        tables = [t for t in (await session.execute(TABLES)).scalars() if t not in SKIPPED_TABLES]
        digests = " UNION ALL ".join(
            f"SELECT '{t}', md5(coalesce(string_agg((to_jsonb(r) - 'last_used_at')::text, '' ORDER BY"
            f" (to_jsonb(r) - 'last_used_at')::text), '')) FROM {t} r"
            for t in tables
        )
        return {table: digest for table, digest in await session.execute(text(digests))}


def fill(value: Any, ids: dict[str, str]) -> Any:
    """The body with the estate's ids in place of their `{name}`s."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


def leaves(body: Any, properties: list[str], at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in the body a hostile value can go: each field of the schema, each field of
    the valid body's nested objects (a list's first item standing for all)."""
    if isinstance(body, list):
        yield from leaves(body[0], properties, (*at, 0)) if body else ()
        return
    names = list(dict.fromkeys([*body, *properties])) if not at or at == (0,) else list(body)
    for name in names:
        yield (*at, name)
        inner = body.get(name)
        if isinstance(inner, dict) and inner or isinstance(inner, list) and inner and isinstance(inner[0], dict):
            yield from leaves(inner, [], (*at, name))


def mutated(body: Any, place: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(body))
    node = copy
    for step in place[:-1]:
        node = node[step]
    node[place[-1]] = value
    return copy


def encoded(body: Any) -> bytes:
    """JSON as an attacker writes it: huge integers, NaN and lone surrogates included."""
    return json.dumps(body, ensure_ascii=True, allow_nan=True).encode()


def body_properties(document: dict[str, Any], method: str, path: str) -> list[str]:
    operation = document["paths"][path][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    schema = schema.get("items", schema)
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def template(path: str, document: dict[str, Any]) -> str:
    """The document's path the filled path stands for."""
    parts = path.split("/")
    for candidate in document["paths"]:
        theirs = candidate.split("/")
        if len(theirs) == len(parts) and all(
            a == b or b.startswith("{") or a.startswith("{") for a, b in zip(parts, theirs, strict=True)
        ):
            return candidate
    raise AssertionError(path)


async def test_hostile_bodies_from_the_callers_the_rules_let_through(estate: Estate) -> None:
    document = (await estate.client.get("/openapi.json")).json()
    failures: list[str] = []
    written = refused = 0  # answers that changed something, and refusals
    sample = random.Random(SEED)
    for method, path, who, valid in WRITES:
        app = estate.apps[path.split("/")[2]]
        before = await fingerprint(app)
        body = fill(valid, estate.ids)
        for place in leaves(body, body_properties(document, method, template(path, document))):
            for value in [*HOSTILE, *NEVER_STORED[:2]] if ALL else [*sample.sample(HOSTILE, 4), *NEVER_STORED[:2]]:
                response = await estate.call(
                    method, path, who, content=encoded(mutated(body, place, value)),
                    headers={"content-type": "application/json"},
                )  # fmt: skip
                after = await fingerprint(app)
                changed = sorted(t for t in after if after[t] != before.get(t))
                where = f"{method} {path} as {who}, {'.'.join(map(str, place))}={str(value)[:40]!r}"
                failures += judge(response, place, value, changed, where)
                written += bool(changed) and response.is_success
                refused += response.is_client_error
                before = after

    assert not failures, "\n".join(failures)
    assert written > 30 and refused > 500  # the values reach both sides, and the digests see writes


def judge(response: httpx.Response, place: tuple[Any, ...], value: Any, changed: list[str], where: str) -> list[str]:
    status = response.status_code
    if status >= 500:
        return [f"{where} -> {status} {response.text[:200]}"]
    if status < 400:
        if any(value is bad or value == bad for bad in NEVER_STORED if isinstance(bad, type(value))):
            return [f"{where} -> {status}: stored a value no field may hold"]
        return []
    problems = []
    if response.headers.get("content-type") != "application/problem+json":
        problems.append(f"{where} -> {status} as {response.headers.get('content-type')}")
    if changed:
        problems.append(f"{where} -> {status} yet changed {changed}")
    if status == 422:
        fields = [str(e.get("field")) for e in response.json().get("errors") or []]
        named = str(place[-1]) if not isinstance(place[-1], int) else str(place[-2])
        if not any(named in f or f in ("body", "") for f in fields):
            problems.append(f"{where} -> 422 naming {fields} {response.json().get('detail', '')[:100]}")
    return problems


def refused(response: httpx.Response, *statuses: int) -> bool:
    """The answer is one of `statuses`, as a problem."""
    return response.status_code in statuses and response.headers["content-type"] == "application/problem+json"


async def test_workflow_steps_out_of_order_are_refused(estate: Estate) -> None:
    run = "/v1/reports/reports/{run_id}"
    signoff = run + "/signoffs/{org_id}"
    draft_run = ReportRun(
        country=COUNTRY, period="2022", coalition_id=uuid.UUID(estate.ids["coalition_id"]),
        template="accountability-shadow-report", language="en", status="running", stage="gathering", percent=10,
    )  # fmt: skip
    async with session_scope(estate.apps["reports"].state.sessionmaker) as session:
        session.add(draft_run)
    running = f"/v1/reports/reports/{draft_run.id}"

    early_publish = await estate.call("POST", f"{running}/publish", "coalition_admin")
    early_submit = await estate.call("POST", f"{running}/submit", "coalition_admin")
    early_signoff = await estate.call("PUT", f"{running}/signoffs/{{org_id}}", "admin_a", json={"endorsed": True})
    again = await estate.call("POST", f"{run}/submit", "coalition_admin")  # already in review
    first = await estate.call("PUT", signoff, "admin_a", json={"endorsed": True})
    twice = await estate.call("PUT", signoff, "admin_a", json={"endorsed": True})
    returned = await estate.call("POST", f"{run}/return", "coalition_admin")
    returned_twice = await estate.call("POST", f"{run}/return", "coalition_admin")
    late_signoff = await estate.call("PUT", signoff, "admin_a", json={"endorsed": True})
    draft_publish = await estate.call("POST", f"{run}/publish", "coalition_admin")

    assert refused(early_publish, 409) and refused(early_submit, 409) and refused(early_signoff, 409)
    assert refused(again, 409)
    assert first.status_code in (200, 201) and twice.status_code == 200
    assert returned.status_code == 200 and refused(returned_twice, 409)
    assert refused(late_signoff, 409) and refused(draft_publish, 409)


# First writes of one natural key, sent at the same moment: one row, and no 5xx.
FIRST_WRITES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("PUT", "/v1/reports/coalitions/{coalition_id}/contents/{country}/2023/fr", "coalition_admin",
     {"headline_findings": ["Lent."], "limits": "Peu."}),
    ("PUT", "/v1/reports/coalitions/{coalition_id}/signoff-rule", "coalition_admin", {"quorum": 1}),
    ("PUT", "/v1/reports/commitments/{commitment_id}/consolidations/{coalition_id}", "coalition_admin",
     {"rating": "achieved", "rationale": "Passed in May."}),
    ("PUT", "/v1/reports/reports/{run_id}/signoffs/{org_id}", "admin_a", {"endorsed": True}),
    ("PUT", "/v1/metrics/indicators/{proposed}/versions/1/translations/es", "member_a", {"name": "Nombre"}),
]  # fmt: skip


@pytest.mark.parametrize("write", FIRST_WRITES, ids=lambda w: w[1].rsplit("/", 2)[-2])
async def test_the_same_first_write_twice_at_once(estate: Estate, write: tuple[str, str, str, Any]) -> None:
    method, path, who, body = write
    answers = await asyncio.gather(*(estate.call(method, path, who, json=body) for _ in range(2)))

    assert sorted(a.status_code for a in answers) in ([200, 201], [200, 200]), [a.text for a in answers]


async def test_a_create_twice_at_once_with_one_idempotency_key_makes_one(estate: Estate) -> None:
    path = "/v1/reports/organisations/{org_id}/testimonies"
    body = {"quote": "They kept our papers.", "country": COUNTRY, "consent": "internal"}
    key = {"Idempotency-Key": uuid.uuid4().hex}

    keyed = await asyncio.gather(*(estate.call("POST", path, "member_a", json=body, headers=key) for _ in range(2)))
    unkeyed = await asyncio.gather(*(estate.call("POST", path, "member_a", json=body) for _ in range(2)))
    listed = (await estate.call("GET", path + "?limit=500", "member_a")).json()["items"]

    ids = {a.json()["id"] for a in keyed if a.status_code == 201}
    assert len(ids) == 1 and all(a.status_code in (201, 409) for a in keyed), [a.text for a in keyed]
    assert [a.status_code for a in unkeyed] == [201, 201]
    assert sum(t["quote"] == body["quote"] for t in listed) == 3


async def test_writes_on_what_was_just_deleted_left_or_revoked(estate: Estate) -> None:
    commitment, hook = (
        "/v1/reports/commitments/{commitment_id}",
        "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}",
    )
    key, membership = (
        "/v1/directory/organisations/{org_id}/keys/{key_id}",
        "/v1/directory/organisations/{org_id}/memberships/{coalition_id}",
    )

    assert (await estate.call("DELETE", commitment, "coalition_admin")).status_code == 204
    assert (await estate.call("DELETE", hook, "admin_a")).status_code == 204
    assert (await estate.call("DELETE", key, "member_a")).status_code == 204
    assert (await estate.call("DELETE", membership, "admin_a")).status_code == 200  # it answers the left membership
    after = [
        await estate.call("DELETE", commitment, "coalition_admin"),
        await estate.call("PATCH", commitment, "coalition_admin", json={"text": "Back again."}),
        await estate.call("PUT", commitment + "/assessments/{org_id}", "member_a", json={"status": "achieved", "evidence": "The act passed."}),
        await estate.call("PUT", commitment + "/consolidations/{coalition_id}", "coalition_admin", json={"rating": "achieved", "rationale": "It passed in May."}),
        await estate.call("DELETE", hook, "admin_a"),
        await estate.call("PATCH", hook, "admin_a", json={"active": False}),
        await estate.call("POST", hook + "/rotate-secret", "admin_a"),
        await estate.call("DELETE", membership, "admin_a"),
        await estate.call("POST", "/v1/directory/coalitions/{coalition_id}/members/{org_id}/approve", "coalition_admin"),
        await estate.call("PUT", "/v1/reports/reports/{run_id}/signoffs/{org_id}", "admin_a", json={"endorsed": True}),
    ]  # fmt: skip

    again = await estate.call("DELETE", key, "member_a")  # revoking stays done, and its time stays

    # The run is the coalition's: an organisation that left no longer sees it.
    assert [a.status_code for a in after] == [404] * 8 + [409, 404], "\n".join(a.text[:300] for a in after)
    assert all(a.headers["content-type"] == "application/problem+json" for a in after)
    assert again.status_code == 204


PATCH_NULLS: list[tuple[str, str, dict[str, Any]]] = [
    ("/v1/directory/organisations/{org_id}", "admin_a", {"name": None, "countries": None, "kind": None}),
    ("/v1/directory/coalitions/{coalition_id}", "coalition_admin", {"name": None, "scope": None}),
    ("/v1/directory/organisations/{org_id}/accounts/{member_account}", "admin_a", {"name": None, "org_role": None}),
    ("/v1/reports/commitments/{commitment_id}", "coalition_admin",
     {"milestone": None, "text": None, "responsible_body": None, "indicators": None, "note": None}),
    ("/v1/reports/organisations/{org_id}/webhooks/{webhook_id}", "admin_a",
     {"url": None, "events": None, "description": None, "active": None}),
]  # fmt: skip


@pytest.mark.parametrize("patch", PATCH_NULLS, ids=lambda p: p[0].rsplit("/", 2)[-2])
async def test_a_patch_of_nulls_never_empties_a_required_field(estate: Estate, patch: tuple[str, str, Any]) -> None:
    path, who, nulls = patch
    before = await _read(estate, path)
    answer = await estate.call("PATCH", path, who, json=nulls)
    after = await _read(estate, path)

    assert answer.status_code in (200, 422), answer.text
    assert all(after.get(name) is not None for name in nulls if before.get(name) is not None), (before, after)


async def _read(estate: Estate, path: str) -> dict[str, Any]:
    if "/accounts/" in path:  # no GET of one account: its organisation's list
        listed = (await estate.call("GET", path.rsplit("/", 1)[0] + "?limit=500", "admin_a")).json()["items"]
        return next(a for a in listed if a["id"] == estate.ids["member_account"])
    return (await estate.call("GET", path, "admin_a")).json()


async def test_a_deleted_coalition_takes_no_more_writes(
    estate: Estate, env: Env, upstreams: dict[str, FastAPI]
) -> None:
    """Nothing is written for a coalition once it is deleted: not by its admins, not by its
    former members in its name (the gateway here remembers no key, so rights end at once)."""
    coalition = "/v1/directory/coalitions/{coalition_id}"
    writes: list[tuple[str, str, str, Any]] = [
        ("PUT", "/v1/reports/coalitions/{coalition_id}/contents/{country}/2024/en", "coalition_admin",
         {"limits": "Few data."}),
        ("PUT", "/v1/reports/coalitions/{coalition_id}/signoff-rule", "coalition_admin", {"quorum": 1}),
        ("PATCH", "/v1/reports/commitments/{commitment_id}", "coalition_admin", {"note": "Still ours."}),
        ("POST", coalition + "/members/{org_b}/approve", "coalition_admin", None),
        ("PUT", "/v1/metrics/organisations/{org_id}/observations", "member_a",
         {"indicator": "{adopted}", "country": COUNTRY, "period": "2021", "value": 5, "visibility": "coalition",
          "coalition_id": "{coalition_id}"}),
        ("POST", "/v1/reports/organisations/{org_id}/testimonies", "member_a",
         {"quote": "They kept our papers.", "country": COUNTRY, "consent": "coalition", "coalition_id": "{coalition_id}"}),
        ("PUT", "/v1/reports/reports/{run_id}/signoffs/{org_id}", "admin_a", {"endorsed": True}),
    ]  # fmt: skip
    async with gateway(env, upstreams) as app, asgi_client(app, "http://gateway") as client:
        fresh = Estate(estate.world, client, estate.apps, estate.ids)
        assert (await fresh.call("DELETE", coalition, "coalition_admin")).status_code == 204
        before = {name: await fingerprint(app) for name, app in estate.apps.items()}
        answers = [
            await fresh.call(method, path, who, **({"json": fill(body, estate.ids)} if body else {}))
            for method, path, who, body in writes
        ]
        after = {name: await fingerprint(app) for name, app in estate.apps.items()}

    assert [a.status_code for a in answers] == [403, 403, 403, 403, 422, 422, 404], [a.text for a in answers]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    assert after == before


# Reads with query parameters, by a caller who may read them, each with the parameters it needs.
READS: list[tuple[str, str, str, list[str]]] = [
    ("/v1/directory/organisations/{org_id}/matches", "member_a", "", ["limit", "cursor", "country", "form", "coalition"]),
    ("/v1/directory/coalitions/{coalition_id}/members", "coalition_admin", "", ["status", "cursor", "limit"]),
    ("/v1/directory/organisations/{org_id}/accounts", "admin_a", "", ["cursor", "limit"]),
    ("/v1/directory/organisations/{org_id}/keys", "member_a", "", ["cursor", "limit"]),
    ("/v1/metrics/organisations/{org_id}/observations", "member_a", "", ["indicator", "country", "cursor", "limit"]),
    ("/v1/metrics/organisations/{org_id}/observations/{observation_id}/history", "member_a", "", ["cursor", "limit"]),
    ("/v1/metrics/aggregates", "member_a", "indicator={adopted}", ["country", "region", "period", "granularity", "by", "coalition"]),
    ("/v1/metrics/deserts", "member_a", "indicator={adopted}&region=Asia", ["period", "granularity", "max_organisations"]),
    ("/v1/reports/commitments/{commitment_id}/assessments", "member_a", "", ["cursor", "limit"]),
    ("/v1/reports/organisations/{org_id}/testimonies", "member_a", "", ["cursor", "limit"]),
    ("/v1/reports/organisations/{org_id}/webhooks/{webhook_id}/deliveries", "admin_a", "", ["status", "cursor", "limit"]),
    ("/v1/reports/reports", "coalition_admin", "", ["coalition", "country", "status", "cursor", "limit"]),
]  # fmt: skip
QUERY_VALUES = ["", "%00", "x" * 3000, "-1", "2147483648", "1e999", "NaN", "%ED%A0%80", "sex,sex", "{coalition_id}"]


async def test_hostile_query_parameters_on_real_objects(estate: Estate) -> None:
    sample, failures = random.Random(SEED), []
    for path, who, needed, names in READS:
        for name in names:
            for value in sample.sample(QUERY_VALUES, 3):
                query = "&".join(filter(None, [needed, f"{name}={value}"])).format(**estate.ids)
                response = await estate.call("GET", f"{path}?{query}", who)
                failures += judge(response, ("query", name), value, [], f"GET {path}?{query[:80]} as {who}")

    assert not failures, "\n".join(failures)
