from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.submit_batch_json_observation_write_status import SubmitBatchJsonObservationWriteStatus
from ..models.submit_batch_json_observation_write_visibility import SubmitBatchJsonObservationWriteVisibility
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.submit_batch_json_observation_write_disaggregation import (
        SubmitBatchJsonObservationWriteDisaggregation,
    )


T = TypeVar("T", bound="SubmitBatchJsonObservationWrite")


@_attrs_define
class SubmitBatchJsonObservationWrite:
    """One value, identified by indicator, country, subdivision, period and disaggregation
    (the reporting organisation is in the path).

        Attributes:
            indicator (str):
            country (str): ISO 3166-1 alpha-3
            period (str): 2024, 2024-Q2 or 2024-05, starting in a year from 2000 to next year
            value (float | str): A JSON number, or text in the digits 0-9 with an optional sign, decimal point and exponent
                (1200, -3.5, 2.5e3)
            subdivision (str | Unset): Optional: an ISO 3166-2 code of the country's subdivisions (KE-30 for a value of KEN)
                Default: ''.
            disaggregation (SubmitBatchJsonObservationWriteDisaggregation | Unset):
            weight (float | None | str | Unset): Only for an indicator aggregated by weighted_mean, and there required and
                above 0: what the value stands for (e.g. the people a percentage was measured over). A JSON number, or text in
                the digits 0-9 with an optional sign, decimal point and exponent.
            method_note (str | Unset):  Default: ''.
            source (str | Unset):  Default: ''.
            visibility (SubmitBatchJsonObservationWriteVisibility | Unset):  Default:
                SubmitBatchJsonObservationWriteVisibility.PRIVATE.
            coalition_id (None | Unset | UUID): With visibility 'coalition'
            status (SubmitBatchJsonObservationWriteStatus | Unset):  Default:
                SubmitBatchJsonObservationWriteStatus.PROVISIONAL.
    """

    indicator: str
    country: str
    period: str
    value: float | str
    subdivision: str | Unset = ""
    disaggregation: SubmitBatchJsonObservationWriteDisaggregation | Unset = UNSET
    weight: float | None | str | Unset = UNSET
    method_note: str | Unset = ""
    source: str | Unset = ""
    visibility: SubmitBatchJsonObservationWriteVisibility | Unset = SubmitBatchJsonObservationWriteVisibility.PRIVATE
    coalition_id: None | Unset | UUID = UNSET
    status: SubmitBatchJsonObservationWriteStatus | Unset = SubmitBatchJsonObservationWriteStatus.PROVISIONAL

    def to_dict(self) -> dict[str, Any]:
        indicator = self.indicator

        country = self.country

        period = self.period

        value: float | str
        value = self.value

        subdivision = self.subdivision

        disaggregation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.disaggregation, Unset):
            disaggregation = self.disaggregation.to_dict()

        weight: float | None | str | Unset
        if isinstance(self.weight, Unset):
            weight = UNSET
        else:
            weight = self.weight

        method_note = self.method_note

        source = self.source

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value

        coalition_id: None | str | Unset
        if isinstance(self.coalition_id, Unset):
            coalition_id = UNSET
        elif isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "indicator": indicator,
                "country": country,
                "period": period,
                "value": value,
            }
        )
        if subdivision is not UNSET:
            field_dict["subdivision"] = subdivision
        if disaggregation is not UNSET:
            field_dict["disaggregation"] = disaggregation
        if weight is not UNSET:
            field_dict["weight"] = weight
        if method_note is not UNSET:
            field_dict["method_note"] = method_note
        if source is not UNSET:
            field_dict["source"] = source
        if visibility is not UNSET:
            field_dict["visibility"] = visibility
        if coalition_id is not UNSET:
            field_dict["coalition_id"] = coalition_id
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.submit_batch_json_observation_write_disaggregation import (
            SubmitBatchJsonObservationWriteDisaggregation,  # noqa: PLC0415
        )

        d = dict(src_dict)
        indicator = d.pop("indicator")

        country = d.pop("country")

        period = d.pop("period")

        def _parse_value(data: object) -> float | str:
            return cast(float | str, data)

        value = _parse_value(d.pop("value"))

        subdivision = d.pop("subdivision", UNSET)

        _disaggregation = d.pop("disaggregation", UNSET)
        disaggregation: SubmitBatchJsonObservationWriteDisaggregation | Unset
        if isinstance(_disaggregation, Unset):
            disaggregation = UNSET
        else:
            disaggregation = SubmitBatchJsonObservationWriteDisaggregation.from_dict(_disaggregation)

        def _parse_weight(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        weight = _parse_weight(d.pop("weight", UNSET))

        method_note = d.pop("method_note", UNSET)

        source = d.pop("source", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: SubmitBatchJsonObservationWriteVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = SubmitBatchJsonObservationWriteVisibility(_visibility)

        def _parse_coalition_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coalition_id_type_0 = UUID(data)

                return coalition_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        coalition_id = _parse_coalition_id(d.pop("coalition_id", UNSET))

        _status = d.pop("status", UNSET)
        status: SubmitBatchJsonObservationWriteStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SubmitBatchJsonObservationWriteStatus(_status)

        submit_batch_json_observation_write = cls(
            indicator=indicator,
            country=country,
            period=period,
            value=value,
            subdivision=subdivision,
            disaggregation=disaggregation,
            weight=weight,
            method_note=method_note,
            source=source,
            visibility=visibility,
            coalition_id=coalition_id,
            status=status,
        )

        return submit_batch_json_observation_write
