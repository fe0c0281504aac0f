from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.commitment_update_milestone_type_0 import CommitmentUpdateMilestoneType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommitmentUpdate")


@_attrs_define
class CommitmentUpdate:
    """Only the fields given change; `target_date: null` clears the date.

    Attributes:
        milestone (CommitmentUpdateMilestoneType0 | None | Unset):
        text (None | str | Unset):
        responsible_body (None | str | Unset):
        target_date (datetime.date | None | Unset):
        indicators (list[str] | None | Unset):
        note (None | str | Unset):
    """

    milestone: CommitmentUpdateMilestoneType0 | None | Unset = UNSET
    text: None | str | Unset = UNSET
    responsible_body: None | str | Unset = UNSET
    target_date: datetime.date | None | Unset = UNSET
    indicators: list[str] | None | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        milestone: None | str | Unset
        if isinstance(self.milestone, Unset):
            milestone = UNSET
        elif isinstance(self.milestone, CommitmentUpdateMilestoneType0):
            milestone = self.milestone.value
        else:
            milestone = self.milestone

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        responsible_body: None | str | Unset
        if isinstance(self.responsible_body, Unset):
            responsible_body = UNSET
        else:
            responsible_body = self.responsible_body

        target_date: None | str | Unset
        if isinstance(self.target_date, Unset):
            target_date = UNSET
        elif isinstance(self.target_date, datetime.date):
            target_date = self.target_date.isoformat()
        else:
            target_date = self.target_date

        indicators: list[str] | None | Unset
        if isinstance(self.indicators, Unset):
            indicators = UNSET
        elif isinstance(self.indicators, list):
            indicators = self.indicators

        else:
            indicators = self.indicators

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if milestone is not UNSET:
            field_dict["milestone"] = milestone
        if text is not UNSET:
            field_dict["text"] = text
        if responsible_body is not UNSET:
            field_dict["responsible_body"] = responsible_body
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

        def _parse_milestone(data: object) -> CommitmentUpdateMilestoneType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                milestone_type_0 = CommitmentUpdateMilestoneType0(data)

                return milestone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CommitmentUpdateMilestoneType0 | None | Unset, data)

        milestone = _parse_milestone(d.pop("milestone", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        def _parse_responsible_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        responsible_body = _parse_responsible_body(d.pop("responsible_body", UNSET))

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

        def _parse_indicators(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                indicators_type_0 = cast(list[str], data)

                return indicators_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        indicators = _parse_indicators(d.pop("indicators", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        commitment_update = cls(
            milestone=milestone,
            text=text,
            responsible_body=responsible_body,
            target_date=target_date,
            indicators=indicators,
            note=note,
        )

        return commitment_update
