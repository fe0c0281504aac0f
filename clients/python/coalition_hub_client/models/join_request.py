from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="JoinRequest")


@_attrs_define
class JoinRequest:
    """
    Attributes:
        coalition_id (UUID): The coalition (or network) to join
    """

    coalition_id: UUID

    def to_dict(self) -> dict[str, Any]:
        coalition_id = str(self.coalition_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coalition_id": coalition_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        coalition_id = UUID(d.pop("coalition_id"))

        join_request = cls(
            coalition_id=coalition_id,
        )

        return join_request
