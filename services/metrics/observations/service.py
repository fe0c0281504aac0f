"""Observations: values organisations report against adopted indicators. Re-reporting the same
natural key (indicator, organisation, country, subdivision, period, disaggregation) makes a new
revision when anything changed, and every revision is kept with who and when."""

import re
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import vocabularies
from services.metrics.catalogue import repository as catalogue_repository
from services.metrics.clients import DirectoryClient
from services.metrics.models.catalogue import IndicatorVersion
from services.metrics.models.observations import Observation, ObservationRevision
from services.metrics.observations import repository
from services.metrics.observations.schemas import ObservationRead, ObservationWrite
from services.metrics.rollups import repository as rollups
from services.metrics.vocabularies import LARGEST, REASONS, SUBDIVISION, Aggregation, IndicatorStatus, ValueType
from shared import periods
from shared.db import insert_unless_taken
from shared.errors import InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, content_etag
from shared.request_context import request_id_var


def disaggregation_key(disaggregation: dict[str, str]) -> str:
    """A canonical text form of a breakdown, for the natural key: 'age_group=child;sex=female'."""
    return ";".join(f"{k}={disaggregation[k]}" for k in sorted(disaggregation))


def _value_reason(content: IndicatorVersion, value: Decimal) -> str | None:
    if not value.is_finite() or abs(value) > LARGEST:
        return REASONS["magnitude"]
    if content.value_type == ValueType.COUNT and (value < 0 or value != value.to_integral_value()):
        return REASONS["count"].format(unit=content.unit)
    if content.value_type == ValueType.PERCENTAGE and not Decimal(0) <= value <= Decimal(100):
        return REASONS["percentage"]
    if content.value_type == ValueType.RATIO and value < 0:
        return REASONS["ratio"]
    return None


def _weight_reason(content: IndicatorVersion, weight: Decimal | None) -> str | None:
    """A weighted mean needs a positive weight; any other aggregation takes none (one would be
    stored and never used, a negative one too, and the sender left believing it counted)."""
    if weight is not None and (not weight.is_finite() or abs(weight) > LARGEST):
        return REASONS["magnitude"]
    if content.aggregation == Aggregation.WEIGHTED_MEAN and (weight is None or weight <= 0):
        return REASONS["weight"]
    if content.aggregation != Aggregation.WEIGHTED_MEAN and weight is not None:
        return REASONS["unweighted"].format(aggregation=content.aggregation)
    return None


def _period_reason(period: str) -> str | None:
    first, last = vocabularies.observation_years()
    if not first <= periods.bounds(period)[0].year <= last:
        return REASONS["years"].format(first=first, last=last)
    return None


def check_value(content: IndicatorVersion, data: ObservationWrite) -> list[dict[str, str]]:
    """What is wrong with a value for this version of its indicator (empty when nothing)."""
    reasons = {
        "value": _value_reason(content, data.value),
        "weight": _weight_reason(content, data.weight),
        "period": _period_reason(data.period),
    }
    errors = [{"field": field, "reason": reason} for field, reason in reasons.items() if reason]
    for key, term in data.disaggregation.items():
        if key not in content.disaggregations:
            allowed = ", ".join(content.disaggregations) or "none"
            errors.append({"field": f"disaggregation.{key}", "reason": REASONS["breakdown"].format(allowed=allowed)})
        elif term not in vocabularies.DISAGGREGATIONS[key]:
            errors.append({"field": f"disaggregation.{key}", "reason": REASONS["term"].format(term=term)})
    return errors


async def _adopted_version(session: AsyncSession, code: str) -> IndicatorVersion:
    """The current version of an adopted indicator; InvalidInput for any other."""
    found = await catalogue_repository.with_current_version(session, code)
    if found is None or found[0].status != IndicatorStatus.ADOPTED:
        reason = (
            "unknown indicator"
            if found is None
            else f"the indicator is {found[0].status.replace('_', ' ')}, not adopted"
        )
        raise InvalidInput(
            "Observations are reported against adopted indicators.", errors=[{"field": "indicator", "reason": reason}]
        )
    return found[1]


def _subdivision_reason(data: ObservationWrite, alpha2: dict[str, str]) -> str | None:
    """What is wrong with the subdivision, given the known countries' alpha-2 codes."""
    if not data.subdivision:
        return None
    if not re.fullmatch(SUBDIVISION, data.subdivision):
        return REASONS["subdivision"]
    prefix = alpha2.get(data.country)
    if prefix is not None and not data.subdivision.startswith(f"{prefix}-"):
        return REASONS["subdivision_country"].format(term=data.subdivision, country=data.country, prefix=prefix)
    return None


async def _check(
    directory: DirectoryClient, organisation_id: uuid.UUID, content: IndicatorVersion, data: ObservationWrite
) -> None:
    errors = check_value(content, data)
    alpha2 = await directory.country_alpha2()
    if data.country not in alpha2:
        errors.append({"field": "country", "reason": REASONS["country"].format(term=data.country)})
    if reason := _subdivision_reason(data, alpha2):
        errors.append({"field": "subdivision", "reason": reason})
    if data.coalition_id is not None and data.coalition_id not in await directory.active_coalitions(organisation_id):
        errors.append({"field": "coalition_id", "reason": REASONS["coalition"]})
    if errors:
        raise InvalidInput("The observation is not valid.", errors=errors)


def _reported(content: IndicatorVersion, data: ObservationWrite) -> dict[str, Any]:
    """What a report sets of an observation (the rest is its natural key)."""
    return {
        "indicator_version": content.version,
        "value": data.value,
        "weight": data.weight,
        "method_note": data.method_note,
        "source": data.source,
        "visibility": data.visibility,
        "coalition_id": data.coalition_id,
        "status": data.status,
    }


async def _stored(
    session: AsyncSession, code: str, organisation_id: uuid.UUID, data: ObservationWrite
) -> Observation | None:
    return await repository.by_natural_key(
        session,
        indicator=code,
        organisation_id=organisation_id,
        country=data.country,
        subdivision=data.subdivision,
        period=data.period,
        disaggregation_key=disaggregation_key(data.disaggregation),
    )


def read(o: Observation) -> ObservationRead:
    return ObservationRead.model_validate({**o.model_dump(), "indicator": o.indicator_code})


def etag(o: Observation) -> str:
    return content_etag(read(o))


async def upsert(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    organisation_id: uuid.UUID,
    data: ObservationWrite,
    if_match: str | None = None,
) -> tuple[Observation, str]:
    """Store a value; returns the observation and 'created', 'updated' or 'unchanged'."""
    await directory.require_organisation(organisation_id, caller)
    content = await _adopted_version(session, data.indicator)
    await _check(directory, organisation_id, content, data)
    values = _reported(content, data)
    observation = await _stored(session, content.code, organisation_id, data)
    check_put(if_match, etag(observation) if observation else None, what="observation")
    if observation is None:
        start, end = periods.bounds(data.period)
        observation = Observation(
            indicator_code=content.code,
            organisation_id=organisation_id,
            country=data.country,
            subdivision=data.subdivision,
            period=data.period,
            period_start=start,
            period_end=end,
            disaggregation=data.disaggregation,
            disaggregation_key=disaggregation_key(data.disaggregation),
            updated_by=caller.account_id,
            request_id=request_id_var.get(),
            **values,
        )
        if await insert_unless_taken(session, observation):
            await rollups.mark(session, [(content.code, data.period, data.country)])
            return observation, "created"
        # Another first report of this key committed meanwhile: this one revises it.
        observation = await _stored(session, content.code, organisation_id, data)
        assert observation is not None
    if not await _revise(session, observation, values, caller):
        return observation, "unchanged"
    await rollups.mark(session, [(content.code, data.period, data.country)])
    return observation, "updated"


async def _revise(session: AsyncSession, observation: Observation, values: dict[str, Any], caller: Identity) -> bool:
    """Give the observation these values as a new revision, keeping the state it replaces;
    False (nothing written) when it has them already."""
    if all(_same(getattr(observation, name), value) for name, value in values.items()):
        return False
    session.add(ObservationRevision.state_of(observation))  # the state this update replaces
    for name, value in values.items():
        setattr(observation, name, value)
    observation.revision += 1
    observation.updated_by, observation.request_id = caller.account_id, request_id_var.get()
    await session.flush()
    return True


Number = Decimal | int | str  # what a stored or reported number may be


def _same(stored: object, new: object) -> bool:
    if isinstance(stored, Decimal) or isinstance(new, Decimal):
        return stored is not None and new is not None and Decimal(cast(Number, stored)) == Decimal(cast(Number, new))
    return stored == new


async def of_organisation(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    *,
    indicator: str | None,
    country: str | None,
    cursor: uuid.UUID | None,
    limit: int,
) -> tuple[Sequence[Observation], str | None]:
    rows = await repository.of_organisation(
        session, organisation_id, indicator=indicator, country=country, after=cursor, limit=limit + 1
    )
    return rows[:limit], str(rows[limit - 1].id) if len(rows) > limit else None


async def get(session: AsyncSession, organisation_id: uuid.UUID, observation_id: uuid.UUID) -> Observation:
    observation = await repository.get(session, observation_id)
    if observation is None or observation.organisation_id != organisation_id:
        raise NotFound(f"No observation {observation_id} of organisation {organisation_id}.")
    return observation


async def history(
    session: AsyncSession, organisation_id: uuid.UUID, observation_id: uuid.UUID
) -> Sequence[ObservationRevision]:
    observation = await get(session, organisation_id, observation_id)
    return [*await repository.history(session, observation_id), ObservationRevision.state_of(observation)]
