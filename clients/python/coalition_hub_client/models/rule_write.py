from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RuleWrite")


@_attrs_define
class RuleWrite:
    """Either a quorum or named signatories.

    Attributes:
        quorum (int | None | Unset): Endorsing member organisations needed
        signatories (list[UUID] | Unset): Member organisations who must all endorse
    """

    quorum: int | None | Unset = UNSET
    signatories: list[UUID] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        quorum: int | None | Unset
        if isinstance(self.quorum, Unset):
            quorum = UNSET
        else:
            quorum = self.quorum

        signatories: list[str] | Unset = UNSET
        if not isinstance(self.signatories, Unset):
            signatories = []
            for signatories_item_data in self.signatories:
                signatories_item = str(signatories_item_data)
                signatories.append(signatories_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if quorum is not UNSET:
            field_dict["quorum"] = quorum
        if signatories is not UNSET:
            field_dict["signatories"] = signatories

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_quorum(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quorum = _parse_quorum(d.pop("quorum", UNSET))

        _signatories = d.pop("signatories", UNSET)
        signatories: list[UUID] | Unset = UNSET
        if _signatories is not UNSET:
            signatories = []
            for signatories_item_data in _signatories:
                signatories_item = UUID(signatories_item_data)

                signatories.append(signatories_item)

        rule_write = cls(
            quorum=quorum,
            signatories=signatories,
        )

        return rule_write
