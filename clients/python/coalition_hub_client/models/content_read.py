from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.prevalence_write import PrevalenceWrite
    from ..models.recommendation_write import RecommendationWrite


T = TypeVar("T", bound="ContentRead")


@_attrs_define
class ContentRead:
    """
    Attributes:
        coalition_id (UUID):
        country (str):
        period (str):
        language (str):
        version (int):
        headline_findings (list[str]):
        recommendations (list[RecommendationWrite]):
        context (str):
        prevalence (list[PrevalenceWrite]):
        limits (str):
        created_by (None | UUID):
        created_at (datetime.datetime):
    """

    coalition_id: UUID
    country: str
    period: str
    language: str
    version: int
    headline_findings: list[str]
    recommendations: list[RecommendationWrite]
    context: str
    prevalence: list[PrevalenceWrite]
    limits: str
    created_by: None | UUID
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coalition_id = str(self.coalition_id)

        country = self.country

        period = self.period

        language = self.language

        version = self.version

        headline_findings = self.headline_findings

        recommendations = []
        for recommendations_item_data in self.recommendations:
            recommendations_item = recommendations_item_data.to_dict()
            recommendations.append(recommendations_item)

        context = self.context

        prevalence = []
        for prevalence_item_data in self.prevalence:
            prevalence_item = prevalence_item_data.to_dict()
            prevalence.append(prevalence_item)

        limits = self.limits

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coalition_id": coalition_id,
                "country": country,
                "period": period,
                "language": language,
                "version": version,
                "headline_findings": headline_findings,
                "recommendations": recommendations,
                "context": context,
                "prevalence": prevalence,
                "limits": limits,
                "created_by": created_by,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prevalence_write import PrevalenceWrite  # noqa: PLC0415
        from ..models.recommendation_write import RecommendationWrite  # noqa: PLC0415

        d = dict(src_dict)
        coalition_id = UUID(d.pop("coalition_id"))

        country = d.pop("country")

        period = d.pop("period")

        language = d.pop("language")

        version = d.pop("version")

        headline_findings = cast(list[str], d.pop("headline_findings"))

        recommendations = []
        _recommendations = d.pop("recommendations")
        for recommendations_item_data in _recommendations:
            recommendations_item = RecommendationWrite.from_dict(recommendations_item_data)

            recommendations.append(recommendations_item)

        context = d.pop("context")

        prevalence = []
        _prevalence = d.pop("prevalence")
        for prevalence_item_data in _prevalence:
            prevalence_item = PrevalenceWrite.from_dict(prevalence_item_data)

            prevalence.append(prevalence_item)

        limits = d.pop("limits")

        def _parse_created_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_by_type_0 = UUID(data)

                return created_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        created_by = _parse_created_by(d.pop("created_by"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        content_read = cls(
            coalition_id=coalition_id,
            country=country,
            period=period,
            language=language,
            version=version,
            headline_findings=headline_findings,
            recommendations=recommendations,
            context=context,
            prevalence=prevalence,
            limits=limits,
            created_by=created_by,
            created_at=created_at,
        )

        content_read.additional_properties = d
        return content_read

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
