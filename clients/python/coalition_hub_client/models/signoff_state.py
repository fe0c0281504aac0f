from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.endorsement_read import EndorsementRead
    from ..models.rule_read import RuleRead


T = TypeVar("T", bound="SignoffState")


@_attrs_define
class SignoffState:
    """
    Attributes:
        rule (RuleRead):
        endorsements (list[EndorsementRead]):
        satisfied (bool): Whether the rule is met (always, once published: it was met then)
        missing (None | str): What publication still waits for
    """

    rule: RuleRead
    endorsements: list[EndorsementRead]
    satisfied: bool
    missing: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule.to_dict()

        endorsements = []
        for endorsements_item_data in self.endorsements:
            endorsements_item = endorsements_item_data.to_dict()
            endorsements.append(endorsements_item)

        satisfied = self.satisfied

        missing: None | str
        missing = self.missing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule": rule,
                "endorsements": endorsements,
                "satisfied": satisfied,
                "missing": missing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endorsement_read import EndorsementRead  # noqa: PLC0415
        from ..models.rule_read import RuleRead  # noqa: PLC0415

        d = dict(src_dict)
        rule = RuleRead.from_dict(d.pop("rule"))

        endorsements = []
        _endorsements = d.pop("endorsements")
        for endorsements_item_data in _endorsements:
            endorsements_item = EndorsementRead.from_dict(endorsements_item_data)

            endorsements.append(endorsements_item)

        satisfied = d.pop("satisfied")

        def _parse_missing(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        missing = _parse_missing(d.pop("missing"))

        signoff_state = cls(
            rule=rule,
            endorsements=endorsements,
            satisfied=satisfied,
            missing=missing,
        )

        signoff_state.additional_properties = d
        return signoff_state

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
