"""Directory data for tests, written through the directory's own service functions."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.accounts import service as accounts
from services.directory.accounts.schemas import AccountCreate, ApiKeyCreate
from services.directory.coalitions import service as coalitions
from services.directory.coalitions.schemas import CoalitionCreate
from services.directory.models.accounts import ApiKey
from services.directory.models.memberships import CoalitionMember
from services.directory.models.shared_services import SharedService
from services.directory.organisations import service as organisations
from services.directory.organisations.schemas import OrganisationCreate
from services.metrics.catalogue import service as catalogue
from services.metrics.catalogue.schemas import IndicatorCreate
from services.metrics.observations import service as observations
from services.metrics.observations.schemas import ObservationWrite
from shared.db import session_scope, utcnow
from shared.identity import Identity, fingerprint, new_key


async def organisation(session: AsyncSession, name: str | None = None) -> uuid.UUID:
    org = await organisations.create_organisation(
        session, OrganisationCreate(name=name or f"Org {uuid.uuid4().hex[:6]}")
    )
    return org.id


async def coalition(session: AsyncSession, name: str | None = None) -> uuid.UUID:
    created = await coalitions.create_coalition(
        session, CoalitionCreate(name=name or f"Coalition {uuid.uuid4().hex[:6]}", scope="national", country="NPL")
    )
    return created.id


@dataclass
class Principal:
    """An account with a working (or deliberately broken) API key."""

    name: str
    account_id: uuid.UUID
    organisation_id: uuid.UUID
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def principal(
    session: AsyncSession,
    name: str,
    organisation_id: uuid.UUID,
    *,
    role: str = "member",
    platform_admin: bool = False,
    admin_of: list[uuid.UUID] = (),  # type: ignore[assignment]
    key_state: str = "active",  # active | revoked | expired
) -> Principal:
    account = await accounts.create_account(
        session,
        organisation_id,
        AccountCreate(name=name, org_role=role),
        platform_admin=platform_admin,  # type: ignore[arg-type]
    )
    for coalition_id in admin_of:
        await coalitions.grant_coalition_admin(session, coalition_id, account.id)
    if key_state == "expired":
        key, prefix = new_key()
        session.add(
            ApiKey(
                account_id=account.id,
                prefix=prefix,
                key_hash=fingerprint(key),
                name="old",
                expires_at=utcnow() - timedelta(seconds=1),
            )
        )
        await session.flush()
    else:
        caller = Identity(kind="account", account_id=account.id, organisation_id=organisation_id, org_role=role)  # type: ignore[arg-type]
        api_key, key = await accounts.create_key(session, caller, organisation_id, ApiKeyCreate(name=f"{name} key"))
        if key_state == "revoked":
            await accounts.revoke_key(session, caller, organisation_id, api_key.id)
    return Principal(name, account.id, organisation_id, key)


def account(org: uuid.UUID | None, role: Literal["member", "admin"] = "member", **extra: Any) -> Identity:
    """A signed-in account of `org` as the gateway would assert it, without any directory row."""
    return Identity(kind="account", account_id=uuid.uuid4(), organisation_id=org, org_role=role, **extra)


async def extra_key(session: AsyncSession, person: Principal) -> uuid.UUID:
    caller = Identity(kind="account", account_id=person.account_id, organisation_id=person.organisation_id)
    api_key, _ = await accounts.create_key(session, caller, person.organisation_id, ApiKeyCreate(name="spare"))
    return api_key.id


async def membership(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID, status: str, kind: str = "organisation"
) -> None:
    session.add(CoalitionMember(coalition_id=coalition_id, member_id=member_id, member_kind=kind, status=status))
    await session.flush()


async def shared_service(session: AsyncSession, organisation_id: uuid.UUID) -> uuid.UUID:
    entry = SharedService(organisation_id=organisation_id, direction="offer", service_type="accounting")
    session.add(entry)
    await session.flush()
    return entry.id


def indicator_data(code: str, **overrides: object) -> IndicatorCreate:
    fields: dict[str, object] = {
        "code": code,
        "name": f"Indicator {code}",
        "definition": "People identified during the period.",
        "method_note": "Count each person once per period.",
        "unit": "people",
        "value_type": "count",
        "aggregation": "sum",
        "disaggregations": ["sex", "age_group"],
    }
    return IndicatorCreate.model_validate({**fields, **overrides})


async def adopted(app: FastAPI, prefix: str = "agg", **overrides: Any) -> str:
    """A new indicator, proposed by a platform admin and adopted; its code."""
    code = f"{prefix}_{uuid.uuid4().hex[:10]}"
    async with session_scope(app.state.sessionmaker) as session:
        indicator = await catalogue.propose(
            session, Identity(kind="account", platform_admin=True), indicator_data(code, **overrides)
        )
        indicator.status = "adopted"
    return code


async def report(app: FastAPI, org: uuid.UUID, **fields: Any) -> None:
    """One observation of `org`, written through the metrics service (`app`) as that organisation."""
    async with session_scope(app.state.sessionmaker) as session:
        await observations.upsert(
            session, app.state.directory, Identity(kind="account", organisation_id=org), org, ObservationWrite(**fields)
        )


async def indicators(session: AsyncSession, proposer: Principal) -> dict[str, str]:
    """One indicator in each state the access rules care about; codes are unique per call."""
    tag = uuid.uuid4().hex[:8]
    a = Identity(kind="account", account_id=proposer.account_id, organisation_id=proposer.organisation_id)
    platform = Identity(kind="account", platform_admin=True)
    codes = {}
    for name, status, by in (
        ("proposed_by_a", "proposed", a),
        ("review_by_a", "under_review", a),
        ("under_review", "under_review", platform),
        ("adopted", "adopted", platform),
    ):
        code = f"w_{name}_{tag}"
        created = await catalogue.propose(session, by, indicator_data(code))
        created.status = status
        codes[name] = code
    await catalogue.endorse(session, codes["adopted"], proposer.organisation_id)
    await session.flush()
    return codes


async def organisation_in(session: AsyncSession, country: str) -> uuid.UUID:
    org = await organisations.create_organisation(
        session, OrganisationCreate(name=f"Org {uuid.uuid4().hex[:6]}", countries=[country])
    )
    return org.id


async def coalition_in(
    session: AsyncSession,
    country: str,
    *,
    active: list[uuid.UUID] = (),  # type: ignore[assignment]
    pending: list[uuid.UUID] = (),  # type: ignore[assignment]
    admins: list[uuid.UUID] = (),  # type: ignore[assignment]
) -> uuid.UUID:
    """A national coalition of `country` (so active there), with its member organisations and
    admin accounts."""
    created = await coalitions.create_coalition(
        session, CoalitionCreate(name=f"Coalition {uuid.uuid4().hex[:6]}", scope="national", country=country)
    )
    for member in active:
        await membership(session, created.id, member, "active")
    for member in pending:
        await membership(session, created.id, member, "pending")
    for account_id in admins:
        await coalitions.grant_coalition_admin(session, created.id, account_id)
    return created.id
