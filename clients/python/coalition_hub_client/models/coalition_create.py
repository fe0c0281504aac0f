from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coalition_create_scope import CoalitionCreateScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CoalitionCreate")


@_attrs_define
class CoalitionCreate:
    """
    Attributes:
        name (str):
        scope (CoalitionCreateScope):
        country (None | str | Unset): ISO 3166-1 alpha-3: required for a national coalition, which is active there; a
            regional or global coalition has none
    """

    name: str
    scope: CoalitionCreateScope
    country: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scope = self.scope.value

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scope": scope,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scope = CoalitionCreateScope(d.pop("scope"))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        coalition_create = cls(
            name=name,
            scope=scope,
            country=country,
        )

        return coalition_create
