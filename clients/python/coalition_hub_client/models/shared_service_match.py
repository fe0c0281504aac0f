from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.shared_service_read import SharedServiceRead


T = TypeVar("T", bound="SharedServiceMatch")


@_attrs_define
class SharedServiceMatch:
    """
    Attributes:
        service_type (str):
        need (SharedServiceRead):
        offer (SharedServiceRead):
        countries (list[str]): Where the offer can serve the need (empty: anywhere)
    """

    service_type: str
    need: SharedServiceRead
    offer: SharedServiceRead
    countries: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_type = self.service_type

        need = self.need.to_dict()

        offer = self.offer.to_dict()

        countries = self.countries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_type": service_type,
                "need": need,
                "offer": offer,
                "countries": countries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.shared_service_read import SharedServiceRead  # noqa: PLC0415

        d = dict(src_dict)
        service_type = d.pop("service_type")

        need = SharedServiceRead.from_dict(d.pop("need"))

        offer = SharedServiceRead.from_dict(d.pop("offer"))

        countries = cast(list[str], d.pop("countries"))

        shared_service_match = cls(
            service_type=service_type,
            need=need,
            offer=offer,
            countries=countries,
        )

        shared_service_match.additional_properties = d
        return shared_service_match

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
