from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.indicator_create_translations import IndicatorCreateTranslations


T = TypeVar("T", bound="IndicatorCreate")


@_attrs_define
class IndicatorCreate:
    """
    Attributes:
        name (str):
        definition (str):
        method_note (str): How to count: sources, rules, pitfalls
        unit (str):
        value_type (str): A term of 'value_types'
        aggregation (str): How values of several organisations combine: a term of 'aggregations'
        code (str): Lower case letters, digits and underscores, e.g. survivors_assisted
        disaggregations (list[str] | Unset): Allowed breakdowns
        sdg_target (None | str | Unset):  Default: '8.7'.
        proxy (bool | Unset): Measures something close to, not exactly, the outcome Default: False.
        sensitivity (str | Unset): 'sensitive' when small counts could identify survivors Default: 'normal'.
        translations (IndicatorCreateTranslations | Unset): The name, unit and definition in other languages, by
            language code (a term of 'translation_languages'); the fields above are English
    """

    name: str
    definition: str
    method_note: str
    unit: str
    value_type: str
    aggregation: str
    code: str
    disaggregations: list[str] | Unset = UNSET
    sdg_target: None | str | Unset = "8.7"
    proxy: bool | Unset = False
    sensitivity: str | Unset = "normal"
    translations: IndicatorCreateTranslations | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        definition = self.definition

        method_note = self.method_note

        unit = self.unit

        value_type = self.value_type

        aggregation = self.aggregation

        code = self.code

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

        field_dict.update(
            {
                "name": name,
                "definition": definition,
                "method_note": method_note,
                "unit": unit,
                "value_type": value_type,
                "aggregation": aggregation,
                "code": code,
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
        from ..models.indicator_create_translations import IndicatorCreateTranslations  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        definition = d.pop("definition")

        method_note = d.pop("method_note")

        unit = d.pop("unit")

        value_type = d.pop("value_type")

        aggregation = d.pop("aggregation")

        code = d.pop("code")

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
        translations: IndicatorCreateTranslations | Unset
        if isinstance(_translations, Unset):
            translations = UNSET
        else:
            translations = IndicatorCreateTranslations.from_dict(_translations)

        indicator_create = cls(
            name=name,
            definition=definition,
            method_note=method_note,
            unit=unit,
            value_type=value_type,
            aggregation=aggregation,
            code=code,
            disaggregations=disaggregations,
            sdg_target=sdg_target,
            proxy=proxy,
            sensitivity=sensitivity,
            translations=translations,
        )

        return indicator_create
