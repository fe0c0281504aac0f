from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.published_report_read_forms import PublishedReportReadForms


T = TypeVar("T", bound="PublishedReportRead")


@_attrs_define
class PublishedReportRead:
    """A published report, as the public list shows it.

    Attributes:
        id (UUID):
        country (str):
        period (str):
        coalition_id (UUID):
        template (str):
        language (str):
        edition (int):
        published_at (datetime.datetime):
        public_url (str): Its HTML page
        forms (PublishedReportReadForms): Format -> path of the published report in that form
    """

    id: UUID
    country: str
    period: str
    coalition_id: UUID
    template: str
    language: str
    edition: int
    published_at: datetime.datetime
    public_url: str
    forms: PublishedReportReadForms
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        country = self.country

        period = self.period

        coalition_id = str(self.coalition_id)

        template = self.template

        language = self.language

        edition = self.edition

        published_at = self.published_at.isoformat()

        public_url = self.public_url

        forms = self.forms.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "country": country,
                "period": period,
                "coalition_id": coalition_id,
                "template": template,
                "language": language,
                "edition": edition,
                "published_at": published_at,
                "public_url": public_url,
                "forms": forms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.published_report_read_forms import PublishedReportReadForms  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        country = d.pop("country")

        period = d.pop("period")

        coalition_id = UUID(d.pop("coalition_id"))

        template = d.pop("template")

        language = d.pop("language")

        edition = d.pop("edition")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        public_url = d.pop("public_url")

        forms = PublishedReportReadForms.from_dict(d.pop("forms"))

        published_report_read = cls(
            id=id,
            country=country,
            period=period,
            coalition_id=coalition_id,
            template=template,
            language=language,
            edition=edition,
            published_at=published_at,
            public_url=public_url,
            forms=forms,
        )

        published_report_read.additional_properties = d
        return published_report_read

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
