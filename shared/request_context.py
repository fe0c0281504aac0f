"""The request id of the work in progress: set per HTTP request and per job."""

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(candidate: str | None) -> str:
    """Keep a caller's id if it is well formed (ids end up in logs), else mint one."""
    if candidate and _ACCEPTABLE.fullmatch(candidate):
        return candidate
    return new_request_id()
