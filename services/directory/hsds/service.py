"""Organisations in the shape of the Open Referral Human Services Data Specification, version 3.0
(HSDS: schema/compiled/organization.json and organization_list.json, and the HSDS API's `Page`).

HSDS requires an `id` (a UUID) on every nested object. Ours are derived (UUID 5) from the parent's
id and what the object stands for, so they are the same in every export and every page. Optional
fields without a value are left out, never written as null: HSDS gives them a type, not null.
See docs/formats.md for what maps to what."""

import math
import uuid
from functools import cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed, vocabularies
from services.directory.organisations import repository
from shared.errors import NotFound

VERSION = "3.0"


def child_id(parent: uuid.UUID, *what: str) -> uuid.UUID:
    """The stable UUID of a nested object: the same parent and the same item give the same id."""
    return uuid.uuid5(parent, ":".join(what))


@cache
def _country_names() -> dict[str, str]:
    return {str(row["iso3"]): str(row["name"]) for row in seed.country_rows()}


def _present(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "")}


def organization_list(row: dict[str, Any]) -> dict[str, Any]:
    """The basic organization of the HSDS `/organizations` list (organization_list.json)."""
    return {
        "id": str(row["id"]),
        **_present(name=row["name"], alternate_name=row["acronym"]),
        "description": row["description"] or "",
        **_present(email=row["contact_email"], website=row["website"]),
    }


def organization(row: dict[str, Any]) -> dict[str, Any]:
    """A fully nested HSDS organization (organization.json): its phone, its external id as an
    organization identifier, and one service per intervention with its languages and countries."""
    org_uuid = uuid.UUID(str(row["id"]))
    org_id = str(org_uuid)
    full = organization_list(row)
    if row["contact_phone"]:
        phone_id = str(child_id(org_uuid, "phone"))
        full["phones"] = [{"id": phone_id, "organization_id": org_id, "number": row["contact_phone"]}]
    if row["external_id"]:
        full["organization_identifiers"] = [
            {
                "id": str(child_id(org_uuid, "organization_identifier", "external_id")),
                "organization_id": org_id,
                "identifier_type": "external_id",
                "identifier": row["external_id"],
            }
        ]
    full["services"] = [_service(org_uuid, intervention, row) for intervention in row["interventions"]]
    return full


def _service(org: uuid.UUID, intervention: str, row: dict[str, Any]) -> dict[str, Any]:
    service_uuid = child_id(org, "service", intervention)
    service_id = str(service_uuid)
    names = _country_names()
    forms = ", ".join(vocabularies.FORMS[f].lower() for f in row["forms"] if f in vocabularies.FORMS)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": str(org),
        "name": vocabularies.INTERVENTIONS.get(intervention, intervention),
        **_present(description=f"Against {forms}" if forms else None),
        "status": "active",
    }
    if row["languages"]:
        service["languages"] = [
            {
                "id": str(child_id(service_uuid, "language", code)),
                "service_id": service_id,
                **_present(name=vocabularies.LANGUAGES.get(code)),
                "code": code,
            }
            for code in row["languages"]
        ]
    if row["countries"]:
        # A country is named, with its ISO 3166-1 alpha-3 code; no `extent` (a shape) is given,
        # so no `extent_type` either.
        service["service_areas"] = [
            {
                "id": str(child_id(service_uuid, "service_area", iso3)),
                "service_id": service_id,
                "name": names.get(iso3, iso3),
                "description": f"ISO 3166-1 alpha-3: {iso3}",
            }
            for iso3 in row["countries"]
        ]
    return service


def page_counts(*, total: int, number: int, per_page: int, size: int) -> dict[str, Any]:
    """The HSDS API's `Page`, but for its contents."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": size == 0,
    }


async def organizations_page(session: AsyncSession, *, number: int, per_page: int, full: bool) -> dict[str, Any]:
    rows, total = await repository.listed_rows(session, offset=(number - 1) * per_page, limit=per_page)
    shape = organization if full else organization_list
    contents = [shape(r) for r in rows]
    return {**page_counts(total=total, number=number, per_page=per_page, size=len(contents)), "contents": contents}


async def organization_by_id(session: AsyncSession, organisation_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.listed_row(session, organisation_id)
    if row is None:
        raise NotFound("No such organisation.")
    return organization(row)
