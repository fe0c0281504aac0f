from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.commitment_create_milestone import CommitmentCreateMilestone
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommitmentCreate")


@_attrs_define
class CommitmentCreate:
    """
    Attributes:
        milestone (CommitmentCreateMilestone): One of the five milestones of the government-response framework
        text (str): What the government committed to
        responsible_body (str):
        target_date (datetime.date | None | Unset):
        indicators (list[str] | Unset): Codes of adopted indicators measuring it
        note (str | Unset):  Default: ''.
        coalition_id (None | Unset | UUID): The coalition entering it (one you administer, active in the country), whose
            admins then edit it; needed only when you administer several there. Platform admins may leave it out.
    """

    milestone: CommitmentCreateMilestone
    text: str
    responsible_body: str
    target_date: datetime.date | None | Unset = UNSET
    indicators: list[str] | Unset = UNSET
    note: str | Unset = ""
    coalition_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        milestone = self.milestone.value

        text = self.text

        responsible_body = self.responsible_body

        target_date: None | str | Unset
        if isinstance(self.target_date, Unset):
            target_date = UNSET
        elif isinstance(self.target_date, datetime.date):
            target_date = self.target_date.isoformat()
        else:
            target_date = self.target_date

        indicators: list[str] | Unset = UNSET
        if not isinstance(self.indicators, Unset):
            indicators = self.indicators

        note = self.note

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
                "milestone": milestone,
                "text": text,
                "responsible_body": responsible_body,
            }
        )
        if target_date is not UNSET:
            field_dict["target_date"] = target_date
        if indicators is not UNSET:
            field_dict["indicators"] = indicators
        if note is not UNSET:
            field_dict["note"] = note
        if coalition_id is not UNSET:
            field_dict["coalition_id"] = coalition_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        milestone = CommitmentCreateMilestone(d.pop("milestone"))

        text = d.pop("text")

        responsible_body = d.pop("responsible_body")

        def _parse_target_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_date_type_0 = datetime.date.fromisoformat(data)

                return target_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        target_date = _parse_target_date(d.pop("target_date", UNSET))

        indicators = cast(list[str], d.pop("indicators", UNSET))

        note = d.pop("note", UNSET)

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

        commitment_create = cls(
            milestone=milestone,
            text=text,
            responsible_body=responsible_body,
            target_date=target_date,
            indicators=indicators,
            note=note,
            coalition_id=coalition_id,
        )

        return commitment_create
