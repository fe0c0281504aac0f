from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account_read import AccountRead
    from ..models.api_key_created import ApiKeyCreated
    from ..models.organisation_read import OrganisationRead


T = TypeVar("T", bound="RegistrationCreated")


@_attrs_define
class RegistrationCreated:
    """
    Attributes:
        organisation (OrganisationRead):
        account (AccountRead): Seen only by the account's own organisation: e-mail addresses are never public.
        key (ApiKeyCreated):
    """

    organisation: OrganisationRead
    account: AccountRead
    key: ApiKeyCreated
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation.to_dict()

        account = self.account.to_dict()

        key = self.key.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organisation": organisation,
                "account": account,
                "key": key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_read import AccountRead  # noqa: PLC0415
        from ..models.api_key_created import ApiKeyCreated  # noqa: PLC0415
        from ..models.organisation_read import OrganisationRead  # noqa: PLC0415

        d = dict(src_dict)
        organisation = OrganisationRead.from_dict(d.pop("organisation"))

        account = AccountRead.from_dict(d.pop("account"))

        key = ApiKeyCreated.from_dict(d.pop("key"))

        registration_created = cls(
            organisation=organisation,
            account=account,
            key=key,
        )

        registration_created.additional_properties = d
        return registration_created

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
