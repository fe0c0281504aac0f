from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coalition_update_scope_type_0 import CoalitionUpdateScopeType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="CoalitionUpdate")


@_attrs_define
class CoalitionUpdate:
    """
    Attributes:
        name (None | str | Unset):
        scope (CoalitionUpdateScopeType0 | None | Unset):
    """

    name: None | str | Unset = UNSET
    scope: CoalitionUpdateScopeType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        elif isinstance(self.scope, CoalitionUpdateScopeType0):
            scope = self.scope.value
        else:
            scope = self.scope

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_scope(data: object) -> CoalitionUpdateScopeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_0 = CoalitionUpdateScopeType0(data)

                return scope_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CoalitionUpdateScopeType0 | None | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        coalition_update = cls(
            name=name,
            scope=scope,
        )

        return coalition_update
