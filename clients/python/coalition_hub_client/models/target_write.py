from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TargetWrite")


@_attrs_define
class TargetWrite:
    """
    Attributes:
        baseline_period (str):
        baseline_value (float | str):
        target_period (str):
        target_value (float | str):
        note (str | Unset): Where the baseline and target come from Default: ''.
    """

    baseline_period: str
    baseline_value: float | str
    target_period: str
    target_value: float | str
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        baseline_period = self.baseline_period

        baseline_value: float | str
        baseline_value = self.baseline_value

        target_period = self.target_period

        target_value: float | str
        target_value = self.target_value

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "baseline_period": baseline_period,
                "baseline_value": baseline_value,
                "target_period": target_period,
                "target_value": target_value,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        baseline_period = d.pop("baseline_period")

        def _parse_baseline_value(data: object) -> float | str:
            return cast(float | str, data)

        baseline_value = _parse_baseline_value(d.pop("baseline_value"))

        target_period = d.pop("target_period")

        def _parse_target_value(data: object) -> float | str:
            return cast(float | str, data)

        target_value = _parse_target_value(d.pop("target_value"))

        note = d.pop("note", UNSET)

        target_write = cls(
            baseline_period=baseline_period,
            baseline_value=baseline_value,
            target_period=target_period,
            target_value=target_value,
            note=note,
        )

        return target_write
