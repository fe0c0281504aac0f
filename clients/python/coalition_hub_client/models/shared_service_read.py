from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SharedServiceRead")


@_attrs_define
class SharedServiceRead:
    """
    Attributes:
        id (UUID):
        organisation_id (UUID):
        direction (str):
        service_type (str):
        countries (list[str]):
        description (str):
        created_at (datetime.datetime):
    """

    id: UUID
    organisation_id: UUID
    direction: str
    service_type: str
    countries: list[str]
    description: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organisation_id = str(self.organisation_id)

        direction = self.direction

        service_type = self.service_type

        countries = self.countries

        description = self.description

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organisation_id": organisation_id,
                "direction": direction,
                "service_type": service_type,
                "countries": countries,
                "description": description,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organisation_id = UUID(d.pop("organisation_id"))

        direction = d.pop("direction")

        service_type = d.pop("service_type")

        countries = cast(list[str], d.pop("countries"))

        description = d.pop("description")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        shared_service_read = cls(
            id=id,
            organisation_id=organisation_id,
            direction=direction,
            service_type=service_type,
            countries=countries,
            description=description,
            created_at=created_at,
        )

        shared_service_read.additional_properties = d
        return shared_service_read

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
