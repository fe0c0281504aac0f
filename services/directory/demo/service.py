"""Loading the generated demo data set (`hub seed demo`): replaces any earlier demo data, keeps
everything else."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.demo import repository
from services.directory.demo.generate import DemoSet
from services.directory.organisations import profile


async def load_demo(session: AsyncSession, demo: DemoSet) -> list[uuid.UUID]:
    """Returns the ids of the demo organisations replaced (their figures go too, see hub/migrate.py)."""
    earlier = await repository.delete_demo(session)
    taken = await repository.listed_skeletons(session, [o["name_skeleton"] for o in demo.organisations])
    # In `demo` itself: the demo reports loaded after it name its organisations as the directory does.
    demo.organisations[:] = [_marked(o) if o["name_skeleton"] in taken else o for o in demo.organisations]
    await repository.copy_demo(session, demo.organisations, demo.coalitions, demo.memberships)
    return earlier


def _marked(organisation: dict[str, Any]) -> dict[str, Any]:
    """A demo organisation whose name reads as a listed one's, named as a demo coalition is, so
    that it never passes for that organisation (its id, and so its figures, stay)."""
    name = f"{organisation['name']} (demo)"
    return {**organisation, "name": name, **profile.derived(name, organisation["acronym"], organisation["description"])}
