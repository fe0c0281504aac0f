"""Where a report's rendered forms are kept: in the run's PostgreSQL row
(`REPORTS_ARTIFACT_STORE=postgres`, the default) or in S3-compatible object storage (`s3`), under
`<REPORTS_S3_PREFIX><run id>/report.<ext>`, with the row keeping the keys. Either way no form is
written to local disk and any replica serves every report.

Objects are written before the run's final transaction, under keys fixed by the run, so an
attempt killed midway and its retry write the same objects: a report never has two copies.
Reading follows the row, not the setting, so runs stored before a switch stay readable."""

import asyncio
import uuid
from typing import Any

from services.reports.config import ReportsSettings
from services.reports.models.runs import ReportRun
from shared.errors import Conflict

# The run's attribute for each form, its file extension and media type.
FORMS = {
    "html": ("html", "text/html; charset=utf-8"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
    "json": ("json", "application/json"),
    "pdf": ("pdf", "application/pdf"),
    "sdmx": ("csv", "text/csv; charset=utf-8"),
}
# The variants a run's forms are kept under: the draft's, and the published edition's beside them.
PUBLISHED = "published/"
VARIANTS = ("", PUBLISHED)


def every_variant(key: str) -> list[str]:
    """The object keys of a form in every variant, from the key of one: a published edition
    keeps its draft's objects beside its own, and both quote what the edition quotes."""
    folder, name = key.rsplit("/", 1)
    run_folder = folder.removesuffix("/" + PUBLISHED.rstrip("/"))
    return [f"{run_folder}/{variant}{name}" for variant in VARIANTS]


class Artifacts:
    def __init__(self, settings: ReportsSettings) -> None:
        self.to_s3 = settings.artifact_store == "s3"
        self.bucket, self.prefix = settings.s3_bucket, settings.s3_prefix
        self.s3 = None
        if settings.s3_bucket:
            import boto3  # only with a bucket: 10 MB of every process that imports this otherwise

            # Credentials come from the usual AWS settings (environment, files or the pod's role).
            self.s3 = boto3.client("s3", endpoint_url=settings.s3_endpoint_url or None, region_name=settings.s3_region)

    async def keep(self, run_id: uuid.UUID, forms: dict[str, str | bytes], variant: str = "") -> dict[str, Any]:
        """The run's columns for these forms: the forms themselves, or their object keys. A
        `variant` ("published/") keeps them beside the draft's, which a rolled-back publication
        leaves untouched."""
        if not self.to_s3:
            return {**forms, "artifact_keys": None}
        keys = {}
        for attribute, value in forms.items():
            extension, media_type = FORMS[attribute]
            key = f"{self.prefix}{run_id}/{variant}report.{extension}"
            body = value.encode() if isinstance(value, str) else value
            await asyncio.to_thread(
                self.s3.put_object,  # type: ignore[union-attr]
                Bucket=self.bucket,
                Key=key,
                Body=body,
                ContentType=media_type,
            )
            keys[attribute] = key
        return {**dict.fromkeys(forms), "artifact_keys": keys}

    async def forget(self, keys: list[str]) -> None:
        """Deletes the objects of erased forms (forms kept in PostgreSQL go with their row's columns)."""
        if self.s3 is None:
            return
        for key in keys:
            await asyncio.to_thread(self.s3.delete_object, Bucket=self.bucket, Key=key)

    async def read(self, run: ReportRun, attribute: str) -> str | bytes:
        key = (run.artifact_keys or {}).get(attribute)
        if key is None:
            value = getattr(run, attribute)
            if value is None:  # e.g. a form added after this run was made
                raise Conflict(f"Report run {run.id} holds no {attribute} form; request the report again.")
            return value
        if self.s3 is None:
            raise RuntimeError("this report's forms are in S3, but REPORTS_S3_BUCKET is not set")
        answer = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
        return await asyncio.to_thread(answer["Body"].read)
