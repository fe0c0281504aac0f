from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.aggregate_figure_status import AggregateFigureStatus

T = TypeVar("T", bound="AggregateFigure")


@_attrs_define
class AggregateFigure:
    """One figure of an aggregates answer. Besides these fields it names its place in each `by`
    dimension (e.g. `"country": "NPL", "period": "2024"`); a total leaves a dimension null.

        Attributes:
            value (None | str): The published value (a decimal string); null when hidden
            status (AggregateFigureStatus): F: published (with noise), C: hidden by disclosure control
            contributors (int | None): Contributing organisations (perturbed by -1, 0 or +1)
            coverage (float | None): Contributors among the organisations known in the country
            own (None | str): The caller's organisation's own value, never published
    """

    value: None | str
    status: AggregateFigureStatus
    contributors: int | None
    coverage: float | None
    own: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value: None | str
        value = self.value

        status = self.status.value

        contributors: int | None
        contributors = self.contributors

        coverage: float | None
        coverage = self.coverage

        own: None | str
        own = self.own

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "status": status,
                "contributors": contributors,
                "coverage": coverage,
                "own": own,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))

        status = AggregateFigureStatus(d.pop("status"))

        def _parse_contributors(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        contributors = _parse_contributors(d.pop("contributors"))

        def _parse_coverage(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        coverage = _parse_coverage(d.pop("coverage"))

        def _parse_own(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        own = _parse_own(d.pop("own"))

        aggregate_figure = cls(
            value=value,
            status=status,
            contributors=contributors,
            coverage=coverage,
            own=own,
        )

        aggregate_figure.additional_properties = d
        return aggregate_figure

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
