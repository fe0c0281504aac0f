"""`hub import`: a directory file or an observation batch sent to the API, as any integrating
system would send it, and followed until it is applied."""

import time
from pathlib import Path

import httpx

MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json"}
DONE = {"done", "failed", "applied", "rejected"}  # an import's and a batch's final states
WAIT_SECONDS = 300


class UploadFailed(Exception):
    """The API refused the file, or the job applying it failed (`result`: the import or batch as
    it ended, when there is one)."""

    def __init__(self, message: str, result: dict | None = None) -> None:
        super().__init__(message)
        self.result = result


def upload(client: httpx.Client, kind: str, path: Path) -> dict:
    """Sends `path` (CSV or JSON, by its extension) and returns the import or batch as it ends: an
    import applied with some rows refused is returned too (they are in its `errors`)."""
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise UploadFailed(f"{path.name}: a .csv or .json file, please")
    if kind == "directory":
        url = "/v1/directory/imports"
    else:
        organisation = _answer(client.get("/v1/directory/me"))["organisation_id"]
        url = f"/v1/metrics/organisations/{organisation}/observations/batches"
    response = client.post(url, content=path.read_bytes(), headers={"Content-Type": media_type})
    _answer(response)
    result, deadline = response.json(), time.monotonic() + WAIT_SECONDS
    while result.get("status") not in DONE and time.monotonic() < deadline:  # a job applies it
        time.sleep(0.5)
        result = _answer(client.get(response.headers["location"]))
    status = result.get("status")
    if status not in DONE:
        raise UploadFailed(f"not applied after {WAIT_SECONDS} s (status {status!r})", result)
    if status == "failed":
        raise UploadFailed(result.get("error") or "its job failed", result)
    if status == "rejected":
        raise UploadFailed(
            f"the batch was rejected, nothing applied: {refused_rows(result)} row(s), see errors", result
        )
    return result


def _answer(response: httpx.Response) -> dict:
    """The JSON of a successful answer; a refusal raises UploadFailed saying it in lines a person
    reads: the status, the problem's title and detail, then each row or field it names (rather
    than the problem's JSON on one line)."""
    if not response.is_error:
        return dict(response.json())
    try:
        problem = response.json()
    except ValueError:
        problem = None
    if not isinstance(problem, dict) or "detail" not in problem:
        raise UploadFailed(f"{response.status_code}: {response.text}")
    lines = [" ".join(filter(None, [str(response.status_code), problem.get("title")])) + f": {problem['detail']}"]
    if response.status_code == 401:
        lines.append("  the key is HUB_KEY's (or --key's): one `hub admin create` printed, or the API gave")
    for error in problem.get("errors") or []:
        where = [f"row {error['row']}"] if error.get("row") else []  # row 0: the file as a whole
        where += [str(error["field"])] if error.get("field") else []
        lines.append(f"  {', '.join(where)}: {error.get('reason')}")
    raise UploadFailed("\n".join(lines))


def refused_rows(result: dict) -> int:
    """How many rows of an applied file were refused (each is described in `errors`)."""
    counts = result.get("counts") or {}
    return int(counts.get("failed") or 0) or len({e.get("row") for e in result.get("errors") or []})
