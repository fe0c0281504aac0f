from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EndorsementRead")


@_attrs_define
class EndorsementRead:
    """
    Attributes:
        run_id (UUID):
        organisation_id (None | UUID): Null on a published run once the organisation is no longer an active member of
            the coalition (and while the directory cannot say): the edition names it, but no longer ties its id to the
            coalition
        organisation_name (str):
        endorsed (bool):
        statement (str):
        created_at (datetime.datetime): When the organisation first gave its position; on a published run, the same as
            updated_at: the edition states the position, not how it changed in review
        updated_at (datetime.datetime):
    """

    run_id: UUID
    organisation_id: None | UUID
    organisation_name: str
    endorsed: bool
    statement: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = str(self.run_id)

        organisation_id: None | str
        if isinstance(self.organisation_id, UUID):
            organisation_id = str(self.organisation_id)
        else:
            organisation_id = self.organisation_id

        organisation_name = self.organisation_name

        endorsed = self.endorsed

        statement = self.statement

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "organisation_id": organisation_id,
                "organisation_name": organisation_name,
                "endorsed": endorsed,
                "statement": statement,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = UUID(d.pop("run_id"))

        def _parse_organisation_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organisation_id_type_0 = UUID(data)

                return organisation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id"))

        organisation_name = d.pop("organisation_name")

        endorsed = d.pop("endorsed")

        statement = d.pop("statement")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        endorsement_read = cls(
            run_id=run_id,
            organisation_id=organisation_id,
            organisation_name=organisation_name,
            endorsed=endorsed,
            statement=statement,
            created_at=created_at,
            updated_at=updated_at,
        )

        endorsement_read.additional_properties = d
        return endorsement_read

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
