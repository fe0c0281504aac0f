from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.desert_country_counts import DesertCountryCounts
    from ..models.desert_figure import DesertFigure


T = TypeVar("T", bound="DesertCountry")


@_attrs_define
class DesertCountry:
    """
    Attributes:
        country (str):
        name (str):
        figure (DesertFigure | None): The indicator's figure for the country; null when none reported
        organisations (int): Active organisations the directory knows working in the country
        counts (DesertCountryCounts): Organisations per form of exploitation -> intervention (every pair, zeros too)
        gap_count (int): Pairs with fewer than max_organisations organisations
    """

    country: str
    name: str
    figure: DesertFigure | None
    organisations: int
    counts: DesertCountryCounts
    gap_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.desert_figure import DesertFigure  # noqa: PLC0415

        country = self.country

        name = self.name

        figure: dict[str, Any] | None
        if isinstance(self.figure, DesertFigure):
            figure = self.figure.to_dict()
        else:
            figure = self.figure

        organisations = self.organisations

        counts = self.counts.to_dict()

        gap_count = self.gap_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "name": name,
                "figure": figure,
                "organisations": organisations,
                "counts": counts,
                "gap_count": gap_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.desert_country_counts import DesertCountryCounts  # noqa: PLC0415
        from ..models.desert_figure import DesertFigure  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        def _parse_figure(data: object) -> DesertFigure | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                figure_type_0 = DesertFigure.from_dict(data)

                return figure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesertFigure | None, data)

        figure = _parse_figure(d.pop("figure"))

        organisations = d.pop("organisations")

        counts = DesertCountryCounts.from_dict(d.pop("counts"))

        gap_count = d.pop("gap_count")

        desert_country = cls(
            country=country,
            name=name,
            figure=figure,
            organisations=organisations,
            counts=counts,
            gap_count=gap_count,
        )

        desert_country.additional_properties = d
        return desert_country

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
