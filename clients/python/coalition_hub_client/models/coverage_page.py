from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.coverage_cell import CoverageCell


T = TypeVar("T", bound="CoveragePage")


@_attrs_define
class CoveragePage:
    """A page of the combinations, and what the whole table is about.

    Attributes:
        items (list[CoverageCell]): Combinations of terms, in the order of the dimensions' terms
        next_cursor (None | str):
        by (list[str]): The dimensions crossed, in the order asked
        countries (list[str]): The countries counted
        empty (int): Combinations no organisation works on, in the whole table
    """

    items: list[CoverageCell]
    next_cursor: None | str
    by: list[str]
    countries: list[str]
    empty: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        by = self.by

        countries = self.countries

        empty = self.empty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
                "by": by,
                "countries": countries,
                "empty": empty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_cell import CoverageCell  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CoverageCell.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        by = cast(list[str], d.pop("by"))

        countries = cast(list[str], d.pop("countries"))

        empty = d.pop("empty")

        coverage_page = cls(
            items=items,
            next_cursor=next_cursor,
            by=by,
            countries=countries,
            empty=empty,
        )

        coverage_page.additional_properties = d
        return coverage_page

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
