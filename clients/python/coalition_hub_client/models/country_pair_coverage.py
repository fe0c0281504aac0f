from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.country_pair_coverage_counts import CountryPairCoverageCounts


T = TypeVar("T", bound="CountryPairCoverage")


@_attrs_define
class CountryPairCoverage:
    """
    Attributes:
        country (str):
        name (str):
        pathfinder (bool):
        organisations (int):
        by (list[str]): The two dimensions crossed, e.g. form and intervention
        counts (CountryPairCoverageCounts): Organisations working on each pair: first term -> second term -> count
            (every pair, zeros too)
        gaps (list[list[str]]): The pairs no organisation works on here
    """

    country: str
    name: str
    pathfinder: bool
    organisations: int
    by: list[str]
    counts: CountryPairCoverageCounts
    gaps: list[list[str]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        name = self.name

        pathfinder = self.pathfinder

        organisations = self.organisations

        by = self.by

        counts = self.counts.to_dict()

        gaps = []
        for gaps_item_data in self.gaps:
            gaps_item = []
            for gaps_item_item_data in gaps_item_data:
                gaps_item_item: str
                gaps_item_item = gaps_item_item_data
                gaps_item.append(gaps_item_item)

            gaps.append(gaps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "name": name,
                "pathfinder": pathfinder,
                "organisations": organisations,
                "by": by,
                "counts": counts,
                "gaps": gaps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.country_pair_coverage_counts import CountryPairCoverageCounts  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        pathfinder = d.pop("pathfinder")

        organisations = d.pop("organisations")

        by = cast(list[str], d.pop("by"))

        counts = CountryPairCoverageCounts.from_dict(d.pop("counts"))

        gaps = []
        _gaps = d.pop("gaps")
        for gaps_item_data in _gaps:
            gaps_item = []
            _gaps_item = gaps_item_data
            for gaps_item_item_data in _gaps_item:

                def _parse_gaps_item_item(data: object) -> str:
                    return cast(str, data)

                gaps_item_item = _parse_gaps_item_item(gaps_item_item_data)

                gaps_item.append(gaps_item_item)

            gaps.append(gaps_item)

        country_pair_coverage = cls(
            country=country,
            name=name,
            pathfinder=pathfinder,
            organisations=organisations,
            by=by,
            counts=counts,
            gaps=gaps,
        )

        country_pair_coverage.additional_properties = d
        return country_pair_coverage

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
