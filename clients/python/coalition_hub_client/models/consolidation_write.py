from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.consolidation_write_rating import ConsolidationWriteRating

T = TypeVar("T", bound="ConsolidationWrite")


@_attrs_define
class ConsolidationWrite:
    """
    Attributes:
        rating (ConsolidationWriteRating):
        rationale (str): Why this rating, given the assessments
    """

    rating: ConsolidationWriteRating
    rationale: str

    def to_dict(self) -> dict[str, Any]:
        rating = self.rating.value

        rationale = self.rationale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rating": rating,
                "rationale": rationale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rating = ConsolidationWriteRating(d.pop("rating"))

        rationale = d.pop("rationale")

        consolidation_write = cls(
            rating=rating,
            rationale=rationale,
        )

        return consolidation_write
