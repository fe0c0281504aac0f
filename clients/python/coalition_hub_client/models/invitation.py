from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.invitation_role import InvitationRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="Invitation")


@_attrs_define
class Invitation:
    """
    Attributes:
        organisation_id (None | Unset | UUID): The organisation invited
        coalition_id (None | Unset | UUID): Or, for a network, the member coalition
        role (InvitationRole | Unset):  Default: InvitationRole.MEMBER.
    """

    organisation_id: None | Unset | UUID = UNSET
    coalition_id: None | Unset | UUID = UNSET
    role: InvitationRole | Unset = InvitationRole.MEMBER

    def to_dict(self) -> dict[str, Any]:
        organisation_id: None | str | Unset
        if isinstance(self.organisation_id, Unset):
            organisation_id = UNSET
        elif isinstance(self.organisation_id, UUID):
            organisation_id = str(self.organisation_id)
        else:
            organisation_id = self.organisation_id

        coalition_id: None | str | Unset
        if isinstance(self.coalition_id, Unset):
            coalition_id = UNSET
        elif isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if organisation_id is not UNSET:
            field_dict["organisation_id"] = organisation_id
        if coalition_id is not UNSET:
            field_dict["coalition_id"] = coalition_id
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        def _parse_coalition_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coalition_id_type_0 = UUID(data)

                return coalition_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        coalition_id = _parse_coalition_id(d.pop("coalition_id", UNSET))

        _role = d.pop("role", UNSET)
        role: InvitationRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = InvitationRole(_role)

        invitation = cls(
            organisation_id=organisation_id,
            coalition_id=coalition_id,
            role=role,
        )

        return invitation
