from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.observation_read_disaggregation import ObservationReadDisaggregation


T = TypeVar("T", bound="ObservationRead")


@_attrs_define
class ObservationRead:
    """
    Attributes:
        id (UUID):
        indicator (str):
        indicator_version (int):
        organisation_id (UUID):
        country (str):
        subdivision (str):
        period (str):
        period_start (datetime.date):
        period_end (datetime.date):
        disaggregation (ObservationReadDisaggregation):
        value (str):
        weight (None | str):
        method_note (str):
        source (str):
        visibility (str):
        coalition_id (None | UUID):
        status (str):
        revision (int):
        updated_at (datetime.datetime):
    """

    id: UUID
    indicator: str
    indicator_version: int
    organisation_id: UUID
    country: str
    subdivision: str
    period: str
    period_start: datetime.date
    period_end: datetime.date
    disaggregation: ObservationReadDisaggregation
    value: str
    weight: None | str
    method_note: str
    source: str
    visibility: str
    coalition_id: None | UUID
    status: str
    revision: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        indicator = self.indicator

        indicator_version = self.indicator_version

        organisation_id = str(self.organisation_id)

        country = self.country

        subdivision = self.subdivision

        period = self.period

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        disaggregation = self.disaggregation.to_dict()

        value = self.value

        weight: None | str
        weight = self.weight

        method_note = self.method_note

        source = self.source

        visibility = self.visibility

        coalition_id: None | str
        if isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        status = self.status

        revision = self.revision

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "indicator": indicator,
                "indicator_version": indicator_version,
                "organisation_id": organisation_id,
                "country": country,
                "subdivision": subdivision,
                "period": period,
                "period_start": period_start,
                "period_end": period_end,
                "disaggregation": disaggregation,
                "value": value,
                "weight": weight,
                "method_note": method_note,
                "source": source,
                "visibility": visibility,
                "coalition_id": coalition_id,
                "status": status,
                "revision": revision,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.observation_read_disaggregation import ObservationReadDisaggregation  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        indicator = d.pop("indicator")

        indicator_version = d.pop("indicator_version")

        organisation_id = UUID(d.pop("organisation_id"))

        country = d.pop("country")

        subdivision = d.pop("subdivision")

        period = d.pop("period")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        disaggregation = ObservationReadDisaggregation.from_dict(d.pop("disaggregation"))

        value = d.pop("value")

        def _parse_weight(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        weight = _parse_weight(d.pop("weight"))

        method_note = d.pop("method_note")

        source = d.pop("source")

        visibility = d.pop("visibility")

        def _parse_coalition_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coalition_id_type_0 = UUID(data)

                return coalition_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        coalition_id = _parse_coalition_id(d.pop("coalition_id"))

        status = d.pop("status")

        revision = d.pop("revision")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        observation_read = cls(
            id=id,
            indicator=indicator,
            indicator_version=indicator_version,
            organisation_id=organisation_id,
            country=country,
            subdivision=subdivision,
            period=period,
            period_start=period_start,
            period_end=period_end,
            disaggregation=disaggregation,
            value=value,
            weight=weight,
            method_note=method_note,
            source=source,
            visibility=visibility,
            coalition_id=coalition_id,
            status=status,
            revision=revision,
            updated_at=updated_at,
        )

        observation_read.additional_properties = d
        return observation_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
