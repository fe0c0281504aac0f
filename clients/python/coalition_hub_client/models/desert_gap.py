from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DesertGap")


@_attrs_define
class DesertGap:
    """
    Attributes:
        country (str):
        form (str):
        intervention (str):
        organisations (int):
        value (None | str): The country's figure value (null when hidden or none)
        status (None | str): The country's figure status (null when none reported)
    """

    country: str
    form: str
    intervention: str
    organisations: int
    value: None | str
    status: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        form = self.form

        intervention = self.intervention

        organisations = self.organisations

        value: None | str
        value = self.value

        status: None | str
        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "form": form,
                "intervention": intervention,
                "organisations": organisations,
                "value": value,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        form = d.pop("form")

        intervention = d.pop("intervention")

        organisations = d.pop("organisations")

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))

        def _parse_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status = _parse_status(d.pop("status"))

        desert_gap = cls(
            country=country,
            form=form,
            intervention=intervention,
            organisations=organisations,
            value=value,
            status=status,
        )

        desert_gap.additional_properties = d
        return desert_gap

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
