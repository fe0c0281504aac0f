from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.import_counts import ImportCounts
    from ..models.import_progress import ImportProgress
    from ..models.import_read_errors_item import ImportReadErrorsItem


T = TypeVar("T", bound="ImportRead")


@_attrs_define
class ImportRead:
    """
    Attributes:
        id (UUID):
        status (str):
        format_ (str):
        progress (ImportProgress):
        counts (ImportCounts):
        errors (list[ImportReadErrorsItem]): Per row: row number, external_id, field, reason
        error (None | str): Why the whole import failed, if it did
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    id: UUID
    status: str
    format_: str
    progress: ImportProgress
    counts: ImportCounts
    errors: list[ImportReadErrorsItem]
    error: None | str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        status = self.status

        format_ = self.format_

        progress = self.progress.to_dict()

        counts = self.counts.to_dict()

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        error: None | str
        error = self.error

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
                "format": format_,
                "progress": progress,
                "counts": counts,
                "errors": errors,
                "error": error,
                "created_at": created_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_counts import ImportCounts  # noqa: PLC0415
        from ..models.import_progress import ImportProgress  # noqa: PLC0415
        from ..models.import_read_errors_item import ImportReadErrorsItem  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = d.pop("status")

        format_ = d.pop("format")

        progress = ImportProgress.from_dict(d.pop("progress"))

        counts = ImportCounts.from_dict(d.pop("counts"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ImportReadErrorsItem.from_dict(errors_item_data)

            errors.append(errors_item)

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

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

        import_read = cls(
            id=id,
            status=status,
            format_=format_,
            progress=progress,
            counts=counts,
            errors=errors,
            error=error,
            created_at=created_at,
            finished_at=finished_at,
        )

        import_read.additional_properties = d
        return import_read

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
