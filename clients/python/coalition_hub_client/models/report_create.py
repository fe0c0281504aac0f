from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.report_create_language import ReportCreateLanguage
from ..models.report_create_template import ReportCreateTemplate
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportCreate")


@_attrs_define
class ReportCreate:
    """
    Attributes:
        country (str): ISO 3166-1 alpha-3
        period (str): The reporting period: 2024, 2024-Q2 or 2024-05
        coalition_id (UUID): The authoring coalition
        template (ReportCreateTemplate | Unset):  Default: ReportCreateTemplate.ACCOUNTABILITY_SHADOW_REPORT.
        language (ReportCreateLanguage | Unset):  Default: ReportCreateLanguage.EN.
    """

    country: str
    period: str
    coalition_id: UUID
    template: ReportCreateTemplate | Unset = ReportCreateTemplate.ACCOUNTABILITY_SHADOW_REPORT
    language: ReportCreateLanguage | Unset = ReportCreateLanguage.EN

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        period = self.period

        coalition_id = str(self.coalition_id)

        template: str | Unset = UNSET
        if not isinstance(self.template, Unset):
            template = self.template.value

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "period": period,
                "coalition_id": coalition_id,
            }
        )
        if template is not UNSET:
            field_dict["template"] = template
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        period = d.pop("period")

        coalition_id = UUID(d.pop("coalition_id"))

        _template = d.pop("template", UNSET)
        template: ReportCreateTemplate | Unset
        if isinstance(_template, Unset):
            template = UNSET
        else:
            template = ReportCreateTemplate(_template)

        _language = d.pop("language", UNSET)
        language: ReportCreateLanguage | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = ReportCreateLanguage(_language)

        report_create = cls(
            country=country,
            period=period,
            coalition_id=coalition_id,
            template=template,
            language=language,
        )

        return report_create
