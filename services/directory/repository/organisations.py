import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models import Coalition, CoalitionAdmin, Organisation


async def get_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    organisation = await session.get(Organisation, organisation_id)
    return organisation if organisation and organisation.deleted_at is None else None


async def organisation_by_name(session: AsyncSession, name: str) -> Organisation | None:
    query = select(Organisation).where(col(Organisation.name) == name, col(Organisation.deleted_at).is_(None))
    return (await session.execute(query)).scalars().first()


async def organisation_by_external_id(session: AsyncSession, external_id: str) -> Organisation | None:
    query = select(Organisation).where(col(Organisation.external_id) == external_id)
    return (await session.execute(query)).scalars().first()


async def get_coalition(session: AsyncSession, coalition_id: uuid.UUID) -> Coalition | None:
    coalition = await session.get(Coalition, coalition_id)
    return coalition if coalition and coalition.deleted_at is None else None


async def get_coalition_admin(
    session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID
) -> CoalitionAdmin | None:
    return await session.get(CoalitionAdmin, (coalition_id, account_id))
