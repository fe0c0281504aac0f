"""Baselines and targets per country and indicator (set by platform admins), and progress:
where the latest published figure stands between them."""

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import privacy
from services.metrics.aggregates import service as aggregates
from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.clients import DirectoryClient
from services.metrics.models.targets import Target
from services.metrics.targets import repository
from services.metrics.targets.schemas import TargetRead, TargetWrite
from services.metrics.vocabularies import REASONS, IndicatorStatus
from shared import periods
from shared.db import insert_unless_taken
from shared.errors import InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, content_etag


def read(t: Target) -> TargetRead:
    return TargetRead.model_validate({**t.model_dump(), "indicator": t.indicator_code})


def etag(t: Target) -> str:
    return content_etag(read(t))


async def put(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    indicator: str,
    country: str,
    data: TargetWrite,
    if_match: str | None = None,
) -> Target:
    found = await catalogue_repository.get(session, indicator)
    errors = []
    if found is None or found.status != IndicatorStatus.ADOPTED:
        errors.append({"field": "indicator", "reason": "targets are set for adopted indicators"})
    if country not in await directory.country_codes():
        errors.append({"field": "country", "reason": REASONS["country"].format(term=country)})
    if errors:
        raise InvalidInput("The target cannot be set.", errors=errors)
    target = await repository.get(session, indicator, country, for_update=True)
    check_put(if_match, etag(target) if target else None, what="target")
    if target is None:
        target = Target(indicator_code=indicator, country=country, set_by=caller.account_id, **data.model_dump())
        if await insert_unless_taken(session, target):
            return target
        # Another admin's first PUT committed meanwhile: this one replaces it.
        target = await repository.get(session, indicator, country, for_update=True, fresh=True)
        assert target is not None
    for name, value in data.model_dump().items():
        setattr(target, name, value)
    target.set_by = caller.account_id
    await session.flush()
    return target


async def listing(session: AsyncSession, indicator: str | None, country: str | None) -> Sequence[Target]:
    return await repository.listing(session, indicator, country)


async def progress(
    session: AsyncSession,
    directory: DirectoryClient,
    *,
    viewer_org: uuid.UUID | None,
    indicator: str,
    country: str,
    rules: privacy.Rules,
) -> dict[str, Any]:
    target = await repository.get(session, indicator, country)
    if target is None:
        raise NotFound(f"No target for {indicator!r} in {country}.")
    result = await aggregates.aggregate(
        session,
        directory,
        viewer_org=viewer_org,
        indicator=indicator,
        countries=[country],
        regions=[],
        periods=[],
        granularity=periods.granularity(target.baseline_period),
        by=["period"],
        rules=rules,
    )
    published = [c for c in result["cells"] if c["value"] is not None]
    latest = max(published, key=lambda c: periods.bounds(c["period"])[0]) if published else None
    share = None
    if latest is not None and target.target_value != target.baseline_value:
        share = float(
            (Decimal(latest["value"]) - target.baseline_value) / (target.target_value - target.baseline_value) * 100
        )
    return {
        "target": target,
        "series": result["cells"],
        "latest_period": latest["period"] if latest else None,
        "latest_value": Decimal(latest["value"]) if latest else None,
        "progress_percent": round(share, 1) if share is not None else None,
    }
