"""Every write route of every service, called through the gateway by each kind of caller:
exactly the callers the route's rule admits succeed; the others get 401 (no valid key), 403, or
404 where they may not know the object exists."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI

from tests.conftest import World, gateway
from tests.directory import test_memberships as memberships
from tests.directory import test_onboarding as onboarding
from tests.metrics import test_translations as translations
from tests.reports import test_accountability as accountability
from tests.reports import test_authoring as authoring
from tests.reports import test_report_runs as report_runs
from tests.reports import test_testimonies as testimonies
from tests.reports import test_webhooks as webhooks
from tests.support.apps import asgi_client, rolled_back

CALLERS = [
    "anonymous",
    "revoked",
    "expired",
    "member_b",
    "other_coalition_admin",
    "member_a",
    "admin_a",
    "coalition_admin",
    "platform_admin",
]
WITHOUT_VALID_KEY = {"anonymous", "revoked", "expired"}
EVERY_ACCOUNT = set(CALLERS) - WITHOUT_VALID_KEY
# Targets are organisation A and `world.coalition`: who each rule admits there.
ADMITTED = {
    "public": EVERY_ACCOUNT | {"anonymous"},
    "authenticated": EVERY_ACCOUNT,
    "org_member": {"member_a", "admin_a", "platform_admin"},
    "org_admin": {"admin_a", "platform_admin"},
    "proposer": {"member_a", "admin_a", "platform_admin"},  # of the indicators organisation A proposed
    "any_org_admin": {"admin_a", "platform_admin"},  # the callers' organisations' admins
    "coalition_admin": {"coalition_admin", "platform_admin"},
    "platform_admin": {"platform_admin"},
    "reviewer": {"platform_admin"},  # and accounts with the reviewer right (none in the world)
    # Object rules, on what the route touches: the report's coalition (`world.coalition`), the
    # commitment's country (Nepal, where both coalitions are active).
    "authoring_coalition_admin": {"coalition_admin", "platform_admin"},
    "coalition_member": {"member_a", "admin_a", "coalition_admin", "platform_admin"},
    "country_coalition_admin": {"coalition_admin", "other_coalition_admin", "platform_admin"},
    "commitment_coalition_admin": {"coalition_admin", "platform_admin"},  # the commitment was entered by it
    "country_coalition_member": {"member_a", "admin_a", "coalition_admin", "other_coalition_admin", "platform_admin"},
    # Survivors' words and sign-offs stay with their organisation: platform admins have no part in them.
    "org_own_member": {"member_a", "admin_a"},
    "org_own_admin": {"admin_a"},
}


@dataclass(frozen=True)
class Call:
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]] | None = None
    headers: dict[str, str] | None = None
    content: bytes | Callable[[World], bytes] | None = None  # a raw body (file uploads), sent with `headers`
    admitted: frozenset[str] | None = None  # narrower than the rule: an object-level check in the service
    # Refused callers who may not even see the object: they get 404, as for an unknown id.
    hidden_from: frozenset[str] = frozenset()
    # Makes what the call acts on (committed data of services whose writes the world does not roll back).
    setup: Callable[[World, dict[str, FastAPI]], Awaitable[None]] | None = None


INDICATOR = {
    "name": "Households reached",
    "definition": "Households reached by prevention work.",
    "method_note": "Count each household once per period.",
    "unit": "households",
    "value_type": "count",
    "aggregation": "sum",
}


WRITES: dict[tuple[str, str], Call] = {
    ("POST", "/v1/directory/organisations"): Call(
        lambda w: "/v1/directory/organisations", lambda w: {"name": "Freedom Network"}
    ),
    ("POST", "/v1/directory/organisations/{org_id}/accounts"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/accounts", lambda w: {"name": "New colleague"}
    ),
    ("PATCH", "/v1/directory/organisations/{org_id}/accounts/{account_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/accounts/{w.people['member_a'].account_id}",
        lambda w: {"org_role": "admin"},
    ),
    # Another admin of A (the revoked key's account): members remove only themselves.
    ("DELETE", "/v1/directory/organisations/{org_id}/accounts/{account_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/accounts/{w.people['revoked'].account_id}",
        admitted=frozenset({"admin_a", "platform_admin"}),
    ),
    ("POST", "/v1/directory/organisations/{org_id}/keys"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/keys",
        lambda w: {"name": "sync", "account_id": str(w.people["member_a"].account_id)},
    ),
    ("DELETE", "/v1/directory/organisations/{org_id}/keys/{key_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/keys/{w.member_a_spare_key}"
    ),
    ("PATCH", "/v1/directory/organisations/{org_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}", lambda w: {"acronym": "OA"}, {"If-Match": "*"}
    ),
    ("DELETE", "/v1/directory/organisations/{org_id}"): Call(lambda w: f"/v1/directory/organisations/{w.org_a}"),
    ("POST", "/v1/directory/coalitions"): Call(
        lambda w: "/v1/directory/coalitions",
        lambda w: {"name": "Global Alliance", "scope": "global"},
    ),
    ("PATCH", "/v1/directory/coalitions/{coalition_id}"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}", lambda w: {"name": "Renamed coalition"}, {"If-Match": "*"}
    ),
    ("DELETE", "/v1/directory/coalitions/{coalition_id}"): Call(lambda w: f"/v1/directory/coalitions/{w.coalition}"),
    # Onboarding: anyone registers; reviewers decide; platform admins name reviewers
    ("POST", "/v1/directory/registrations"): Call(
        lambda w: "/v1/directory/registrations", lambda w: onboarding.registration()
    ),
    ("POST", "/v1/directory/registrations/{org_id}/review"): Call(
        lambda w: f"/v1/directory/registrations/{onboarding.matrix_registration(w)}/review",
        lambda w: {"decision": "approve"},
        setup=onboarding.seed_for_access_matrix,
    ),
    ("PUT", "/v1/directory/reviewers/{account_id}"): Call(
        lambda w: f"/v1/directory/reviewers/{w.people['member_a'].account_id}"
    ),
    ("DELETE", "/v1/directory/reviewers/{account_id}"): Call(
        lambda w: f"/v1/directory/reviewers/{w.people['member_a'].account_id}",
        setup=onboarding.seed_reviewer_for_access_matrix,
    ),
    ("PUT", "/v1/directory/coalitions/{coalition_id}/admins/{account_id}"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/admins/{w.people['member_a'].account_id}"
    ),
    ("DELETE", "/v1/directory/coalitions/{coalition_id}/admins/{account_id}"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/admins/{w.co_admin_account}"
    ),
    ("POST", "/v1/directory/coalitions/{coalition_id}/invitations"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/invitations", lambda w: {"organisation_id": str(w.org_b)}
    ),
    ("POST", "/v1/directory/coalitions/{coalition_id}/members/{member_id}/approve"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/members/{w.org_b}/approve"
    ),
    ("DELETE", "/v1/directory/coalitions/{coalition_id}/members/{member_id}"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/members/{w.org_a}"
    ),
    ("POST", "/v1/directory/coalitions/{coalition_id}/networks"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/networks", lambda w: {"coalition_id": str(w.other_coalition)}
    ),
    # The coalition's own admins; the network's (other_coalition_admin) remove it by its members route.
    ("DELETE", "/v1/directory/coalitions/{coalition_id}/networks/{network_id}"): Call(
        lambda w: f"/v1/directory/coalitions/{w.coalition}/networks/{w.other_coalition}",
        setup=memberships.seed_for_access_matrix,
    ),
    ("POST", "/v1/directory/organisations/{org_id}/memberships"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/memberships",
        lambda w: {"coalition_id": str(w.other_coalition)},
    ),
    ("DELETE", "/v1/directory/organisations/{org_id}/memberships/{coalition_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/memberships/{w.coalition}"
    ),
    ("POST", "/v1/directory/organisations/{org_id}/shared-services"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/shared-services",
        lambda w: {"direction": "need", "service_type": "software", "countries": ["NPL"]},
    ),
    ("DELETE", "/v1/directory/organisations/{org_id}/shared-services/{entry_id}"): Call(
        lambda w: f"/v1/directory/organisations/{w.org_a}/shared-services/{w.shared_service}"
    ),
    ("POST", "/v1/directory/imports"): Call(
        lambda w: "/v1/directory/imports",
        headers={"content-type": "text/csv"},
        content=b"external_id,name,countries\nmatrix-1,Matrix Test Organisation,NPL\n",
    ),
    ("POST", "/v1/metrics/indicators"): Call(
        lambda w: "/v1/metrics/indicators",
        lambda w: {**INDICATOR, "code": f"m_{uuid.uuid4().hex[:10]}"},
    ),
    ("POST", "/v1/metrics/indicators/{code}/versions"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['proposed_by_a']}/versions",
        lambda w: {**INDICATOR, "change_note": "Clearer method."},
    ),
    ("POST", "/v1/metrics/indicators/{code}/review"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['proposed_by_a']}/review",
    ),
    ("POST", "/v1/metrics/indicators/{code}/withdraw-review"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['review_by_a']}/withdraw-review",
    ),
    ("POST", "/v1/metrics/indicators/{code}/adopt"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['under_review']}/adopt"
    ),
    ("POST", "/v1/metrics/indicators/{code}/retire"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['adopted']}/retire"
    ),
    ("PUT", "/v1/metrics/indicators/{code}/versions/{number}/translations/{language}"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['proposed_by_a']}/versions/1/translations/fr",
        lambda w: translations.FRENCH,
    ),
    ("DELETE", "/v1/metrics/indicators/{code}/versions/{number}/translations/{language}"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['proposed_by_a']}/versions/1/translations/fr",
        setup=translations.seed_for_access_matrix,
    ),
    ("PUT", "/v1/metrics/indicators/{code}/endorsements/{org_id}"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['under_review']}/endorsements/{w.org_a}"
    ),
    ("DELETE", "/v1/metrics/indicators/{code}/endorsements/{org_id}"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['adopted']}/endorsements/{w.org_a}"
    ),
    ("POST", "/v1/metrics/indicators/{code}/comments"): Call(
        lambda w: f"/v1/metrics/indicators/{w.indicators['proposed_by_a']}/comments",
        lambda w: {"body": "Count households too?"},
    ),
    ("PUT", "/v1/metrics/organisations/{org_id}/observations"): Call(
        lambda w: f"/v1/metrics/organisations/{w.org_a}/observations",
        lambda w: {"indicator": w.indicators["adopted"], "country": "NPL", "period": "2024", "value": 12},
    ),
    ("POST", "/v1/metrics/organisations/{org_id}/observations/batches"): Call(
        lambda w: f"/v1/metrics/organisations/{w.org_a}/observations/batches",
        headers={"content-type": "text/csv"},
        content=lambda w: f"indicator,country,period,value\n{w.indicators['adopted']},NPL,2023,4\n".encode(),
    ),
    ("PUT", "/v1/metrics/targets/{indicator}/{country}"): Call(
        lambda w: f"/v1/metrics/targets/{w.indicators['adopted']}/NPL",
        lambda w: {"baseline_period": "2020", "baseline_value": 0, "target_period": "2030", "target_value": 100},
    ),
    # Reports: commitments, assessments and testimonies (Nepal, where both coalitions are active)
    ("POST", "/v1/reports/countries/{iso3}/commitments"): Call(
        lambda w: "/v1/reports/countries/NPL/commitments",
        lambda w: {"milestone": "justice", "text": "Amend the labour act.", "responsible_body": "Ministry of Labour"},
    ),
    ("PATCH", "/v1/reports/commitments/{commitment_id}"): Call(
        lambda w: f"/v1/reports/commitments/{accountability.matrix_commitment(w)}",
        lambda w: {"note": "Roadmap 2.3"},
        setup=accountability.seed_for_access_matrix,
    ),
    ("DELETE", "/v1/reports/commitments/{commitment_id}"): Call(
        lambda w: f"/v1/reports/commitments/{accountability.matrix_commitment(w)}",
        setup=accountability.seed_for_access_matrix,
    ),
    ("PUT", "/v1/reports/commitments/{commitment_id}/assessments/{org_id}"): Call(
        lambda w: f"/v1/reports/commitments/{accountability.matrix_commitment(w)}/assessments/{w.org_a}",
        lambda w: {"status": "achieved", "evidence": "The act passed.", "links": ["https://example.org/act"]},
        setup=accountability.seed_for_access_matrix,
    ),
    ("PUT", "/v1/reports/commitments/{commitment_id}/consolidations/{coalition_id}"): Call(
        lambda w: f"/v1/reports/commitments/{accountability.matrix_commitment(w)}/consolidations/{w.coalition}",
        lambda w: {"rating": "in_progress", "rationale": "As our members assess it."},
        setup=accountability.seed_for_access_matrix,
    ),
    ("POST", "/v1/reports/organisations/{org_id}/testimonies"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/testimonies",
        lambda w: {"quote": "They kept our papers.", "country": "NPL", "consent": "public"},
    ),
    ("PUT", "/v1/reports/organisations/{org_id}/testimonies/{testimony_id}/consent"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/testimonies/{testimonies.matrix_testimony(w)}/consent",
        lambda w: {"consent": "internal"},
        setup=testimonies.seed_for_access_matrix,
    ),
    # Reports: report runs, by the authoring coalition's admins
    ("POST", "/v1/reports/reports"): Call(
        lambda w: "/v1/reports/reports",
        lambda w: {
            "country": "NPL",
            "period": "2024",
            "coalition_id": str(w.coalition),
            "template": "collective-impact",
        },
    ),
    ("POST", "/v1/reports/reports/{run_id}/submit"): Call(
        lambda w: f"/v1/reports/reports/{report_runs.matrix_run(w)}/submit",
        hidden_from=frozenset({"member_b", "other_coalition_admin"}),  # a draft; B is not an active member
        setup=report_runs.seed_for_access_matrix,
    ),
    ("POST", "/v1/reports/reports/{run_id}/return"): Call(
        lambda w: f"/v1/reports/reports/{report_runs.matrix_review_run(w)}/return",
        hidden_from=frozenset({"member_b", "other_coalition_admin"}),
        setup=report_runs.seed_review_for_access_matrix,
    ),
    ("POST", "/v1/reports/reports/{run_id}/publish"): Call(
        lambda w: f"/v1/reports/reports/{report_runs.matrix_review_run(w)}/publish",
        hidden_from=frozenset({"member_b", "other_coalition_admin"}),
        setup=report_runs.seed_review_for_access_matrix,
    ),
    # Reports: the coalition's words and sign-off
    ("PUT", "/v1/reports/coalitions/{coalition_id}/contents/{iso3}/{period}/{language}"): Call(
        lambda w: f"/v1/reports/coalitions/{w.coalition}/contents/NPL/2024/en",
        lambda w: {"headline_findings": ["Shelters closed in two provinces."]},
    ),
    ("PUT", "/v1/reports/coalitions/{coalition_id}/signoff-rule"): Call(
        lambda w: f"/v1/reports/coalitions/{w.coalition}/signoff-rule", lambda w: {"quorum": 1}
    ),
    ("PUT", "/v1/reports/reports/{run_id}/signoffs/{org_id}"): Call(
        lambda w: f"/v1/reports/reports/{authoring.matrix_run(w)}/signoffs/{w.org_a}",
        lambda w: {"endorsed": True},
        setup=authoring.seed_for_access_matrix,
    ),
    # Reports: webhooks (organisation A's, seeded with a finished delivery)
    ("POST", "/v1/reports/organisations/{org_id}/webhooks"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/webhooks",
        lambda w: {"url": webhooks.MATRIX_URL, "events": ["report.published"]},
        setup=webhooks.seed_for_access_matrix,
    ),
    ("PATCH", "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/webhooks/{webhooks.matrix_webhook(w)}",
        lambda w: {"description": "Our CMS"},
        setup=webhooks.seed_for_access_matrix,
    ),
    ("DELETE", "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/webhooks/{webhooks.matrix_webhook(w)}",
        setup=webhooks.seed_for_access_matrix,
    ),
    ("POST", "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}/rotate-secret"): Call(
        lambda w: f"/v1/reports/organisations/{w.org_a}/webhooks/{webhooks.matrix_webhook(w)}/rotate-secret",
        setup=webhooks.seed_for_access_matrix,
    ),
    ("POST", "/v1/reports/organisations/{org_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): Call(
        lambda w: (
            f"/v1/reports/organisations/{w.org_a}/webhooks/{webhooks.matrix_webhook(w)}"
            f"/deliveries/{webhooks.matrix_delivery(w)}/redeliver"
        ),
        setup=webhooks.seed_for_access_matrix,
    ),
}


CONDITIONAL = {"PATCH", "DELETE"}


@pytest.fixture
async def world(module_world: World, upstreams: dict[str, FastAPI]) -> AsyncIterator[World]:
    """The module's world (made once: the matrix has hundreds of tests), each test's writes
    rolled back, the seeds of the reports service's objects too."""
    async with (
        rolled_back(upstreams["directory"]),
        rolled_back(upstreams["metrics"]),
        rolled_back(upstreams["reports"]),
    ):
        yield module_world


def write_routes(apps: dict[str, FastAPI]) -> dict[tuple[str, str], str]:
    """(method, path) -> access rule, for every write operation the services document."""
    return {
        (method.upper(), path): operation["x-access"]
        for app in apps.values()
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
    }


def test_the_matrix_covers_every_write_route(upstreams: dict[str, FastAPI]) -> None:
    assert set(write_routes(upstreams)) == set(WRITES)


@pytest.mark.parametrize("route", list(WRITES), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("caller", CALLERS)
async def test_only_admitted_callers_succeed(
    route: tuple[str, str], caller: str, world: World, env: Any, upstreams: dict[str, FastAPI]
) -> None:
    rule = write_routes(upstreams)[route]
    call = WRITES[route]
    headers = {**(call.headers or {}), **({} if caller == "anonymous" else world.people[caller].headers)}
    if route[0] in CONDITIONAL:
        headers.setdefault("If-Match", "*")  # whatever state there is
    if call.setup:
        await call.setup(world, upstreams)
    async with gateway(env, upstreams) as app, asgi_client(app, "http://gateway") as client:
        response = await client.request(
            route[0],
            call.path(world),
            json=call.body(world) if call.body else None,
            content=call.content(world) if callable(call.content) else call.content,
            headers=headers,
        )

    admitted = call.admitted if call.admitted is not None else ADMITTED[rule]
    assert admitted <= ADMITTED[rule]
    if caller in admitted:
        assert response.is_success, f"{caller} should pass {rule}: {response.status_code} {response.text}"
    elif caller in WITHOUT_VALID_KEY:
        assert response.status_code == 401, response.text
    elif caller in call.hidden_from:
        assert response.status_code == 404, f"{caller} must not learn the object exists: {response.status_code}"
    else:
        assert response.status_code == 403, f"{caller} must not pass {rule}: {response.status_code}"


@pytest.mark.parametrize("route", [r for r in WRITES if r[0] in CONDITIONAL], ids=lambda r: f"{r[0]} {r[1]}")
async def test_every_patch_and_delete_needs_the_state_it_changes(
    route: tuple[str, str], world: World, env: Any, upstreams: dict[str, FastAPI]
) -> None:
    """Without If-Match 428, with an ETag that is not the current one 412, even for a caller the
    rule admits; and neither changes anything (the same call with `*` then succeeds)."""
    call = WRITES[route]
    if call.setup:
        await call.setup(world, upstreams)
    admitted = sorted(call.admitted if call.admitted is not None else ADMITTED[write_routes(upstreams)[route]])[0]
    base = {**(call.headers or {}), **world.people[admitted].headers}
    base.pop("If-Match", None)
    async with gateway(env, upstreams) as app, asgi_client(app, "http://gateway") as client:

        async def send(**headers: str) -> Any:
            return await client.request(
                route[0], call.path(world), json=call.body(world) if call.body else None, headers={**base, **headers}
            )

        missing, stale, current = await send(), await send(**{"If-Match": '"stale"'}), await send(**{"If-Match": "*"})

    assert missing.status_code == 428, missing.text
    assert stale.status_code == 412, stale.text
    assert current.is_success, current.text
