from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AssessmentRead")


@_attrs_define
class AssessmentRead:
    """
    Attributes:
        commitment_id (UUID):
        organisation_id (UUID):
        status (str):
        evidence (str):
        links (list[str]):
        confidence (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    commitment_id: UUID
    organisation_id: UUID
    status: str
    evidence: str
    links: list[str]
    confidence: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        commitment_id = str(self.commitment_id)

        organisation_id = str(self.organisation_id)

        status = self.status

        evidence = self.evidence

        links = self.links

        confidence = self.confidence

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "commitment_id": commitment_id,
                "organisation_id": organisation_id,
                "status": status,
                "evidence": evidence,
                "links": links,
                "confidence": confidence,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        commitment_id = UUID(d.pop("commitment_id"))

        organisation_id = UUID(d.pop("organisation_id"))

        status = d.pop("status")

        evidence = d.pop("evidence")

        links = cast(list[str], d.pop("links"))

        confidence = d.pop("confidence")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        assessment_read = cls(
            commitment_id=commitment_id,
            organisation_id=organisation_id,
            status=status,
            evidence=evidence,
            links=links,
            confidence=confidence,
            created_at=created_at,
            updated_at=updated_at,
        )

        assessment_read.additional_properties = d
        return assessment_read

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
