from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.organisation_read import OrganisationRead


T = TypeVar("T", bound="PartnerMatch")


@_attrs_define
class PartnerMatch:
    """
    Attributes:
        organisation (OrganisationRead):
        score (int): 3 per shared country, 2 per shared form, 1 per complementary intervention or shared sector
        shared_countries (list[str]):
        shared_forms (list[str]):
        complementary (list[str]): Interventions the partner does that the organisation does not
        shared_sectors (list[str]):
        reasons (list[str]):
    """

    organisation: OrganisationRead
    score: int
    shared_countries: list[str]
    shared_forms: list[str]
    complementary: list[str]
    shared_sectors: list[str]
    reasons: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organisation = self.organisation.to_dict()

        score = self.score

        shared_countries = self.shared_countries

        shared_forms = self.shared_forms

        complementary = self.complementary

        shared_sectors = self.shared_sectors

        reasons = self.reasons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organisation": organisation,
                "score": score,
                "shared_countries": shared_countries,
                "shared_forms": shared_forms,
                "complementary": complementary,
                "shared_sectors": shared_sectors,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organisation_read import OrganisationRead  # noqa: PLC0415

        d = dict(src_dict)
        organisation = OrganisationRead.from_dict(d.pop("organisation"))

        score = d.pop("score")

        shared_countries = cast(list[str], d.pop("shared_countries"))

        shared_forms = cast(list[str], d.pop("shared_forms"))

        complementary = cast(list[str], d.pop("complementary"))

        shared_sectors = cast(list[str], d.pop("shared_sectors"))

        reasons = cast(list[str], d.pop("reasons"))

        partner_match = cls(
            organisation=organisation,
            score=score,
            shared_countries=shared_countries,
            shared_forms=shared_forms,
            complementary=complementary,
            shared_sectors=shared_sectors,
            reasons=reasons,
        )

        partner_match.additional_properties = d
        return partner_match

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
