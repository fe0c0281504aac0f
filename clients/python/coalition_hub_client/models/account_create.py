from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_create_org_role import AccountCreateOrgRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountCreate")


@_attrs_define
class AccountCreate:
    """
    Attributes:
        name (str):
        email (None | str | Unset):
        org_role (AccountCreateOrgRole | Unset):  Default: AccountCreateOrgRole.MEMBER.
    """

    name: str
    email: None | str | Unset = UNSET
    org_role: AccountCreateOrgRole | Unset = AccountCreateOrgRole.MEMBER

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        org_role: str | Unset = UNSET
        if not isinstance(self.org_role, Unset):
            org_role = self.org_role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if org_role is not UNSET:
            field_dict["org_role"] = org_role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        _org_role = d.pop("org_role", UNSET)
        org_role: AccountCreateOrgRole | Unset
        if isinstance(_org_role, Unset):
            org_role = UNSET
        else:
            org_role = AccountCreateOrgRole(_org_role)

        account_create = cls(
            name=name,
            email=email,
            org_role=org_role,
        )

        return account_create
