from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.country_coverage_counts import CountryCoverageCounts
    from ..models.country_coverage_gaps import CountryCoverageGaps


T = TypeVar("T", bound="CountryCoverage")


@_attrs_define
class CountryCoverage:
    """
    Attributes:
        country (str):
        name (str):
        pathfinder (bool):
        organisations (int):
        counts (CountryCoverageCounts): Per dimension, organisations working on each term
        gaps (CountryCoverageGaps): Per dimension, the terms no organisation works on here
    """

    country: str
    name: str
    pathfinder: bool
    organisations: int
    counts: CountryCoverageCounts
    gaps: CountryCoverageGaps
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        name = self.name

        pathfinder = self.pathfinder

        organisations = self.organisations

        counts = self.counts.to_dict()

        gaps = self.gaps.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "name": name,
                "pathfinder": pathfinder,
                "organisations": organisations,
                "counts": counts,
                "gaps": gaps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.country_coverage_counts import CountryCoverageCounts  # noqa: PLC0415
        from ..models.country_coverage_gaps import CountryCoverageGaps  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        name = d.pop("name")

        pathfinder = d.pop("pathfinder")

        organisations = d.pop("organisations")

        counts = CountryCoverageCounts.from_dict(d.pop("counts"))

        gaps = CountryCoverageGaps.from_dict(d.pop("gaps"))

        country_coverage = cls(
            country=country,
            name=name,
            pathfinder=pathfinder,
            organisations=organisations,
            counts=counts,
            gaps=gaps,
        )

        country_coverage.additional_properties = d
        return country_coverage

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
