from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndorsementWrite")


@_attrs_define
class EndorsementWrite:
    """
    Attributes:
        endorsed (bool): Whether the organisation endorses this edition
        statement (str | Unset): A dissenting statement, published with the report (needed to refuse) Default: ''.
    """

    endorsed: bool
    statement: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        endorsed = self.endorsed

        statement = self.statement

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endorsed": endorsed,
            }
        )
        if statement is not UNSET:
            field_dict["statement"] = statement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endorsed = d.pop("endorsed")

        statement = d.pop("statement", UNSET)

        endorsement_write = cls(
            endorsed=endorsed,
            statement=statement,
        )

        return endorsement_write
