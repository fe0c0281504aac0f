"""Optimistic concurrency (RFC 9110 §13): a mutable resource carries an ETag, and every PATCH
and DELETE must say which state it changes with `If-Match` (428 without it, 412 when the state
has moved on). `If-Match: *` changes whatever state there is; it is the only value that matches
a resource with no ETag of its own (a membership, a key, an endorsement). A PUT may create, so
its `If-Match` is optional; when sent it is checked as for PATCH, and is false where there is
nothing yet to replace (`check_put`); on a resource with no ETag, `*` says it exists
(`check_put_exists`)."""

import hashlib
from typing import Annotated

from fastapi import Depends, Header
from pydantic import BaseModel

from shared.errors import PreconditionFailed, PreconditionRequired


async def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="The ETag you read (several, comma-separated, or `*` for whatever state there is)",
        ),
    ] = None,
) -> str:
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "Send If-Match with the ETag you read (or * to change whatever is there), "
            "so no one else's change is overwritten."
        )
    return if_match


# An endpoint parameter: `if_match: IfMatch`, checked after the route's access rule.
IfMatch = Annotated[str, Depends(_if_match)]


async def _put_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="Replace only this state: the ETag you read (several, comma-separated, or `*` for "
            "whatever state there is); 412 when it has changed. Without it, the PUT replaces or creates.",
        ),
    ] = None,
) -> str | None:
    return if_match if if_match and if_match.strip() else None


# A PUT's parameter: `if_match: PutIfMatch`, checked with `check_put` under the write's row lock.
PutIfMatch = Annotated[str | None, Depends(_put_if_match)]


def version_etag(version: int) -> str:
    return f'"{version}"'


def content_etag(model: BaseModel) -> str:
    """The ETag of a resource without a version number: a digest of what a reader sees of it."""
    return f'"{hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:20]}"'


def check_if_match(if_match: str, current: str | None, *, what: str) -> None:
    """`current` is the resource's ETag, None for a resource that has none."""
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" in tags:
        return
    if current is None:
        raise PreconditionFailed(f"The {what} has no ETag to match: send If-Match: *.")
    if current not in tags:
        if bare := sorted(tag for tag in tags if tag and not tag.startswith(('"', 'W/"'))):
            # `If-Match: 2`: the shell or the client dropped the quotes. Saying "changed since you
            # read it (now "2")" to someone who sent 2 would send them looking for another writer.
            raise PreconditionFailed(
                f"If-Match {', '.join(bare)} is not an ETag: send the ETag you read as the ETag header "
                f'gave it, double quotes included (If-Match: "{bare[0]}").'
            )
        raise PreconditionFailed(f"The {what} has changed since you read it (now {current}); read it again and retry.")


def check_put(if_match: str | None, current: str | None, *, what: str) -> None:
    """A PUT's optional `If-Match`, against the ETag of the state it replaces; `current` is None
    when there is none yet, where no `If-Match` holds, `*` included (RFC 9110 §13.1.1)."""
    if if_match is None:
        return
    if current is None:
        raise PreconditionFailed(
            f"There is no {what} yet for If-Match to match: send the PUT without it to create one."
        )
    check_if_match(if_match, current, what=what)


def check_put_exists(if_match: str | None, exists: bool, *, what: str) -> None:
    """A PUT's optional `If-Match` on a resource with no ETag of its own (an admin right, an
    endorsement): `*` holds while it exists, any other ETag never does."""
    if exists and if_match is not None:
        check_if_match(if_match, None, what=what)
    else:
        check_put(if_match, None, what=what)
