from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.identity_kind import IdentityKind
from ..models.identity_org_role_type_0 import IdentityOrgRoleType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="Identity")


@_attrs_define
class Identity:
    """
    Attributes:
        kind (IdentityKind | Unset):  Default: IdentityKind.ANONYMOUS.
        account_id (None | Unset | UUID):
        organisation_id (None | Unset | UUID):
        org_role (IdentityOrgRoleType0 | None | Unset):
        platform_admin (bool | Unset):  Default: False.
        reviewer (bool | Unset):  Default: False.
        pending (bool | Unset):  Default: False.
        coalition_admin_of (list[UUID] | Unset):
        key_id (None | Unset | UUID):
        service (None | str | Unset):
    """

    kind: IdentityKind | Unset = IdentityKind.ANONYMOUS
    account_id: None | Unset | UUID = UNSET
    organisation_id: None | Unset | UUID = UNSET
    org_role: IdentityOrgRoleType0 | None | Unset = UNSET
    platform_admin: bool | Unset = False
    reviewer: bool | Unset = False
    pending: bool | Unset = False
    coalition_admin_of: list[UUID] | Unset = UNSET
    key_id: None | Unset | UUID = UNSET
    service: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        elif isinstance(self.account_id, UUID):
            account_id = str(self.account_id)
        else:
            account_id = self.account_id

        organisation_id: None | str | Unset
        if isinstance(self.organisation_id, Unset):
            organisation_id = UNSET
        elif isinstance(self.organisation_id, UUID):
            organisation_id = str(self.organisation_id)
        else:
            organisation_id = self.organisation_id

        org_role: None | str | Unset
        if isinstance(self.org_role, Unset):
            org_role = UNSET
        elif isinstance(self.org_role, IdentityOrgRoleType0):
            org_role = self.org_role.value
        else:
            org_role = self.org_role

        platform_admin = self.platform_admin

        reviewer = self.reviewer

        pending = self.pending

        coalition_admin_of: list[str] | Unset = UNSET
        if not isinstance(self.coalition_admin_of, Unset):
            coalition_admin_of = []
            for coalition_admin_of_item_data in self.coalition_admin_of:
                coalition_admin_of_item = str(coalition_admin_of_item_data)
                coalition_admin_of.append(coalition_admin_of_item)

        key_id: None | str | Unset
        if isinstance(self.key_id, Unset):
            key_id = UNSET
        elif isinstance(self.key_id, UUID):
            key_id = str(self.key_id)
        else:
            key_id = self.key_id

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if organisation_id is not UNSET:
            field_dict["organisation_id"] = organisation_id
        if org_role is not UNSET:
            field_dict["org_role"] = org_role
        if platform_admin is not UNSET:
            field_dict["platform_admin"] = platform_admin
        if reviewer is not UNSET:
            field_dict["reviewer"] = reviewer
        if pending is not UNSET:
            field_dict["pending"] = pending
        if coalition_admin_of is not UNSET:
            field_dict["coalition_admin_of"] = coalition_admin_of
        if key_id is not UNSET:
            field_dict["key_id"] = key_id
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _kind = d.pop("kind", UNSET)
        kind: IdentityKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = IdentityKind(_kind)

        def _parse_account_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                account_id_type_0 = UUID(data)

                return account_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_organisation_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organisation_id_type_0 = UUID(data)

                return organisation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id", UNSET))

        def _parse_org_role(data: object) -> IdentityOrgRoleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                org_role_type_0 = IdentityOrgRoleType0(data)

                return org_role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentityOrgRoleType0 | None | Unset, data)

        org_role = _parse_org_role(d.pop("org_role", UNSET))

        platform_admin = d.pop("platform_admin", UNSET)

        reviewer = d.pop("reviewer", UNSET)

        pending = d.pop("pending", UNSET)

        _coalition_admin_of = d.pop("coalition_admin_of", UNSET)
        coalition_admin_of: list[UUID] | Unset = UNSET
        if _coalition_admin_of is not UNSET:
            coalition_admin_of = []
            for coalition_admin_of_item_data in _coalition_admin_of:
                coalition_admin_of_item = UUID(coalition_admin_of_item_data)

                coalition_admin_of.append(coalition_admin_of_item)

        def _parse_key_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                key_id_type_0 = UUID(data)

                return key_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        key_id = _parse_key_id(d.pop("key_id", UNSET))

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))

        identity = cls(
            kind=kind,
            account_id=account_id,
            organisation_id=organisation_id,
            org_role=org_role,
            platform_admin=platform_admin,
            reviewer=reviewer,
            pending=pending,
            coalition_admin_of=coalition_admin_of,
            key_id=key_id,
            service=service,
        )

        identity.additional_properties = d
        return identity

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
