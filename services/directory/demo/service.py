"""Loading the generated demo data set (`hub seed demo`): replaces any earlier demo data, keeps
everything else."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.demo import repository
from services.directory.demo.generate import DemoSet
from services.directory.organisations import profile
from services.directory.text import skeleton


async def load_demo(session: AsyncSession, demo: DemoSet) -> list[uuid.UUID]:
    """Returns the ids of the demo organisations replaced (their figures go too, see hub/migrate.py)."""
    earlier = await repository.delete_demo(session)
    taken = await repository.listed_skeletons(session, [o["name_skeleton"] for o in demo.organisations])
    # In `demo` itself: the demo reports loaded after it name its organisations as the directory does.
    demo.organisations[:] = [_marked(o) if o["name_skeleton"] in taken else o for o in demo.organisations]
    _rename_coalitions(demo.coalitions, await repository.coalition_skeletons(session))
    await repository.copy_demo(session, demo.organisations, demo.coalitions, demo.memberships)
    return earlier


def _marked(organisation: dict[str, Any]) -> dict[str, Any]:
    """A demo organisation whose name reads as a listed one's, named as a demo coalition is, so
    that it never passes for that organisation (its id, and so its figures, stay)."""
    name = f"{organisation['name']} (demo)"
    return {**organisation, "name": name, **profile.derived(name, organisation["acronym"], organisation["description"])}


def _rename_coalitions(coalitions: list[dict[str, Any]], real: set[str]) -> None:
    """A demo coalition whose name reads as an active coalition's (`real`) is numbered instead
    ("… 2 (demo)"), in `coalitions` itself, so that it never passes for that coalition."""
    readings = real | {c["name_skeleton"] for c in coalitions}
    for i, coalition in enumerate(coalitions):
        if coalition["name_skeleton"] not in real:
            continue
        base, number = coalition["name"].removesuffix(" (demo)"), 2
        while skeleton(name := f"{base} {number} (demo)") in readings:
            number += 1
        readings.add(skeleton(name))
        coalitions[i] = {**coalition, "name": name, "name_skeleton": skeleton(name)}
