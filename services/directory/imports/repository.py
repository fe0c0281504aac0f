import uuid
from typing import Any

from sqlalchemy import ARRAY, String, any_, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from services.directory.models import SCHEMA
from services.directory.models.imports import ImportRun
from services.directory.models.organisations import Organisation
from services.directory.organisations.profile import STORED
from services.directory.statuses import OrganisationStatus

ORG = Organisation.metadata.tables[f"{SCHEMA}.{Organisation.__tablename__}"]


async def deleted_external_ids(session: AsyncSession, external_ids: list[str]) -> set[str]:
    """Those of `external_ids` that belong to a deleted organisation."""
    if not external_ids:
        return set()
    # One array parameter, however many rows the file has (a bind each would pass asyncpg's limit).
    ids = bindparam("external_ids", external_ids, type_=ARRAY(String))
    query = select(ORG.c.external_id).where(ORG.c.external_id == any_(ids), ORG.c.deleted_at.is_not(None))
    return set((await session.execute(query)).scalars().all())


async def listed_name_holders(session: AsyncSession, skeletons: list[str]) -> list[tuple[str | None, str]]:
    """The listed organisations whose names read as one of `skeletons` (`text.skeleton`): the
    external id of each (None for one registered rather than imported) and its skeleton."""
    if not skeletons:
        return []
    wanted = bindparam("skeletons", skeletons, type_=ARRAY(String))
    query = select(ORG.c.external_id, ORG.c.name_skeleton).where(
        ORG.c.name_skeleton == any_(wanted),
        ORG.c.deleted_at.is_(None),
        ORG.c.status == OrganisationStatus.ACTIVE,
    )
    return [(r.external_id, r.name_skeleton) for r in (await session.execute(query)).all()]


async def upsert(session: AsyncSession, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Insert or update by `external_id`; a row equal to what is stored is left alone (its version
    stays), and so is a deleted organisation (never brought back, with its accounts and keys).
    Returns (created, updated). Rows must have distinct external ids."""
    if not rows:
        return 0, 0
    now = func.now()
    # In external id order, so two imports touching the same organisations lock them in the same
    # order and wait for each other instead of deadlocking (ON CONFLICT already makes the second
    # of two first inserts of an external id an update).
    ordered = sorted(rows, key=lambda r: r["external_id"])
    values = [{"id": uuid.uuid4(), "external_id": r["external_id"], **{c: r[c] for c in STORED}} for r in ordered]
    stmt = insert(ORG).values([{**v, "created_at": now, "updated_at": now, "version": 1} for v in values])
    changed = func.row(*(ORG.c[c] for c in STORED)).is_distinct_from(func.row(*(stmt.excluded[c] for c in STORED)))
    upsert_stmt: ReturningInsert[tuple[bool]] = stmt.on_conflict_do_update(
        index_elements=[ORG.c.external_id],
        set_={
            **{c: stmt.excluded[c] for c in STORED},
            "updated_at": now,
            "version": ORG.c.version + 1,
        },
        where=changed & ORG.c.deleted_at.is_(None),
    ).returning(literal_column("xmax = 0").label("inserted"))
    results = (await session.execute(upsert_stmt)).scalars().all()
    created = sum(1 for inserted in results if inserted)
    return created, len(results) - created


async def get_run(session: AsyncSession, run_id: uuid.UUID, *, lock: bool = False) -> ImportRun | None:
    """The import run; `lock`: for update, by the one that changes it."""
    return await session.get(ImportRun, run_id, with_for_update=lock)
