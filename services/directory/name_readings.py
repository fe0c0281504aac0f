"""What a name reads as (`text.skeleton`), kept beside organisations' and coalitions' names so
that no name is taken twice in other letters. Rows written before a migration added the column
(or emptied it, when the reading changed) are given theirs after the migrations (`hub migrate`),
by the code that reads names, so that no migration runs a service's code."""

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models import SCHEMA
from services.directory.models.coalitions import Coalition
from services.directory.models.organisations import Organisation
from services.directory.text import skeleton


async def fill(session: AsyncSession, model: type[Organisation] | type[Coalition], batch: int = 1000) -> int:
    """Give the rows of `model` stored without one, deleted or not, what their names read as;
    returns how many were given one. A name all punctuation reads as nothing and is left as it
    is. A derived column: version and times stay."""
    rows = await session.execute(select(col(model.id), col(model.name)).where(col(model.name_skeleton) == ""))
    filled = [{"row_id": row_id, "reading": reading} for row_id, name in rows.all() if (reading := skeleton(name))]
    table = model.metadata.tables[f"{SCHEMA}.{model.__tablename__}"]
    statement = update(table).where(table.c.id == bindparam("row_id")).values(name_skeleton=bindparam("reading"))
    for start in range(0, len(filled), batch):
        await session.execute(statement, filled[start : start + batch])
    return len(filled)
