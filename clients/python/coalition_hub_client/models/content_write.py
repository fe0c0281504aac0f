from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prevalence_write import PrevalenceWrite
    from ..models.recommendation_write import RecommendationWrite


T = TypeVar("T", bound="ContentWrite")


@_attrs_define
class ContentWrite:
    """The coalition's words for the report: each write is a new version.

    Attributes:
        headline_findings (list[str] | Unset):
        recommendations (list[RecommendationWrite] | Unset):
        context (str | Unset): Country context, in the report's language Default: ''.
        prevalence (list[PrevalenceWrite] | Unset):
        limits (str | Unset): Limits of the data Default: ''.
    """

    headline_findings: list[str] | Unset = UNSET
    recommendations: list[RecommendationWrite] | Unset = UNSET
    context: str | Unset = ""
    prevalence: list[PrevalenceWrite] | Unset = UNSET
    limits: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        headline_findings: list[str] | Unset = UNSET
        if not isinstance(self.headline_findings, Unset):
            headline_findings = self.headline_findings

        recommendations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.recommendations, Unset):
            recommendations = []
            for recommendations_item_data in self.recommendations:
                recommendations_item = recommendations_item_data.to_dict()
                recommendations.append(recommendations_item)

        context = self.context

        prevalence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prevalence, Unset):
            prevalence = []
            for prevalence_item_data in self.prevalence:
                prevalence_item = prevalence_item_data.to_dict()
                prevalence.append(prevalence_item)

        limits = self.limits

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if headline_findings is not UNSET:
            field_dict["headline_findings"] = headline_findings
        if recommendations is not UNSET:
            field_dict["recommendations"] = recommendations
        if context is not UNSET:
            field_dict["context"] = context
        if prevalence is not UNSET:
            field_dict["prevalence"] = prevalence
        if limits is not UNSET:
            field_dict["limits"] = limits

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prevalence_write import PrevalenceWrite  # noqa: PLC0415
        from ..models.recommendation_write import RecommendationWrite  # noqa: PLC0415

        d = dict(src_dict)
        headline_findings = cast(list[str], d.pop("headline_findings", UNSET))

        _recommendations = d.pop("recommendations", UNSET)
        recommendations: list[RecommendationWrite] | Unset = UNSET
        if _recommendations is not UNSET:
            recommendations = []
            for recommendations_item_data in _recommendations:
                recommendations_item = RecommendationWrite.from_dict(recommendations_item_data)

                recommendations.append(recommendations_item)

        context = d.pop("context", UNSET)

        _prevalence = d.pop("prevalence", UNSET)
        prevalence: list[PrevalenceWrite] | Unset = UNSET
        if _prevalence is not UNSET:
            prevalence = []
            for prevalence_item_data in _prevalence:
                prevalence_item = PrevalenceWrite.from_dict(prevalence_item_data)

                prevalence.append(prevalence_item)

        limits = d.pop("limits", UNSET)

        content_write = cls(
            headline_findings=headline_findings,
            recommendations=recommendations,
            context=context,
            prevalence=prevalence,
            limits=limits,
        )

        return content_write
