"""The document as canonical JSON: the machine-readable form of a report, stable enough to hash
(sorted keys, no insignificant whitespace, UTF-8 without escapes, pydantic's JSON types)."""

import json

from services.reports.document import ReportDocument


def canonical_json(document: ReportDocument) -> bytes:
    data = document.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def document_from_json(data: bytes) -> ReportDocument:
    return ReportDocument.model_validate_json(data)
