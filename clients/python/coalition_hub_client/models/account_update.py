from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_update_org_role_type_0 import AccountUpdateOrgRoleType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountUpdate")


@_attrs_define
class AccountUpdate:
    """
    Attributes:
        name (None | str | Unset):
        email (None | str | Unset):
        org_role (AccountUpdateOrgRoleType0 | None | Unset): Holds from the account's next request; an organisation
            keeps one admin at least
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    org_role: AccountUpdateOrgRoleType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        org_role: None | str | Unset
        if isinstance(self.org_role, Unset):
            org_role = UNSET
        elif isinstance(self.org_role, AccountUpdateOrgRoleType0):
            org_role = self.org_role.value
        else:
            org_role = self.org_role

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if org_role is not UNSET:
            field_dict["org_role"] = org_role

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

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_org_role(data: object) -> AccountUpdateOrgRoleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                org_role_type_0 = AccountUpdateOrgRoleType0(data)

                return org_role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AccountUpdateOrgRoleType0 | None | Unset, data)

        org_role = _parse_org_role(d.pop("org_role", UNSET))

        account_update = cls(
            name=name,
            email=email,
            org_role=org_role,
        )

        return account_update
