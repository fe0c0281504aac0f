from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_read_status import BatchReadStatus

if TYPE_CHECKING:
    from ..models.batch_counts import BatchCounts
    from ..models.batch_read_errors_item import BatchReadErrorsItem
    from ..models.batch_read_progress import BatchReadProgress


T = TypeVar("T", bound="BatchRead")


@_attrs_define
class BatchRead:
    """
    Attributes:
        id (UUID):
        status (BatchReadStatus):
        atomic (str): How the batch is applied
        progress (BatchReadProgress):
        counts (BatchCounts):
        errors (list[BatchReadErrorsItem]): Row (1 = first data row), field and reason; at most 1,000
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    id: UUID
    status: BatchReadStatus
    atomic: str
    progress: BatchReadProgress
    counts: BatchCounts
    errors: list[BatchReadErrorsItem]
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status.value

        atomic = self.atomic

        progress = self.progress.to_dict()

        counts = self.counts.to_dict()

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "atomic": atomic,
                "progress": progress,
                "counts": counts,
                "errors": errors,
                "created_at": created_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_counts import BatchCounts  # noqa: PLC0415
        from ..models.batch_read_errors_item import BatchReadErrorsItem  # noqa: PLC0415
        from ..models.batch_read_progress import BatchReadProgress  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = BatchReadStatus(d.pop("status"))

        atomic = d.pop("atomic")

        progress = BatchReadProgress.from_dict(d.pop("progress"))

        counts = BatchCounts.from_dict(d.pop("counts"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = BatchReadErrorsItem.from_dict(errors_item_data)

            errors.append(errors_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        batch_read = cls(
            id=id,
            status=status,
            atomic=atomic,
            progress=progress,
            counts=counts,
            errors=errors,
            created_at=created_at,
            finished_at=finished_at,
        )

        batch_read.additional_properties = d
        return batch_read

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
