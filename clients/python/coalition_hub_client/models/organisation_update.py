from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganisationUpdate")


@_attrs_define
class OrganisationUpdate:
    """Only the fields given change; null clears the fields that may be empty (acronym, hq_country,
    size_band, website, contact_email, contact_phone) and is refused for the others.

        Attributes:
            acronym (None | str | Unset):
            kind (None | str | Unset): A term of the 'kinds' vocabulary
            hq_country (None | str | Unset): ISO 3166-1 alpha-3
            countries (list[str] | None | Unset): Countries of operation, ISO 3166-1 alpha-3
            regions (list[str] | None | Unset):
            forms (list[str] | None | Unset): Forms of exploitation
            interventions (list[str] | None | Unset):
            sectors (list[str] | None | Unset):
            languages (list[str] | None | Unset): ISO 639-1 codes
            survivor_leadership (list[str] | None | Unset):
            action_groups (list[str] | None | Unset): Alliance 8.7 action groups (slugs)
            alliance87_partner (bool | None | Unset):
            size_band (None | str | Unset):
            website (None | str | Unset):
            contact_email (None | str | Unset): Public contact address
            contact_phone (None | str | Unset):
            description (None | str | Unset):
            name (None | str | Unset):
    """

    acronym: None | str | Unset = UNSET
    kind: None | str | Unset = UNSET
    hq_country: None | str | Unset = UNSET
    countries: list[str] | None | Unset = UNSET
    regions: list[str] | None | Unset = UNSET
    forms: list[str] | None | Unset = UNSET
    interventions: list[str] | None | Unset = UNSET
    sectors: list[str] | None | Unset = UNSET
    languages: list[str] | None | Unset = UNSET
    survivor_leadership: list[str] | None | Unset = UNSET
    action_groups: list[str] | None | Unset = UNSET
    alliance87_partner: bool | None | Unset = UNSET
    size_band: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    contact_email: None | str | Unset = UNSET
    contact_phone: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        acronym: None | str | Unset
        if isinstance(self.acronym, Unset):
            acronym = UNSET
        else:
            acronym = self.acronym

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        hq_country: None | str | Unset
        if isinstance(self.hq_country, Unset):
            hq_country = UNSET
        else:
            hq_country = self.hq_country

        countries: list[str] | None | Unset
        if isinstance(self.countries, Unset):
            countries = UNSET
        elif isinstance(self.countries, list):
            countries = self.countries

        else:
            countries = self.countries

        regions: list[str] | None | Unset
        if isinstance(self.regions, Unset):
            regions = UNSET
        elif isinstance(self.regions, list):
            regions = self.regions

        else:
            regions = self.regions

        forms: list[str] | None | Unset
        if isinstance(self.forms, Unset):
            forms = UNSET
        elif isinstance(self.forms, list):
            forms = self.forms

        else:
            forms = self.forms

        interventions: list[str] | None | Unset
        if isinstance(self.interventions, Unset):
            interventions = UNSET
        elif isinstance(self.interventions, list):
            interventions = self.interventions

        else:
            interventions = self.interventions

        sectors: list[str] | None | Unset
        if isinstance(self.sectors, Unset):
            sectors = UNSET
        elif isinstance(self.sectors, list):
            sectors = self.sectors

        else:
            sectors = self.sectors

        languages: list[str] | None | Unset
        if isinstance(self.languages, Unset):
            languages = UNSET
        elif isinstance(self.languages, list):
            languages = self.languages

        else:
            languages = self.languages

        survivor_leadership: list[str] | None | Unset
        if isinstance(self.survivor_leadership, Unset):
            survivor_leadership = UNSET
        elif isinstance(self.survivor_leadership, list):
            survivor_leadership = self.survivor_leadership

        else:
            survivor_leadership = self.survivor_leadership

        action_groups: list[str] | None | Unset
        if isinstance(self.action_groups, Unset):
            action_groups = UNSET
        elif isinstance(self.action_groups, list):
            action_groups = self.action_groups

        else:
            action_groups = self.action_groups

        alliance87_partner: bool | None | Unset
        if isinstance(self.alliance87_partner, Unset):
            alliance87_partner = UNSET
        else:
            alliance87_partner = self.alliance87_partner

        size_band: None | str | Unset
        if isinstance(self.size_band, Unset):
            size_band = UNSET
        else:
            size_band = self.size_band

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        contact_email: None | str | Unset
        if isinstance(self.contact_email, Unset):
            contact_email = UNSET
        else:
            contact_email = self.contact_email

        contact_phone: None | str | Unset
        if isinstance(self.contact_phone, Unset):
            contact_phone = UNSET
        else:
            contact_phone = self.contact_phone

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if acronym is not UNSET:
            field_dict["acronym"] = acronym
        if kind is not UNSET:
            field_dict["kind"] = kind
        if hq_country is not UNSET:
            field_dict["hq_country"] = hq_country
        if countries is not UNSET:
            field_dict["countries"] = countries
        if regions is not UNSET:
            field_dict["regions"] = regions
        if forms is not UNSET:
            field_dict["forms"] = forms
        if interventions is not UNSET:
            field_dict["interventions"] = interventions
        if sectors is not UNSET:
            field_dict["sectors"] = sectors
        if languages is not UNSET:
            field_dict["languages"] = languages
        if survivor_leadership is not UNSET:
            field_dict["survivor_leadership"] = survivor_leadership
        if action_groups is not UNSET:
            field_dict["action_groups"] = action_groups
        if alliance87_partner is not UNSET:
            field_dict["alliance87_partner"] = alliance87_partner
        if size_band is not UNSET:
            field_dict["size_band"] = size_band
        if website is not UNSET:
            field_dict["website"] = website
        if contact_email is not UNSET:
            field_dict["contact_email"] = contact_email
        if contact_phone is not UNSET:
            field_dict["contact_phone"] = contact_phone
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_acronym(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acronym = _parse_acronym(d.pop("acronym", UNSET))

        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_hq_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hq_country = _parse_hq_country(d.pop("hq_country", UNSET))

        def _parse_countries(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                countries_type_0 = cast(list[str], data)

                return countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        countries = _parse_countries(d.pop("countries", UNSET))

        def _parse_regions(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                regions_type_0 = cast(list[str], data)

                return regions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        regions = _parse_regions(d.pop("regions", UNSET))

        def _parse_forms(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                forms_type_0 = cast(list[str], data)

                return forms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        forms = _parse_forms(d.pop("forms", UNSET))

        def _parse_interventions(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                interventions_type_0 = cast(list[str], data)

                return interventions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        interventions = _parse_interventions(d.pop("interventions", UNSET))

        def _parse_sectors(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                sectors_type_0 = cast(list[str], data)

                return sectors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        sectors = _parse_sectors(d.pop("sectors", UNSET))

        def _parse_languages(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                languages_type_0 = cast(list[str], data)

                return languages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        languages = _parse_languages(d.pop("languages", UNSET))

        def _parse_survivor_leadership(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                survivor_leadership_type_0 = cast(list[str], data)

                return survivor_leadership_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        survivor_leadership = _parse_survivor_leadership(d.pop("survivor_leadership", UNSET))

        def _parse_action_groups(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                action_groups_type_0 = cast(list[str], data)

                return action_groups_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        action_groups = _parse_action_groups(d.pop("action_groups", UNSET))

        def _parse_alliance87_partner(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        alliance87_partner = _parse_alliance87_partner(d.pop("alliance87_partner", UNSET))

        def _parse_size_band(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        size_band = _parse_size_band(d.pop("size_band", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        def _parse_contact_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_email = _parse_contact_email(d.pop("contact_email", UNSET))

        def _parse_contact_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_phone = _parse_contact_phone(d.pop("contact_phone", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        organisation_update = cls(
            acronym=acronym,
            kind=kind,
            hq_country=hq_country,
            countries=countries,
            regions=regions,
            forms=forms,
            interventions=interventions,
            sectors=sectors,
            languages=languages,
            survivor_leadership=survivor_leadership,
            action_groups=action_groups,
            alliance87_partner=alliance87_partner,
            size_band=size_band,
            website=website,
            contact_email=contact_email,
            contact_phone=contact_phone,
            description=description,
            name=name,
        )

        return organisation_update
