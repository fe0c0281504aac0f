from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.progress_series_item import ProgressSeriesItem
    from ..models.target_read import TargetRead


T = TypeVar("T", bound="Progress")


@_attrs_define
class Progress:
    """
    Attributes:
        target (TargetRead):
        series (list[ProgressSeriesItem]): Published figures by period (the trend)
        latest_period (None | str):
        latest_value (None | str):
        progress_percent (float | None): Share of the way from baseline to target, latest published figure
    """

    target: TargetRead
    series: list[ProgressSeriesItem]
    latest_period: None | str
    latest_value: None | str
    progress_percent: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        target = self.target.to_dict()

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        latest_period: None | str
        latest_period = self.latest_period

        latest_value: None | str
        latest_value = self.latest_value

        progress_percent: float | None
        progress_percent = self.progress_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "target": target,
                "series": series,
                "latest_period": latest_period,
                "latest_value": latest_value,
                "progress_percent": progress_percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.progress_series_item import ProgressSeriesItem  # noqa: PLC0415
        from ..models.target_read import TargetRead  # noqa: PLC0415

        d = dict(src_dict)
        target = TargetRead.from_dict(d.pop("target"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = ProgressSeriesItem.from_dict(series_item_data)

            series.append(series_item)

        def _parse_latest_period(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        latest_period = _parse_latest_period(d.pop("latest_period"))

        def _parse_latest_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        latest_value = _parse_latest_value(d.pop("latest_value"))

        def _parse_progress_percent(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        progress_percent = _parse_progress_percent(d.pop("progress_percent"))

        progress = cls(
            target=target,
            series=series,
            latest_period=latest_period,
            latest_value=latest_value,
            progress_percent=progress_percent,
        )

        progress.additional_properties = d
        return progress

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
