from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

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
    """

    milestone: CommitmentCreateMilestone
    text: str
    responsible_body: str
    target_date: datetime.date | None | Unset = UNSET
    indicators: list[str] | Unset = UNSET
    note: str | Unset = ""

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

        commitment_create = cls(
            milestone=milestone,
            text=text,
            responsible_body=responsible_body,
            target_date=target_date,
            indicators=indicators,
            note=note,
        )

        return commitment_create
