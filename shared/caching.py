"""Answers that are the same for every caller, marked so that a shared cache (the gateway's,
RFC 9111 §3.5) may hand them to anyone for a moment, to a request that carries a key too.

A route marks an answer only when nothing in it depends on who asked: not a coalition's view,
not a caller's own values, not what an organisation's own accounts or reviewers see beyond the
public. Unmarked answers are never stored."""

from starlette.responses import Response

# How stale a public listing may be: a change reaches every reader within this, and a reader
# on the gateway that took the write at once (it drops that service's answers).
PUBLIC_MAX_AGE_SECONDS = 2
SAME_FOR_EVERYONE = f"public, max-age={PUBLIC_MAX_AGE_SECONDS}"


def same_for_everyone(response: Response) -> None:
    response.headers["Cache-Control"] = SAME_FOR_EVERYONE
