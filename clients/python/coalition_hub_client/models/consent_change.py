from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.consent_change_consent import ConsentChangeConsent
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentChange")


@_attrs_define
class ConsentChange:
    """A narrower consent than the current one, or its withdrawal.

    Attributes:
        consent (ConsentChangeConsent):
        coalition_id (None | Unset | UUID): With consent 'coalition'
    """

    consent: ConsentChangeConsent
    coalition_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        consent = self.consent.value

        coalition_id: None | str | Unset
        if isinstance(self.coalition_id, Unset):
            coalition_id = UNSET
        elif isinstance(self.coalition_id, UUID):
            coalition_id = str(self.coalition_id)
        else:
            coalition_id = self.coalition_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consent": consent,
            }
        )
        if coalition_id is not UNSET:
            field_dict["coalition_id"] = coalition_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent = ConsentChangeConsent(d.pop("consent"))

        def _parse_coalition_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coalition_id_type_0 = UUID(data)

                return coalition_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        coalition_id = _parse_coalition_id(d.pop("coalition_id", UNSET))

        consent_change = cls(
            consent=consent,
            coalition_id=coalition_id,
        )

        return consent_change
