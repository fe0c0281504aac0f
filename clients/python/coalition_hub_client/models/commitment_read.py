from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CommitmentRead")


@_attrs_define
class CommitmentRead:
    """
    Attributes:
        id (UUID):
        country (str):
        milestone (str):
        text (str):
        responsible_body (str):
        target_date (datetime.date | None):
        indicators (list[str]):
        note (str):
        coalition_id (None | UUID): The coalition that entered it and edits it (null: platform admins)
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    country: str
    milestone: str
    text: str
    responsible_body: str
    target_date: datetime.date | None
    indicators: list[str]
    note: str
    coalition_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        country = self.country

        milestone = self.milestone

        text = self.text

        responsible_body = self.responsible_body

        target_date: None | str
        if isinstance(self.target_date, datetime.date):
            target_date = self.target_date.isoformat()
        else:
            target_date = self.target_date

        indicators = self.indicators

        note = self.note

        coalition_id: None | str
        if isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "country": country,
                "milestone": milestone,
                "text": text,
                "responsible_body": responsible_body,
                "target_date": target_date,
                "indicators": indicators,
                "note": note,
                "coalition_id": coalition_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        country = d.pop("country")

        milestone = d.pop("milestone")

        text = d.pop("text")

        responsible_body = d.pop("responsible_body")

        def _parse_target_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_date_type_0 = datetime.date.fromisoformat(data)

                return target_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        target_date = _parse_target_date(d.pop("target_date"))

        indicators = cast(list[str], d.pop("indicators"))

        note = d.pop("note")

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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        commitment_read = cls(
            id=id,
            country=country,
            milestone=milestone,
            text=text,
            responsible_body=responsible_body,
            target_date=target_date,
            indicators=indicators,
            note=note,
            coalition_id=coalition_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        commitment_read.additional_properties = d
        return commitment_read

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
