from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.recommendation_write_addressee import RecommendationWriteAddressee
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecommendationWrite")


@_attrs_define
class RecommendationWrite:
    """
    Attributes:
        addressee (RecommendationWriteAddressee): government, business, trade_unions or alliance
        text (str):
        commitments (list[UUID] | Unset): Commitments it is tied to
    """

    addressee: RecommendationWriteAddressee
    text: str
    commitments: list[UUID] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        addressee = self.addressee.value

        text = self.text

        commitments: list[str] | Unset = UNSET
        if not isinstance(self.commitments, Unset):
            commitments = []
            for commitments_item_data in self.commitments:
                commitments_item = str(commitments_item_data)
                commitments.append(commitments_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "addressee": addressee,
                "text": text,
            }
        )
        if commitments is not UNSET:
            field_dict["commitments"] = commitments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        addressee = RecommendationWriteAddressee(d.pop("addressee"))

        text = d.pop("text")

        _commitments = d.pop("commitments", UNSET)
        commitments: list[UUID] | Unset = UNSET
        if _commitments is not UNSET:
            commitments = []
            for commitments_item_data in _commitments:
                commitments_item = UUID(commitments_item_data)

                commitments.append(commitments_item)

        recommendation_write = cls(
            addressee=addressee,
            text=text,
            commitments=commitments,
        )

        return recommendation_write
