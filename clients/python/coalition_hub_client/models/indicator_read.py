from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.indicator_version_read import IndicatorVersionRead


T = TypeVar("T", bound="IndicatorRead")


@_attrs_define
class IndicatorRead:
    """
    Attributes:
        code (str):
        status (str):
        current_version (int):
        starter (bool):
        proposed_by (None | UUID):
        endorsements (int):
        content (IndicatorVersionRead):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    code: str
    status: str
    current_version: int
    starter: bool
    proposed_by: None | UUID
    endorsements: int
    content: IndicatorVersionRead
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        status = self.status

        current_version = self.current_version

        starter = self.starter

        proposed_by: None | str
        if isinstance(self.proposed_by, UUID):
            proposed_by = str(self.proposed_by)
        else:
            proposed_by = self.proposed_by

        endorsements = self.endorsements

        content = self.content.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "status": status,
                "current_version": current_version,
                "starter": starter,
                "proposed_by": proposed_by,
                "endorsements": endorsements,
                "content": content,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_version_read import IndicatorVersionRead  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        status = d.pop("status")

        current_version = d.pop("current_version")

        starter = d.pop("starter")

        def _parse_proposed_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                proposed_by_type_0 = UUID(data)

                return proposed_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        proposed_by = _parse_proposed_by(d.pop("proposed_by"))

        endorsements = d.pop("endorsements")

        content = IndicatorVersionRead.from_dict(d.pop("content"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        indicator_read = cls(
            code=code,
            status=status,
            current_version=current_version,
            starter=starter,
            proposed_by=proposed_by,
            endorsements=endorsements,
            content=content,
            created_at=created_at,
            updated_at=updated_at,
        )

        indicator_read.additional_properties = d
        return indicator_read

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
