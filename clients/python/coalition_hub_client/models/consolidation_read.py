from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.assessment_read import AssessmentRead


T = TypeVar("T", bound="ConsolidationRead")


@_attrs_define
class ConsolidationRead:
    """
    Attributes:
        commitment_id (UUID):
        coalition_id (UUID):
        rating (str):
        rationale (str):
        assessments (list[AssessmentRead]):
        dissent (list[AssessmentRead]): Assessments whose status differs from the rating
        assessments_changed (bool): An assessment was written or revised after this rating
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    commitment_id: UUID
    coalition_id: UUID
    rating: str
    rationale: str
    assessments: list[AssessmentRead]
    dissent: list[AssessmentRead]
    assessments_changed: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        commitment_id = str(self.commitment_id)

        coalition_id = str(self.coalition_id)

        rating = self.rating

        rationale = self.rationale

        assessments = []
        for assessments_item_data in self.assessments:
            assessments_item = assessments_item_data.to_dict()
            assessments.append(assessments_item)

        dissent = []
        for dissent_item_data in self.dissent:
            dissent_item = dissent_item_data.to_dict()
            dissent.append(dissent_item)

        assessments_changed = self.assessments_changed

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "commitment_id": commitment_id,
                "coalition_id": coalition_id,
                "rating": rating,
                "rationale": rationale,
                "assessments": assessments,
                "dissent": dissent,
                "assessments_changed": assessments_changed,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assessment_read import AssessmentRead  # noqa: PLC0415

        d = dict(src_dict)
        commitment_id = UUID(d.pop("commitment_id"))

        coalition_id = UUID(d.pop("coalition_id"))

        rating = d.pop("rating")

        rationale = d.pop("rationale")

        assessments = []
        _assessments = d.pop("assessments")
        for assessments_item_data in _assessments:
            assessments_item = AssessmentRead.from_dict(assessments_item_data)

            assessments.append(assessments_item)

        dissent = []
        _dissent = d.pop("dissent")
        for dissent_item_data in _dissent:
            dissent_item = AssessmentRead.from_dict(dissent_item_data)

            dissent.append(dissent_item)

        assessments_changed = d.pop("assessments_changed")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        consolidation_read = cls(
            commitment_id=commitment_id,
            coalition_id=coalition_id,
            rating=rating,
            rationale=rationale,
            assessments=assessments,
            dissent=dissent,
            assessments_changed=assessments_changed,
            created_at=created_at,
            updated_at=updated_at,
        )

        consolidation_read.additional_properties = d
        return consolidation_read

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
