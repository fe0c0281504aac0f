"""The audit log: every write through a service's unit of work leaves a row (who, what, when,
request id) in that service's own `audit_log` table, in the same transaction as the write.
Platform admins read it at `GET /v1/<service>/audit`."""

import functools
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import BigInteger, Column, DateTime, Insert, String, Table, func, insert, select
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from shared.auth import PLATFORM_ADMIN, access, identity_of
from shared.pagination import Limit, Page
from shared.request_context import request_id_var

_tables: dict[str, Table] = {}


def _columns() -> list[Column[Any]]:
    return [
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("actor_kind", String(16), nullable=False),
        Column("account_id", UUID(as_uuid=True), nullable=True, index=True),
        Column("organisation_id", UUID(as_uuid=True), nullable=True),
        Column("key_id", UUID(as_uuid=True), nullable=True),
        Column("action", String, nullable=False),
        Column("target", JSONB, nullable=False),
        Column("request_id", String(128), nullable=True),
    ]


def audit_table(schema: str) -> Table:
    """The service's audit table, on the models' metadata (defined once per schema)."""
    if schema not in _tables:
        _tables[schema] = Table("audit_log", SQLModel.metadata, *_columns(), schema=schema)
    return _tables[schema]


def create_audit_table(op: Any, schema: str) -> None:
    """For each service's migration: the same table everywhere."""
    op.create_table("audit_log", *_columns(), schema=schema)


async def record_write(session: AsyncSession, table: Table, request: Request) -> None:
    identity = identity_of(request)
    if identity.kind == "service":
        return  # plumbing between services, not a user's write
    route = request.scope.get("route")
    row = {
        "actor_kind": identity.kind,
        "account_id": identity.account_id,
        "organisation_id": identity.organisation_id,
        "key_id": identity.key_id,
        "action": f"{request.method} {getattr(route, 'path', request.url.path)}",
        "target": {k: str(v) for k, v in request.path_params.items()},
        "request_id": request_id_var.get(),
    }
    await session.execute(_insert(table), row)


@functools.cache
def _insert(table: Table) -> Insert:
    """Built once per table: building the statement for each write cost more than running it."""
    return insert(table)


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor_kind: str
    account_id: uuid.UUID | None
    organisation_id: uuid.UUID | None
    key_id: uuid.UUID | None
    action: str
    target: dict[str, str]
    request_id: str | None


def audit_router(service: str, schema: str) -> APIRouter:
    router = APIRouter(prefix=f"/v1/{service}", tags=[f"{service}: audit"])
    table = audit_table(schema)

    @router.get("/audit", response_model=Page[AuditEntry], summary="Audit log of writes", **access(PLATFORM_ADMIN))
    async def list_audit(
        request: Request,
        account_id: uuid.UUID | None = None,
        cursor: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Entries older than this id")] = None,
        limit: Limit = 100,
    ) -> Page[AuditEntry]:
        query = select(table).order_by(table.c.id.desc()).limit(limit + 1)
        if account_id:
            query = query.where(table.c.account_id == account_id)
        if cursor:
            query = query.where(table.c.id < cursor)
        async with request.app.state.sessionmaker() as session:
            rows = (await session.execute(query)).mappings().all()
        entries = [AuditEntry.model_validate(dict(r)) for r in rows[:limit]]
        return Page(items=entries, next_cursor=str(entries[-1].id) if len(rows) > limit else None)

    return router
