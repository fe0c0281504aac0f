from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organisation_read_status import OrganisationReadStatus

T = TypeVar("T", bound="OrganisationRead")


@_attrs_define
class OrganisationRead:
    """
    Attributes:
        id (UUID):
        external_id (None | str):
        name (str):
        acronym (None | str):
        kind (str):
        hq_country (None | str):
        countries (list[str]):
        regions (list[str]):
        forms (list[str]):
        interventions (list[str]):
        sectors (list[str]):
        languages (list[str]):
        survivor_leadership (list[str]):
        action_groups (list[str]):
        alliance87_partner (bool):
        size_band (None | str):
        website (None | str):
        contact_email (None | str):
        contact_phone (None | str):
        description (str):
        demo (bool):
        status (OrganisationReadStatus): `pending` until a reviewer approves a self-registered organisation; only
            `active` ones are listed, and only its own accounts and reviewers see the others
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    external_id: None | str
    name: str
    acronym: None | str
    kind: str
    hq_country: None | str
    countries: list[str]
    regions: list[str]
    forms: list[str]
    interventions: list[str]
    sectors: list[str]
    languages: list[str]
    survivor_leadership: list[str]
    action_groups: list[str]
    alliance87_partner: bool
    size_band: None | str
    website: None | str
    contact_email: None | str
    contact_phone: None | str
    description: str
    demo: bool
    status: OrganisationReadStatus
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        external_id: None | str
        external_id = self.external_id

        name = self.name

        acronym: None | str
        acronym = self.acronym

        kind = self.kind

        hq_country: None | str
        hq_country = self.hq_country

        countries = self.countries

        regions = self.regions

        forms = self.forms

        interventions = self.interventions

        sectors = self.sectors

        languages = self.languages

        survivor_leadership = self.survivor_leadership

        action_groups = self.action_groups

        alliance87_partner = self.alliance87_partner

        size_band: None | str
        size_band = self.size_band

        website: None | str
        website = self.website

        contact_email: None | str
        contact_email = self.contact_email

        contact_phone: None | str
        contact_phone = self.contact_phone

        description = self.description

        demo = self.demo

        status = self.status.value

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "external_id": external_id,
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "hq_country": hq_country,
                "countries": countries,
                "regions": regions,
                "forms": forms,
                "interventions": interventions,
                "sectors": sectors,
                "languages": languages,
                "survivor_leadership": survivor_leadership,
                "action_groups": action_groups,
                "alliance87_partner": alliance87_partner,
                "size_band": size_band,
                "website": website,
                "contact_email": contact_email,
                "contact_phone": contact_phone,
                "description": description,
                "demo": demo,
                "status": status,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        name = d.pop("name")

        def _parse_acronym(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acronym = _parse_acronym(d.pop("acronym"))

        kind = d.pop("kind")

        def _parse_hq_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hq_country = _parse_hq_country(d.pop("hq_country"))

        countries = cast(list[str], d.pop("countries"))

        regions = cast(list[str], d.pop("regions"))

        forms = cast(list[str], d.pop("forms"))

        interventions = cast(list[str], d.pop("interventions"))

        sectors = cast(list[str], d.pop("sectors"))

        languages = cast(list[str], d.pop("languages"))

        survivor_leadership = cast(list[str], d.pop("survivor_leadership"))

        action_groups = cast(list[str], d.pop("action_groups"))

        alliance87_partner = d.pop("alliance87_partner")

        def _parse_size_band(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        size_band = _parse_size_band(d.pop("size_band"))

        def _parse_website(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        website = _parse_website(d.pop("website"))

        def _parse_contact_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_email = _parse_contact_email(d.pop("contact_email"))

        def _parse_contact_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_phone = _parse_contact_phone(d.pop("contact_phone"))

        description = d.pop("description")

        demo = d.pop("demo")

        status = OrganisationReadStatus(d.pop("status"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        organisation_read = cls(
            id=id,
            external_id=external_id,
            name=name,
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
            demo=demo,
            status=status,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
        )

        organisation_read.additional_properties = d
        return organisation_read

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
