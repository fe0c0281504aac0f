from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.testimony_create_consent import TestimonyCreateConsent
from ..models.testimony_create_milestone_type_0 import TestimonyCreateMilestoneType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="TestimonyCreate")


@_attrs_define
class TestimonyCreate:
    """
    Attributes:
        quote (str): The survivor's words, as they agreed to share them
        country (str): ISO 3166-1 alpha-3
        consent (TestimonyCreateConsent): internal: your organisation only; coalition: its members; public: reports
        context (str | Unset): Non-identifying context, e.g. 'worked in a kiln' Default: ''.
        milestone (None | TestimonyCreateMilestoneType0 | Unset):
        coalition_id (None | Unset | UUID): With consent 'coalition'
    """

    quote: str
    country: str
    consent: TestimonyCreateConsent
    context: str | Unset = ""
    milestone: None | TestimonyCreateMilestoneType0 | Unset = UNSET
    coalition_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        quote = self.quote

        country = self.country

        consent = self.consent.value

        context = self.context

        milestone: None | str | Unset
        if isinstance(self.milestone, Unset):
            milestone = UNSET
        elif isinstance(self.milestone, TestimonyCreateMilestoneType0):
            milestone = self.milestone.value
        else:
            milestone = self.milestone

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
                "quote": quote,
                "country": country,
                "consent": consent,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context
        if milestone is not UNSET:
            field_dict["milestone"] = milestone
        if coalition_id is not UNSET:
            field_dict["coalition_id"] = coalition_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quote = d.pop("quote")

        country = d.pop("country")

        consent = TestimonyCreateConsent(d.pop("consent"))

        context = d.pop("context", UNSET)

        def _parse_milestone(data: object) -> None | TestimonyCreateMilestoneType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                milestone_type_0 = TestimonyCreateMilestoneType0(data)

                return milestone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestimonyCreateMilestoneType0 | Unset, data)

        milestone = _parse_milestone(d.pop("milestone", UNSET))

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

        testimony_create = cls(
            quote=quote,
            country=country,
            consent=consent,
            context=context,
            milestone=milestone,
            coalition_id=coalition_id,
        )

        return testimony_create
