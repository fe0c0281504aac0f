from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RuleRead")


@_attrs_define
class RuleRead:
    """
    Attributes:
        coalition_id (UUID):
        quorum (int | None):
        signatories (list[UUID]): Named signatories; to anyone but the coalition's admins, only those still active
            members (none while the directory cannot say)
    """

    coalition_id: UUID
    quorum: int | None
    signatories: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coalition_id = str(self.coalition_id)

        quorum: int | None
        quorum = self.quorum

        signatories = []
        for signatories_item_data in self.signatories:
            signatories_item = str(signatories_item_data)
            signatories.append(signatories_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coalition_id": coalition_id,
                "quorum": quorum,
                "signatories": signatories,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        coalition_id = UUID(d.pop("coalition_id"))

        def _parse_quorum(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        quorum = _parse_quorum(d.pop("quorum"))

        signatories = []
        _signatories = d.pop("signatories")
        for signatories_item_data in _signatories:
            signatories_item = UUID(signatories_item_data)

            signatories.append(signatories_item)

        rule_read = cls(
            coalition_id=coalition_id,
            quorum=quorum,
            signatories=signatories,
        )

        rule_read.additional_properties = d
        return rule_read

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
