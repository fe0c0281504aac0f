from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.organisation_page_facets import OrganisationPageFacets
    from ..models.organisation_read import OrganisationRead


T = TypeVar("T", bound="OrganisationPage")


@_attrs_define
class OrganisationPage:
    """
    Attributes:
        items (list[OrganisationRead]):
        next_cursor (None | str):
        total (int): Organisations matching the query and filters
        facets (OrganisationPageFacets): Counts per term of each filter, under the query and filters
    """

    items: list[OrganisationRead]
    next_cursor: None | str
    total: int
    facets: OrganisationPageFacets
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        total = self.total

        facets = self.facets.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
                "total": total,
                "facets": facets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organisation_page_facets import OrganisationPageFacets  # noqa: PLC0415
        from ..models.organisation_read import OrganisationRead  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrganisationRead.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        total = d.pop("total")

        facets = OrganisationPageFacets.from_dict(d.pop("facets"))

        organisation_page = cls(
            items=items,
            next_cursor=next_cursor,
            total=total,
            facets=facets,
        )

        organisation_page.additional_properties = d
        return organisation_page

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
