"""Authorisation in every service: the gateway-signed identity is checked at the edge
(`IdentityMiddleware`), and every route declares who may call it (`access(RULE)`), which also
shows in the OpenAPI document as `x-access`. A rule reads the path (`Rule`) or the object the
route touches (`ObjectRule`: the coalition that owns a report run, the country of a
commitment), which a dependency of the service loads."""

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.errors import Forbidden, NotFound, Unauthorized, problem
from shared.identity import REPLAY_WINDOW_SECONDS, Identity, IdentityRejected, verify

log = logging.getLogger("hub.auth")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Infrastructure endpoints, answered without an identity (probes, scrapers, the gateway's merge).
UNSIGNED_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json"})


class IdentityMiddleware:
    """Refuses (401) any request whose identity headers are missing, forged or stale, and leaves
    the identity and the signature's nonce in the scope's state.

    Replays: a read's nonce is not spent (the signature binds method, path and query for a
    minute, and a read changes nothing), so reads need no Redis and a balancer may retry them
    anywhere. A write's nonce is spent with the write, in PostgreSQL (`shared.idempotency`), so a
    retry of the same request gets the first answer; an app without a database spends write
    nonces in Redis (`redis_nonces`) instead."""

    def __init__(
        self, app: ASGIApp, *, secret: str, fallbacks: list[str] | None = None, redis_nonces: bool = False
    ) -> None:
        self.app = app
        self.secret = secret
        self.fallbacks = fallbacks or []
        self.redis_nonces = redis_nonces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNSIGNED_PATHS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            identity, nonce = verify(
                headers,
                secret=self.secret,
                method=scope["method"],
                path=scope["path"],
                query=scope["query_string"].decode("latin-1"),
                fallbacks=self.fallbacks,
            )
            if self.redis_nonces and scope["method"] not in SAFE_METHODS:
                redis = scope["app"].state.jobs.pool
                if not await redis.set(f"hub:nonce:{nonce}", 1, nx=True, ex=2 * REPLAY_WINDOW_SECONDS):
                    raise IdentityRejected("the identity signature was already used")
        except IdentityRejected as exc:
            log.warning("identity rejected: %s", exc, extra={"path": scope["path"]})
            response = problem(
                401,
                "Authentication required",
                f"Refused: {exc}. Call the API through the gateway.",
                slug="unauthorized",
                instance=scope["path"],
            )
            await response(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["identity"], state["identity_nonce"] = identity, nonce
        await self.app(scope, receive, send)


def identity_of(request: Request) -> Identity:
    return getattr(request.state, "identity", None) or Identity.anonymous()


async def current_identity(request: Request) -> Identity:
    # Dependencies are coroutines: FastAPI runs a plain function in a thread, which costs more
    # than the check itself.
    return identity_of(request)


Caller = Annotated[Identity, Depends(current_identity)]


def _path_uuid(params: dict[str, Any], name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(params[name]))
    except (KeyError, ValueError):
        return None


# A dependency finding the organisation that owns the object a route touches, from the route's
# own parameters: it raises NotFound when there is no such object (or none under the path's
# organisation) and returns None when no organisation owns it.
Owner = Callable[..., Awaitable[uuid.UUID | None]]


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Identity, dict[str, Any]], bool]
    anonymous_ok: bool = False

    def on(self, owner: Owner, name: str | None = None) -> "ObjectRule[uuid.UUID | None]":
        """This rule, of `org_id`, applied to the organisation owning the object a route touches,
        after the path's own organisation when the path names one (so a caller refused anyway
        learns nothing of the object); an object no organisation owns is for platform admins."""
        before = Rule(
            name or self.name,
            lambda identity, params: (
                identity.kind != "anonymous" and ("org_id" not in params or self.check(identity, params))
            ),
        )
        return ObjectRule(name or self.name, resolve=owner, check=partial(_owner_admits, self), before=before)


def _owner_admits(rule: Rule, identity: Identity, owner: uuid.UUID | None, request: Request) -> bool:
    if owner is None:
        return identity.is_account and identity.platform_admin
    return rule.check(identity, {**request.path_params, "org_id": owner})


PUBLIC = Rule("public", lambda identity, params: True, anonymous_ok=True)
AUTHENTICATED = Rule("authenticated", lambda identity, params: identity.is_account)
ORG_MEMBER = Rule(
    "org_member",
    lambda identity, params: (org := _path_uuid(params, "org_id")) is not None and identity.member_of(org),
)
ORG_ADMIN = Rule(
    "org_admin",
    lambda identity, params: (org := _path_uuid(params, "org_id")) is not None and identity.admin_of(org),
)
# An admin of some organisation, their own (or a platform admin): who starts a coalition. Not
# ORG_OWN_ADMIN, which is about the organisation in the path.
ANY_ORG_ADMIN = Rule(
    "any_org_admin",
    lambda identity, params: identity.is_account and (identity.platform_admin or identity.org_role == "admin"),
)
COALITION_ADMIN = Rule(
    "coalition_admin",
    lambda identity, params: (c := _path_uuid(params, "coalition_id")) is not None and identity.admin_of_coalition(c),
)
# An organisation's own accounts (or its own admins), platform admins not included: for what the
# organisation alone keeps or speaks for (survivors' testimonies, its sign-off of a report).
ORG_OWN_MEMBER = Rule(
    "org_own_member",
    lambda identity, params: (
        (org := _path_uuid(params, "org_id")) is not None and identity.is_account and identity.organisation_id == org
    ),
)
ORG_OWN_ADMIN = Rule(
    "org_own_admin",
    lambda identity, params: (
        (org := _path_uuid(params, "org_id")) is not None
        and identity.is_account
        and identity.organisation_id == org
        and identity.org_role == "admin"
    ),
)
PLATFORM_ADMIN = Rule("platform_admin", lambda identity, params: identity.is_account and identity.platform_admin)
REVIEWER = Rule("reviewer", lambda identity, params: identity.reviews_organisations)
SERVICE = Rule("service", lambda identity, params: identity.kind == "service")

T = TypeVar("T")


@dataclass(frozen=True)
class ObjectRule(Generic[T]):
    """A rule on the object a route touches, for accounts only (anonymous callers get 401 before
    anything is loaded). `resolve` is a FastAPI dependency giving what the rule looks at (it
    may answer 404 itself for an object the caller may not know of); `check` decides, given the
    request for what it needs to ask (a peer service). `hidden` refuses with that 404 detail
    instead of 403, for an object whose existence is not disclosed to those refused; `refused`
    is the 403's detail, when the rule's name alone would not tell the caller why. With a
    `before` rule open to anonymous callers, they are refused with 403 as well."""

    name: str
    resolve: Callable[..., Awaitable[T]]
    check: Callable[[Identity, T, Request], bool | Awaitable[bool]]
    hidden: str | None = None
    before: Rule = AUTHENTICATED  # checked on the path before anything is loaded
    refused: str | None = None


def _refuse(identity: Identity, name: str, anonymous_ok: bool) -> Exception:
    if identity.kind == "anonymous" and not anonymous_ok:
        return Unauthorized("This operation needs an API key (Authorization: Bearer <key>).")
    return Forbidden(f"Your key may not do this (requires {name.replace('_', ' ')}).")


def _enforce(rule: Rule) -> Callable[[Request], Awaitable[None]]:
    async def enforce(request: Request) -> None:
        identity = identity_of(request)
        if not rule.check(identity, request.path_params):
            raise _refuse(identity, rule.name, rule.anonymous_ok)

    return enforce


def _enforce_on(rule: ObjectRule[T]) -> Callable[..., Awaitable[None]]:
    async def enforce(request: Request, target: Annotated[Any, Depends(rule.resolve)]) -> None:
        identity = identity_of(request)
        request.state.access_target = target
        allowed = rule.check(identity, target, request)
        if inspect.isawaitable(allowed):
            allowed = await allowed
        if allowed:
            return
        if rule.hidden is not None:
            raise NotFound(rule.hidden)
        if rule.refused is not None:
            raise Forbidden(rule.refused)
        raise _refuse(identity, rule.name, rule.before.anonymous_ok)

    return enforce


def admitted_target(request: Request) -> Any:
    """What the route's ObjectRule resolved and admitted, for the route's own use. Declaring its
    `resolve` again as a parameter would give the same value, but FastAPI validates a cached
    dependency's parameters again each time it is named (a tenth of a figures request). None
    when the rule's parameters were refused: FastAPI solves the route's other dependencies
    before it answers 422, and the route is not called."""
    return getattr(request.state, "access_target", None)


def access(rule: Rule | ObjectRule[Any]) -> dict[str, Any]:
    """Route keyword arguments declaring and enforcing who may call it:
    `@router.post("/things", **access(ORG_ADMIN))`; on the object it touches:
    `**access(ORG_MEMBER.on(owner_of_thing))` or an `ObjectRule`."""
    anonymous_ok = rule.before.anonymous_ok if isinstance(rule, ObjectRule) else rule.anonymous_ok
    if anonymous_ok != rule.name.startswith("public"):  # what the OpenAPI documents read (open_to_anonymous)
        raise ValueError(f"rule {rule.name!r}: only rules admitting anonymous callers are named public...")
    if isinstance(rule, ObjectRule):  # in this order: a caller refused anyway learns nothing of the object
        dependencies = [Depends(_enforce(rule.before)), Depends(_enforce_on(rule))]
    elif rule is PUBLIC:
        dependencies = []  # admits everyone: nothing to check on each request
    else:
        dependencies = [Depends(_enforce(rule))]
    return {"dependencies": dependencies, "openapi_extra": {"x-access": rule.name}}
