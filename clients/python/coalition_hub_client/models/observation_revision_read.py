from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ObservationRevisionRead")


@_attrs_define
class ObservationRevisionRead:
    """
    Attributes:
        revision (int):
        indicator_version (int):
        value (str):
        weight (None | str):
        method_note (str):
        source (str):
        visibility (str):
        coalition_id (None | UUID):
        status (str):
        changed_by (None | UUID):
        request_id (None | str):
        changed_at (datetime.datetime):
    """

    revision: int
    indicator_version: int
    value: str
    weight: None | str
    method_note: str
    source: str
    visibility: str
    coalition_id: None | UUID
    status: str
    changed_by: None | UUID
    request_id: None | str
    changed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        revision = self.revision

        indicator_version = self.indicator_version

        value = self.value

        weight: None | str
        weight = self.weight

        method_note = self.method_note

        source = self.source

        visibility = self.visibility

        coalition_id: None | str
        if isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        status = self.status

        changed_by: None | str
        if isinstance(self.changed_by, UUID):
            changed_by = str(self.changed_by)
        else:
            changed_by = self.changed_by

        request_id: None | str
        request_id = self.request_id

        changed_at = self.changed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "revision": revision,
                "indicator_version": indicator_version,
                "value": value,
                "weight": weight,
                "method_note": method_note,
                "source": source,
                "visibility": visibility,
                "coalition_id": coalition_id,
                "status": status,
                "changed_by": changed_by,
                "request_id": request_id,
                "changed_at": changed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        revision = d.pop("revision")

        indicator_version = d.pop("indicator_version")

        value = d.pop("value")

        def _parse_weight(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        weight = _parse_weight(d.pop("weight"))

        method_note = d.pop("method_note")

        source = d.pop("source")

        visibility = d.pop("visibility")

        def _parse_coalition_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coalition_id_type_0 = UUID(data)

                return coalition_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        coalition_id = _parse_coalition_id(d.pop("coalition_id"))

        status = d.pop("status")

        def _parse_changed_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                changed_by_type_0 = UUID(data)

                return changed_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        changed_by = _parse_changed_by(d.pop("changed_by"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        observation_revision_read = cls(
            revision=revision,
            indicator_version=indicator_version,
            value=value,
            weight=weight,
            method_note=method_note,
            source=source,
            visibility=visibility,
            coalition_id=coalition_id,
            status=status,
            changed_by=changed_by,
            request_id=request_id,
            changed_at=changed_at,
        )

        observation_revision_read.additional_properties = d
        return observation_revision_read

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
