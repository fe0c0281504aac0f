from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.desert_country import DesertCountry
    from ..models.desert_figure import DesertFigure
    from ..models.desert_gap import DesertGap


T = TypeVar("T", bound="Deserts")


@_attrs_define
class Deserts:
    """
    Attributes:
        indicator (str):
        indicator_version (int):
        name (str):
        unit (str):
        aggregation (str):
        granularity (str):
        periods (list[str]):
        region (str):
        max_organisations (int):
        region_figure (DesertFigure | None): The region's figure, all its countries together
        countries (list[DesertCountry]): Ranked: published figure first (then hidden, then none), then fewest
            organisations
        gaps (list[DesertGap]): Form x intervention pairs with fewer than max_organisations organisations, in the
            countries' order, fewest organisations first within a country
        as_of (datetime.datetime):
    """

    indicator: str
    indicator_version: int
    name: str
    unit: str
    aggregation: str
    granularity: str
    periods: list[str]
    region: str
    max_organisations: int
    region_figure: DesertFigure | None
    countries: list[DesertCountry]
    gaps: list[DesertGap]
    as_of: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.desert_figure import DesertFigure  # noqa: PLC0415

        indicator = self.indicator

        indicator_version = self.indicator_version

        name = self.name

        unit = self.unit

        aggregation = self.aggregation

        granularity = self.granularity

        periods = self.periods

        region = self.region

        max_organisations = self.max_organisations

        region_figure: dict[str, Any] | None
        if isinstance(self.region_figure, DesertFigure):
            region_figure = self.region_figure.to_dict()
        else:
            region_figure = self.region_figure

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.to_dict()
            countries.append(countries_item)

        gaps = []
        for gaps_item_data in self.gaps:
            gaps_item = gaps_item_data.to_dict()
            gaps.append(gaps_item)

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
                "periods": periods,
                "region": region,
                "max_organisations": max_organisations,
                "region_figure": region_figure,
                "countries": countries,
                "gaps": gaps,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.desert_country import DesertCountry  # noqa: PLC0415
        from ..models.desert_figure import DesertFigure  # noqa: PLC0415
        from ..models.desert_gap import DesertGap  # noqa: PLC0415

        d = dict(src_dict)
        indicator = d.pop("indicator")

        indicator_version = d.pop("indicator_version")

        name = d.pop("name")

        unit = d.pop("unit")

        aggregation = d.pop("aggregation")

        granularity = d.pop("granularity")

        periods = cast(list[str], d.pop("periods"))

        region = d.pop("region")

        max_organisations = d.pop("max_organisations")

        def _parse_region_figure(data: object) -> DesertFigure | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                region_figure_type_0 = DesertFigure.from_dict(data)

                return region_figure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesertFigure | None, data)

        region_figure = _parse_region_figure(d.pop("region_figure"))

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = DesertCountry.from_dict(countries_item_data)

            countries.append(countries_item)

        gaps = []
        _gaps = d.pop("gaps")
        for gaps_item_data in _gaps:
            gaps_item = DesertGap.from_dict(gaps_item_data)

            gaps.append(gaps_item)

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        deserts = cls(
            indicator=indicator,
            indicator_version=indicator_version,
            name=name,
            unit=unit,
            aggregation=aggregation,
            granularity=granularity,
            periods=periods,
            region=region,
            max_organisations=max_organisations,
            region_figure=region_figure,
            countries=countries,
            gaps=gaps,
            as_of=as_of,
        )

        deserts.additional_properties = d
        return deserts

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
