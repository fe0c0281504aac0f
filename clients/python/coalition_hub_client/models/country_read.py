from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CountryRead")


@_attrs_define
class CountryRead:
    """
    Attributes:
        iso3 (str):
        iso2 (str):
        m49 (str):
        name (str):
        region (None | str):
        subregion (None | str):
        pathfinder (bool):
        pathfinder_workshop_date (datetime.date | None):
        pathfinder_workshop_note (None | str):
        roadmap_adopted_on (datetime.date | None):
    """

    iso3: str
    iso2: str
    m49: str
    name: str
    region: None | str
    subregion: None | str
    pathfinder: bool
    pathfinder_workshop_date: datetime.date | None
    pathfinder_workshop_note: None | str
    roadmap_adopted_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iso3 = self.iso3

        iso2 = self.iso2

        m49 = self.m49

        name = self.name

        region: None | str
        region = self.region

        subregion: None | str
        subregion = self.subregion

        pathfinder = self.pathfinder

        pathfinder_workshop_date: None | str
        if isinstance(self.pathfinder_workshop_date, datetime.date):
            pathfinder_workshop_date = self.pathfinder_workshop_date.isoformat()
        else:
            pathfinder_workshop_date = self.pathfinder_workshop_date

        pathfinder_workshop_note: None | str
        pathfinder_workshop_note = self.pathfinder_workshop_note

        roadmap_adopted_on: None | str
        if isinstance(self.roadmap_adopted_on, datetime.date):
            roadmap_adopted_on = self.roadmap_adopted_on.isoformat()
        else:
            roadmap_adopted_on = self.roadmap_adopted_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "iso3": iso3,
                "iso2": iso2,
                "m49": m49,
                "name": name,
                "region": region,
                "subregion": subregion,
                "pathfinder": pathfinder,
                "pathfinder_workshop_date": pathfinder_workshop_date,
                "pathfinder_workshop_note": pathfinder_workshop_note,
                "roadmap_adopted_on": roadmap_adopted_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        iso3 = d.pop("iso3")

        iso2 = d.pop("iso2")

        m49 = d.pop("m49")

        name = d.pop("name")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))

        def _parse_subregion(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subregion = _parse_subregion(d.pop("subregion"))

        pathfinder = d.pop("pathfinder")

        def _parse_pathfinder_workshop_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pathfinder_workshop_date_type_0 = datetime.date.fromisoformat(data)

                return pathfinder_workshop_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        pathfinder_workshop_date = _parse_pathfinder_workshop_date(d.pop("pathfinder_workshop_date"))

        def _parse_pathfinder_workshop_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pathfinder_workshop_note = _parse_pathfinder_workshop_note(d.pop("pathfinder_workshop_note"))

        def _parse_roadmap_adopted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                roadmap_adopted_on_type_0 = datetime.date.fromisoformat(data)

                return roadmap_adopted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        roadmap_adopted_on = _parse_roadmap_adopted_on(d.pop("roadmap_adopted_on"))

        country_read = cls(
            iso3=iso3,
            iso2=iso2,
            m49=m49,
            name=name,
            region=region,
            subregion=subregion,
            pathfinder=pathfinder,
            pathfinder_workshop_date=pathfinder_workshop_date,
            pathfinder_workshop_note=pathfinder_workshop_note,
            roadmap_adopted_on=roadmap_adopted_on,
        )

        country_read.additional_properties = d
        return country_read

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
