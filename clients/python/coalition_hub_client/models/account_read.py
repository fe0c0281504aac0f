from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountRead")


@_attrs_define
class AccountRead:
    """Seen only by the account's own organisation: e-mail addresses are never public.

    Attributes:
        id (UUID):
        organisation_id (UUID):
        name (str):
        email (None | str):
        org_role (str):
        platform_admin (bool):
        reviewer (bool): Reviews organisations that registered themselves
        created_at (datetime.datetime):
    """

    id: UUID
    organisation_id: UUID
    name: str
    email: None | str
    org_role: str
    platform_admin: bool
    reviewer: bool
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organisation_id = str(self.organisation_id)

        name = self.name

        email: None | str
        email = self.email

        org_role = self.org_role

        platform_admin = self.platform_admin

        reviewer = self.reviewer

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organisation_id": organisation_id,
                "name": name,
                "email": email,
                "org_role": org_role,
                "platform_admin": platform_admin,
                "reviewer": reviewer,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organisation_id = UUID(d.pop("organisation_id"))

        name = d.pop("name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        org_role = d.pop("org_role")

        platform_admin = d.pop("platform_admin")

        reviewer = d.pop("reviewer")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        account_read = cls(
            id=id,
            organisation_id=organisation_id,
            name=name,
            email=email,
            org_role=org_role,
            platform_admin=platform_admin,
            reviewer=reviewer,
            created_at=created_at,
        )

        account_read.additional_properties = d
        return account_read

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
