from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TestimonyRead")


@_attrs_define
class TestimonyRead:
    """
    Attributes:
        id (UUID):
        organisation_id (UUID):
        organisation_name (str):
        country (str):
        milestone (None | str):
        quote (str): Empty once consent is withdrawn
        context (str):
        consent (str):
        coalition_id (None | UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        withdrawn_at (datetime.datetime | None):
    """

    id: UUID
    organisation_id: UUID
    organisation_name: str
    country: str
    milestone: None | str
    quote: str
    context: str
    consent: str
    coalition_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organisation_id = str(self.organisation_id)

        organisation_name = self.organisation_name

        country = self.country

        milestone: None | str
        milestone = self.milestone

        quote = self.quote

        context = self.context

        consent = self.consent

        coalition_id: None | str
        if isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        withdrawn_at: None | str
        if isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organisation_id": organisation_id,
                "organisation_name": organisation_name,
                "country": country,
                "milestone": milestone,
                "quote": quote,
                "context": context,
                "consent": consent,
                "coalition_id": coalition_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "withdrawn_at": withdrawn_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organisation_id = UUID(d.pop("organisation_id"))

        organisation_name = d.pop("organisation_name")

        country = d.pop("country")

        def _parse_milestone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        milestone = _parse_milestone(d.pop("milestone"))

        quote = d.pop("quote")

        context = d.pop("context")

        consent = d.pop("consent")

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

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at"))

        testimony_read = cls(
            id=id,
            organisation_id=organisation_id,
            organisation_name=organisation_name,
            country=country,
            milestone=milestone,
            quote=quote,
            context=context,
            consent=consent,
            coalition_id=coalition_id,
            created_at=created_at,
            updated_at=updated_at,
            withdrawn_at=withdrawn_at,
        )

        testimony_read.additional_properties = d
        return testimony_read

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
