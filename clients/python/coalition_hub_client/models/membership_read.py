from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MembershipRead")


@_attrs_define
class MembershipRead:
    """
    Attributes:
        coalition_id (UUID):
        member_id (UUID):
        member_kind (str):
        role (str):
        status (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        member_name (None | str | Unset): In a coalition's member list: the member's name
    """

    coalition_id: UUID
    member_id: UUID
    member_kind: str
    role: str
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    member_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coalition_id = str(self.coalition_id)

        member_id = str(self.member_id)

        member_kind = self.member_kind

        role = self.role

        status = self.status

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        member_name: None | str | Unset
        if isinstance(self.member_name, Unset):
            member_name = UNSET
        else:
            member_name = self.member_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coalition_id": coalition_id,
                "member_id": member_id,
                "member_kind": member_kind,
                "role": role,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if member_name is not UNSET:
            field_dict["member_name"] = member_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        coalition_id = UUID(d.pop("coalition_id"))

        member_id = UUID(d.pop("member_id"))

        member_kind = d.pop("member_kind")

        role = d.pop("role")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_member_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_name = _parse_member_name(d.pop("member_name", UNSET))

        membership_read = cls(
            coalition_id=coalition_id,
            member_id=member_id,
            member_kind=member_kind,
            role=role,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            member_name=member_name,
        )

        membership_read.additional_properties = d
        return membership_read

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
