from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DesertFigure")


@_attrs_define
class DesertFigure:
    """A figure exactly as /v1/metrics/aggregates gives it to the same caller.

    Attributes:
        value (None | str): Null when hidden by disclosure control
        status (str): SDMX confidentiality status, as the aggregates give it (F published, C hidden)
        contributors (int | None | Unset):
        coverage (float | None | Unset):
    """

    value: None | str
    status: str
    contributors: int | None | Unset = UNSET
    coverage: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value: None | str
        value = self.value

        status = self.status

        contributors: int | None | Unset
        if isinstance(self.contributors, Unset):
            contributors = UNSET
        else:
            contributors = self.contributors

        coverage: float | None | Unset
        if isinstance(self.coverage, Unset):
            coverage = UNSET
        else:
            coverage = self.coverage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "status": status,
            }
        )
        if contributors is not UNSET:
            field_dict["contributors"] = contributors
        if coverage is not UNSET:
            field_dict["coverage"] = coverage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))

        status = d.pop("status")

        def _parse_contributors(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contributors = _parse_contributors(d.pop("contributors", UNSET))

        def _parse_coverage(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        coverage = _parse_coverage(d.pop("coverage", UNSET))

        desert_figure = cls(
            value=value,
            status=status,
            contributors=contributors,
            coverage=coverage,
        )

        desert_figure.additional_properties = d
        return desert_figure

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
