from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.report_run_read_status import ReportRunReadStatus
from ..models.report_run_read_workflow import ReportRunReadWorkflow

if TYPE_CHECKING:
    from ..models.report_progress import ReportProgress
    from ..models.report_run_read_artifacts import ReportRunReadArtifacts


T = TypeVar("T", bound="ReportRunRead")


@_attrs_define
class ReportRunRead:
    """
    Attributes:
        id (UUID):
        country (str):
        period (str):
        coalition_id (UUID):
        template (str):
        language (str):
        status (ReportRunReadStatus):
        progress (ReportProgress):
        attempts (int):
        error (None | str):
        workflow (ReportRunReadWorkflow):
        edition (int):
        previous_id (None | UUID):
        same_as (None | UUID): An earlier run with the same inputs, whose report this is
        content_hash (None | str): sha256 of the inputs; null once the report is withdrawn (`needs_regeneration`)
        needs_regeneration (bool):
        regeneration_reason (None | str):
        public_url (None | str):
        artifacts (ReportRunReadArtifacts): Format -> path, once generated
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
        published_at (datetime.datetime | None):
    """

    id: UUID
    country: str
    period: str
    coalition_id: UUID
    template: str
    language: str
    status: ReportRunReadStatus
    progress: ReportProgress
    attempts: int
    error: None | str
    workflow: ReportRunReadWorkflow
    edition: int
    previous_id: None | UUID
    same_as: None | UUID
    content_hash: None | str
    needs_regeneration: bool
    regeneration_reason: None | str
    public_url: None | str
    artifacts: ReportRunReadArtifacts
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    published_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        country = self.country

        period = self.period

        coalition_id = str(self.coalition_id)

        template = self.template

        language = self.language

        status = self.status.value

        progress = self.progress.to_dict()

        attempts = self.attempts

        error: None | str
        error = self.error

        workflow = self.workflow.value

        edition = self.edition

        previous_id: None | str
        if isinstance(self.previous_id, UUID):
            previous_id = str(self.previous_id)
        else:
            previous_id = self.previous_id

        same_as: None | str
        if isinstance(self.same_as, UUID):
            same_as = str(self.same_as)
        else:
            same_as = self.same_as

        content_hash: None | str
        content_hash = self.content_hash

        needs_regeneration = self.needs_regeneration

        regeneration_reason: None | str
        regeneration_reason = self.regeneration_reason

        public_url: None | str
        public_url = self.public_url

        artifacts = self.artifacts.to_dict()

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "country": country,
                "period": period,
                "coalition_id": coalition_id,
                "template": template,
                "language": language,
                "status": status,
                "progress": progress,
                "attempts": attempts,
                "error": error,
                "workflow": workflow,
                "edition": edition,
                "previous_id": previous_id,
                "same_as": same_as,
                "content_hash": content_hash,
                "needs_regeneration": needs_regeneration,
                "regeneration_reason": regeneration_reason,
                "public_url": public_url,
                "artifacts": artifacts,
                "created_at": created_at,
                "finished_at": finished_at,
                "published_at": published_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_progress import ReportProgress  # noqa: PLC0415
        from ..models.report_run_read_artifacts import ReportRunReadArtifacts  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        country = d.pop("country")

        period = d.pop("period")

        coalition_id = UUID(d.pop("coalition_id"))

        template = d.pop("template")

        language = d.pop("language")

        status = ReportRunReadStatus(d.pop("status"))

        progress = ReportProgress.from_dict(d.pop("progress"))

        attempts = d.pop("attempts")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        workflow = ReportRunReadWorkflow(d.pop("workflow"))

        edition = d.pop("edition")

        def _parse_previous_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_id_type_0 = UUID(data)

                return previous_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        previous_id = _parse_previous_id(d.pop("previous_id"))

        def _parse_same_as(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                same_as_type_0 = UUID(data)

                return same_as_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        same_as = _parse_same_as(d.pop("same_as"))

        def _parse_content_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content_hash = _parse_content_hash(d.pop("content_hash"))

        needs_regeneration = d.pop("needs_regeneration")

        def _parse_regeneration_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        regeneration_reason = _parse_regeneration_reason(d.pop("regeneration_reason"))

        def _parse_public_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        public_url = _parse_public_url(d.pop("public_url"))

        artifacts = ReportRunReadArtifacts.from_dict(d.pop("artifacts"))

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

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        report_run_read = cls(
            id=id,
            country=country,
            period=period,
            coalition_id=coalition_id,
            template=template,
            language=language,
            status=status,
            progress=progress,
            attempts=attempts,
            error=error,
            workflow=workflow,
            edition=edition,
            previous_id=previous_id,
            same_as=same_as,
            content_hash=content_hash,
            needs_regeneration=needs_regeneration,
            regeneration_reason=regeneration_reason,
            public_url=public_url,
            artifacts=artifacts,
            created_at=created_at,
            finished_at=finished_at,
            published_at=published_at,
        )

        report_run_read.additional_properties = d
        return report_run_read

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
