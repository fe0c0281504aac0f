from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.coverage_cell import CoverageCell


T = TypeVar("T", bound="CrossCoverage")


@_attrs_define
class CrossCoverage:
    """
    Attributes:
        by (list[str]): The dimensions crossed, in the order asked
        countries (list[str]): The countries counted
        cells (list[CoverageCell]): Every combination of the dimensions' terms, zeros too
        empty (int): Combinations no organisation works on
    """

    by: list[str]
    countries: list[str]
    cells: list[CoverageCell]
    empty: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by = self.by

        countries = self.countries

        cells = []
        for cells_item_data in self.cells:
            cells_item = cells_item_data.to_dict()
            cells.append(cells_item)

        empty = self.empty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by": by,
                "countries": countries,
                "cells": cells,
                "empty": empty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_cell import CoverageCell  # noqa: PLC0415

        d = dict(src_dict)
        by = cast(list[str], d.pop("by"))

        countries = cast(list[str], d.pop("countries"))

        cells = []
        _cells = d.pop("cells")
        for cells_item_data in _cells:
            cells_item = CoverageCell.from_dict(cells_item_data)

            cells.append(cells_item)

        empty = d.pop("empty")

        cross_coverage = cls(
            by=by,
            countries=countries,
            cells=cells,
            empty=empty,
        )

        cross_coverage.additional_properties = d
        return cross_coverage

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
