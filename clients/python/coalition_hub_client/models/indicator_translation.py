from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="IndicatorTranslation")


@_attrs_define
class IndicatorTranslation:
    """An indicator version's name, unit and definition in another language. The unit and the
    definition may be left out: readers then see the English ones.

        Attributes:
            name (str):
            unit (None | str | Unset):
            definition (None | str | Unset):
    """

    name: str
    unit: None | str | Unset = UNSET
    definition: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        definition: None | str | Unset
        if isinstance(self.definition, Unset):
            definition = UNSET
        else:
            definition = self.definition

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if definition is not UNSET:
            field_dict["definition"] = definition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_definition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        definition = _parse_definition(d.pop("definition", UNSET))

        indicator_translation = cls(
            name=name,
            unit=unit,
            definition=definition,
        )

        return indicator_translation
