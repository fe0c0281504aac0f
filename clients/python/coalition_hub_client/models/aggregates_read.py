from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.aggregates_read_granularity import AggregatesReadGranularity

if TYPE_CHECKING:
    from ..models.aggregate_figure import AggregateFigure
    from ..models.aggregates_read_disclosure import AggregatesReadDisclosure


T = TypeVar("T", bound="AggregatesRead")


@_attrs_define
class AggregatesRead:
    """Figures across organisations, as `GET /v1/metrics/aggregates` answers them.

    Attributes:
        indicator (str):
        indicator_version (int):
        name (str):
        unit (str):
        aggregation (str):
        granularity (AggregatesReadGranularity):
        by (list[str]):
        scope (str): 'public', or 'coalition:<id>' for figures a coalition sees together
        disclosure (AggregatesReadDisclosure): How figures are protected (method and thresholds)
        cells (list[AggregateFigure]):
        totals (list[AggregateFigure]):
        as_of (datetime.datetime):
    """

    indicator: str
    indicator_version: int
    name: str
    unit: str
    aggregation: str
    granularity: AggregatesReadGranularity
    by: list[str]
    scope: str
    disclosure: AggregatesReadDisclosure
    cells: list[AggregateFigure]
    totals: list[AggregateFigure]
    as_of: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        indicator = self.indicator

        indicator_version = self.indicator_version

        name = self.name

        unit = self.unit

        aggregation = self.aggregation

        granularity = self.granularity.value

        by = self.by

        scope = self.scope

        disclosure = self.disclosure.to_dict()

        cells = []
        for cells_item_data in self.cells:
            cells_item = cells_item_data.to_dict()
            cells.append(cells_item)

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        as_of = self.as_of.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "indicator": indicator,
                "indicator_version": indicator_version,
                "name": name,
                "unit": unit,
                "aggregation": aggregation,
                "granularity": granularity,
                "by": by,
                "scope": scope,
                "disclosure": disclosure,
                "cells": cells,
                "totals": totals,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aggregate_figure import AggregateFigure  # noqa: PLC0415
        from ..models.aggregates_read_disclosure import AggregatesReadDisclosure  # noqa: PLC0415

        d = dict(src_dict)
        indicator = d.pop("indicator")

        indicator_version = d.pop("indicator_version")

        name = d.pop("name")

        unit = d.pop("unit")

        aggregation = d.pop("aggregation")

        granularity = AggregatesReadGranularity(d.pop("granularity"))

        by = cast(list[str], d.pop("by"))

        scope = d.pop("scope")

        disclosure = AggregatesReadDisclosure.from_dict(d.pop("disclosure"))

        cells = []
        _cells = d.pop("cells")
        for cells_item_data in _cells:
            cells_item = AggregateFigure.from_dict(cells_item_data)

            cells.append(cells_item)

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = AggregateFigure.from_dict(totals_item_data)

            totals.append(totals_item)

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        aggregates_read = cls(
            indicator=indicator,
            indicator_version=indicator_version,
            name=name,
            unit=unit,
            aggregation=aggregation,
            granularity=granularity,
            by=by,
            scope=scope,
            disclosure=disclosure,
            cells=cells,
            totals=totals,
            as_of=as_of,
        )

        aggregates_read.additional_properties = d
        return aggregates_read

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
