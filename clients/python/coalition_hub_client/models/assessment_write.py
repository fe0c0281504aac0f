from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.assessment_write_confidence import AssessmentWriteConfidence
from ..models.assessment_write_status import AssessmentWriteStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentWrite")


@_attrs_define
class AssessmentWrite:
    """
    Attributes:
        status (AssessmentWriteStatus):
        evidence (str): What the organisation observed
        links (list[str] | Unset): http(s) sources
        confidence (AssessmentWriteConfidence | Unset):  Default: AssessmentWriteConfidence.MEDIUM.
    """

    status: AssessmentWriteStatus
    evidence: str
    links: list[str] | Unset = UNSET
    confidence: AssessmentWriteConfidence | Unset = AssessmentWriteConfidence.MEDIUM

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        evidence = self.evidence

        links: list[str] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links

        confidence: str | Unset = UNSET
        if not isinstance(self.confidence, Unset):
            confidence = self.confidence.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "evidence": evidence,
            }
        )
        if links is not UNSET:
            field_dict["links"] = links
        if confidence is not UNSET:
            field_dict["confidence"] = confidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = AssessmentWriteStatus(d.pop("status"))

        evidence = d.pop("evidence")

        links = cast(list[str], d.pop("links", UNSET))

        _confidence = d.pop("confidence", UNSET)
        confidence: AssessmentWriteConfidence | Unset
        if isinstance(_confidence, Unset):
            confidence = UNSET
        else:
            confidence = AssessmentWriteConfidence(_confidence)

        assessment_write = cls(
            status=status,
            evidence=evidence,
            links=links,
            confidence=confidence,
        )

        return assessment_write
