from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.first_admin import FirstAdmin
    from ..models.organisation_registration import OrganisationRegistration


T = TypeVar("T", bound="RegistrationCreate")


@_attrs_define
class RegistrationCreate:
    """
    Attributes:
        organisation (OrganisationRegistration): What an organisation says of itself when it registers: its profile
            without the fields
            only platform admins and imports set (no `external_id`).
        admin (FirstAdmin):
    """

    organisation: OrganisationRegistration
    admin: FirstAdmin

    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation.to_dict()

        admin = self.admin.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organisation": organisation,
                "admin": admin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.first_admin import FirstAdmin  # noqa: PLC0415
        from ..models.organisation_registration import OrganisationRegistration  # noqa: PLC0415

        d = dict(src_dict)
        organisation = OrganisationRegistration.from_dict(d.pop("organisation"))

        admin = FirstAdmin.from_dict(d.pop("admin"))

        registration_create = cls(
            organisation=organisation,
            admin=admin,
        )

        return registration_create
