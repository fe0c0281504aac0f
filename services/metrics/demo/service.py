"""Loading the demo figures (`hub seed demo`, see demo/generate.py): earlier demo
observations and targets are replaced, nothing else is touched.

- Demo observations are those with source "demo" of a demo organisation: both are needed, so a
  real organisation's values are never removed, whatever their source says. Their roll-up keys
  are marked as changed, like any write's.
- Observations go in through bulk ingest (`batches.apply_file`: staging, set-based checks, one
  apply statement that also marks the roll-ups), one file per organisation.
- Demo targets are those whose note starts "[Demo data]"; a target set by a platform admin for
  the same indicator and country is kept, and the demo's is left out."""

import json
import uuid
from collections.abc import Collection, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.batches import service as batches
from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.catalogue import service as catalogue
from services.metrics.catalogue.seed import starter_indicators
from services.metrics.clients import DirectoryClient
from services.metrics.demo import generate as demo
from services.metrics.demo import repository
from services.metrics.rollups import repository as rollups
from services.metrics.targets import repository as targets_repository
from services.metrics.targets import service as targets
from services.metrics.targets.schemas import TargetWrite
from shared.identity import Identity
from shared.request_context import request_id_var

PLATFORM = Identity(kind="account", platform_admin=True)


async def adopted_indicators(session: AsyncSession, codes: Iterable[str]) -> list[demo.Indicator]:
    """The current versions of those of `codes` that are adopted."""
    versions = await catalogue_repository.adopted_versions(session, codes)
    return [demo.Indicator(v.code, v.value_type, v.aggregation, tuple(v.disaggregations)) for v in versions]


async def remove(session: AsyncSession, organisations: Collection[uuid.UUID]) -> int:
    """Remove the demo observations of these (demo) organisations, and every demo target."""
    removed = await repository.remove_observations(session, demo.SOURCE, list(organisations))
    await rollups.mark(session, removed)
    await repository.remove_targets(session, demo.MARK)
    return len(removed)


async def load(
    session: AsyncSession,
    directory: DirectoryClient,
    reporters: Collection[demo.Reporter],
    pathfinders: Iterable[str],
    *,
    earlier: Iterable[uuid.UUID] = (),
) -> tuple[int, int]:
    """Load the figures of the demo organisations `reporters` (loading the starter indicators
    first when they are missing), replacing the demo figures of these and of the `earlier` demo
    organisations. `directory` must know the reporters' active coalitions. Returns how many
    observations and targets were loaded."""
    await catalogue.load_starter(session, starter_indicators())
    indicators = await adopted_indicators(session, demo.PROFILES)
    figures = demo.generate(reporters, indicators, pathfinders)
    await remove(session, {*earlier, *(r.id for r in reporters)})

    token = request_id_var.set(f"hub-seed-demo-{uuid.uuid4().hex[:12]}")  # in each observation's history
    try:
        for organisation_id, rows in figures.observations.items():
            await batches.apply_file(session, directory, organisation_id, "json", json.dumps(rows).encode())
    finally:
        request_id_var.reset(token)

    kept = await targets_repository.keys(session)
    loaded = 0
    for indicator, country, body in figures.targets:
        if (indicator, country) not in kept:  # a target a platform admin set stays
            await targets.put(session, directory, PLATFORM, indicator, country, TargetWrite.model_validate(body))
            loaded += 1
    return figures.count(), loaded
