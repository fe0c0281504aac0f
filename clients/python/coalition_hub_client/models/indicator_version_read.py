from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.indicator_version_read_translations import IndicatorVersionReadTranslations


T = TypeVar("T", bound="IndicatorVersionRead")


@_attrs_define
class IndicatorVersionRead:
    """
    Attributes:
        name (str):
        definition (str):
        method_note (str): How to count: sources, rules, pitfalls
        unit (str):
        value_type (str): A term of 'value_types'
        aggregation (str): How values of several organisations combine: a term of 'aggregations'
        code (str):
        version (int):
        change_note (str):
        created_at (datetime.datetime):
        disaggregations (list[str] | Unset): Allowed breakdowns
        sdg_target (None | str | Unset):  Default: '8.7'.
        proxy (bool | Unset): Measures something close to, not exactly, the outcome Default: False.
        sensitivity (str | Unset): 'sensitive' when small counts could identify survivors Default: 'normal'.
        translations (IndicatorVersionReadTranslations | Unset): The name, unit and definition in other languages, by
            language code (a term of 'translation_languages'); the fields above are English
    """

    name: str
    definition: str
    method_note: str
    unit: str
    value_type: str
    aggregation: str
    code: str
    version: int
    change_note: str
    created_at: datetime.datetime
    disaggregations: list[str] | Unset = UNSET
    sdg_target: None | str | Unset = "8.7"
    proxy: bool | Unset = False
    sensitivity: str | Unset = "normal"
    translations: IndicatorVersionReadTranslations | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        definition = self.definition

        method_note = self.method_note

        unit = self.unit

        value_type = self.value_type

        aggregation = self.aggregation

        code = self.code

        version = self.version

        change_note = self.change_note

        created_at = self.created_at.isoformat()

        disaggregations: list[str] | Unset = UNSET
        if not isinstance(self.disaggregations, Unset):
            disaggregations = self.disaggregations

        sdg_target: None | str | Unset
        if isinstance(self.sdg_target, Unset):
            sdg_target = UNSET
        else:
            sdg_target = self.sdg_target

        proxy = self.proxy

        sensitivity = self.sensitivity

        translations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.translations, Unset):
            translations = self.translations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "definition": definition,
                "method_note": method_note,
                "unit": unit,
                "value_type": value_type,
                "aggregation": aggregation,
                "code": code,
                "version": version,
                "change_note": change_note,
                "created_at": created_at,
            }
        )
        if disaggregations is not UNSET:
            field_dict["disaggregations"] = disaggregations
        if sdg_target is not UNSET:
            field_dict["sdg_target"] = sdg_target
        if proxy is not UNSET:
            field_dict["proxy"] = proxy
        if sensitivity is not UNSET:
            field_dict["sensitivity"] = sensitivity
        if translations is not UNSET:
            field_dict["translations"] = translations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_version_read_translations import IndicatorVersionReadTranslations  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        definition = d.pop("definition")

        method_note = d.pop("method_note")

        unit = d.pop("unit")

        value_type = d.pop("value_type")

        aggregation = d.pop("aggregation")

        code = d.pop("code")

        version = d.pop("version")

        change_note = d.pop("change_note")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        disaggregations = cast(list[str], d.pop("disaggregations", UNSET))

        def _parse_sdg_target(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sdg_target = _parse_sdg_target(d.pop("sdg_target", UNSET))

        proxy = d.pop("proxy", UNSET)

        sensitivity = d.pop("sensitivity", UNSET)

        _translations = d.pop("translations", UNSET)
        translations: IndicatorVersionReadTranslations | Unset
        if isinstance(_translations, Unset):
            translations = UNSET
        else:
            translations = IndicatorVersionReadTranslations.from_dict(_translations)

        indicator_version_read = cls(
            name=name,
            definition=definition,
            method_note=method_note,
            unit=unit,
            value_type=value_type,
            aggregation=aggregation,
            code=code,
            version=version,
            change_note=change_note,
            created_at=created_at,
            disaggregations=disaggregations,
            sdg_target=sdg_target,
            proxy=proxy,
            sensitivity=sensitivity,
            translations=translations,
        )

        indicator_version_read.additional_properties = d
        return indicator_version_read

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
