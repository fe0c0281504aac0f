from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TargetRead")


@_attrs_define
class TargetRead:
    """
    Attributes:
        baseline_period (str):
        baseline_value (str):
        target_period (str):
        target_value (str):
        indicator (str):
        country (str):
        updated_at (datetime.datetime):
        note (str | Unset): Where the baseline and target come from Default: ''.
    """

    baseline_period: str
    baseline_value: str
    target_period: str
    target_value: str
    indicator: str
    country: str
    updated_at: datetime.datetime
    note: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        baseline_period = self.baseline_period

        baseline_value = self.baseline_value

        target_period = self.target_period

        target_value = self.target_value

        indicator = self.indicator

        country = self.country

        updated_at = self.updated_at.isoformat()

        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "baseline_period": baseline_period,
                "baseline_value": baseline_value,
                "target_period": target_period,
                "target_value": target_value,
                "indicator": indicator,
                "country": country,
                "updated_at": updated_at,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        baseline_period = d.pop("baseline_period")

        baseline_value = d.pop("baseline_value")

        target_period = d.pop("target_period")

        target_value = d.pop("target_value")

        indicator = d.pop("indicator")

        country = d.pop("country")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        note = d.pop("note", UNSET)

        target_read = cls(
            baseline_period=baseline_period,
            baseline_value=baseline_value,
            target_period=target_period,
            target_value=target_value,
            indicator=indicator,
            country=country,
            updated_at=updated_at,
            note=note,
        )

        target_read.additional_properties = d
        return target_read

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
