"""Where a report's rendered forms are kept: in the run's PostgreSQL row
(`REPORTS_ARTIFACT_STORE=postgres`, the default) or in S3-compatible object storage (`s3`), under
`<REPORTS_S3_PREFIX><run id>/report.<ext>`, with the row keeping the keys. Either way no form is
written to local disk and any replica serves every report.

Objects are written before the run's final transaction, under keys fixed by the run, so an
attempt killed midway and its retry write the same objects: a report never has two copies.
Reading follows the row, not the setting, so runs stored before a switch stay readable.

Object storage that cannot be reached, or answers 5xx, is an outage like a peer's (a 503 with
Retry-After for a request, a retry for a job); one that refuses (credentials, bucket) a 502."""

import asyncio
import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from services.reports.config import ReportsSettings
from services.reports.models.runs import ReportRun
from shared.errors import Conflict, PeerUnavailable, UpstreamTimeout, UpstreamUnavailable

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
            from botocore.config import Config

            # Credentials come from the usual AWS settings (environment, files or the pod's role).
            # Bounded waits: an outage is told within seconds, not after boto's minute per try.
            self.s3 = boto3.client(
                "s3",
                endpoint_url=settings.s3_endpoint_url or None,
                region_name=settings.s3_region,
                config=Config(connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 2}),
            )

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
            await self._call("put_object", Key=key, Body=body, ContentType=media_type)
            keys[attribute] = key
        return {**dict.fromkeys(forms), "artifact_keys": keys}

    async def forget(self, keys: list[str]) -> None:
        """Deletes the objects of erased forms, with every version of them (forms kept in
        PostgreSQL go with their row's columns)."""
        if self.s3 is None:
            return
        for key in keys:
            await self._call("delete_object", Key=key)  # an object already gone is no error
            # In a versioned bucket that only hid it: every version it had is deleted too.
            listed = await self._call("list_object_versions", Prefix=key)
            for version in [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]:
                if version["Key"] == key:
                    await self._call("delete_object", Key=key, VersionId=version["VersionId"])

    async def read(self, run: ReportRun, attribute: str) -> str | bytes:
        key = (run.artifact_keys or {}).get(attribute)
        if key is None:
            value = getattr(run, attribute)
            if value is None:  # e.g. a form added after this run was made
                raise Conflict(f"Report run {run.id} holds no {attribute} form; request the report again.")
            return value
        if self.s3 is None:
            raise RuntimeError("this report's forms are in S3, but REPORTS_S3_BUCKET is not set")
        with self._errors(missing=f"Report run {run.id}'s {attribute} form is gone; request the report again."):
            answer = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
            body: bytes = await asyncio.to_thread(answer["Body"].read)
        return body

    def object_keys(self, run_id: uuid.UUID) -> list[str]:
        """Every object key the run's own forms may have (each form, each variant); none
        without object storage."""
        if not self.to_s3:
            return []
        return [f"{self.prefix}{run_id}/{v}report.{extension}" for v in VARIANTS for extension, _ in FORMS.values()]

    async def _call(self, method: str, **kwargs: Any) -> Any:
        with self._errors():
            return await asyncio.to_thread(getattr(self.s3, method), Bucket=self.bucket, **kwargs)

    @contextlib.contextmanager
    def _errors(self, missing: str = "") -> Iterator[None]:
        """Object storage's failures as the domain's: down or 5xx a 503 to retry, too slow a
        504, a refusal a 502; an object missing where the row points, a 409 saying `missing`."""
        from botocore.exceptions import BotoCoreError, ClientError, ReadTimeoutError

        try:
            yield
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in ("NoSuchKey", "404") and missing:
                raise Conflict(missing) from exc
            if status >= 500 or code in ("SlowDown", "ServiceUnavailable", "RequestTimeout"):
                raise PeerUnavailable("Object storage is unavailable; retry shortly.") from exc
            raise UpstreamUnavailable(f"Object storage refused the request ({code or status}).") from exc
        except ReadTimeoutError as exc:
            raise UpstreamTimeout("Object storage did not answer in time.") from exc
        except BotoCoreError as exc:  # not reached: refused, reset, no such host
            raise PeerUnavailable("Object storage is unreachable; retry shortly.") from exc
