from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.shared_service_create_direction import SharedServiceCreateDirection
from ..types import UNSET, Unset

T = TypeVar("T", bound="SharedServiceCreate")


@_attrs_define
class SharedServiceCreate:
    """
    Attributes:
        direction (SharedServiceCreateDirection):
        service_type (str): A term of the 'shared_services' vocabulary
        countries (list[str] | Unset): Where; empty means anywhere
        description (str | Unset):  Default: ''.
    """

    direction: SharedServiceCreateDirection
    service_type: str
    countries: list[str] | Unset = UNSET
    description: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        direction = self.direction.value

        service_type = self.service_type

        countries: list[str] | Unset = UNSET
        if not isinstance(self.countries, Unset):
            countries = self.countries

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "direction": direction,
                "service_type": service_type,
            }
        )
        if countries is not UNSET:
            field_dict["countries"] = countries
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        direction = SharedServiceCreateDirection(d.pop("direction"))

        service_type = d.pop("service_type")

        countries = cast(list[str], d.pop("countries", UNSET))

        description = d.pop("description", UNSET)

        shared_service_create = cls(
            direction=direction,
            service_type=service_type,
            countries=countries,
            description=description,
        )

        return shared_service_create
