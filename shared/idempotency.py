"""Writes that are answered once: the retry of a write gets the first attempt's answer, never a
second effect, and a replay of a signed write with another body is refused.

A write is named by one of two keys:
- the client's `Idempotency-Key` header, scoped to the caller (its API key, account or service),
  for a client that retries a write whose answer it lost (kept 24 hours);
- otherwise the nonce of its identity signature, for the same signed request sent again between
  the gateway and a service (a balancer retrying on another replica), kept for twice the
  signature's window. This is how a service spends a write's nonce: in PostgreSQL, with the write.

The unit of work watches its session: when the write's transaction begins (its first statement;
a request refused before touching the database costs nothing), the key is held with an advisory
lock in that transaction and looked up. An attempt still running elsewhere holds the lock: this
one is told to retry in a second (409), and a dead replica's lock goes with its connection, so a
retry after a crash runs at once. A key already taken answers the request instead: the same
request (method, path, query and body) gets the first answer again (`Idempotent-Replayed:
true`); another request is refused (422 for a client's key, 401 for a nonce). Otherwise the
key is written as taken in that same statement, in the write's transaction, so it is taken if
and only if the write committed; the answer is added once sent, sealed under SECRET_KEY (it may
hold a secret shown once). A write refused after touching the database spends its nonce too
(not a client's key: the client may correct the request and send it again)."""

import base64
import functools
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import (
    Boolean,
    Column,
    CursorResult,
    DateTime,
    Executable,
    Integer,
    LargeBinary,
    String,
    Table,
    bindparam,
    column,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlmodel import SQLModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import SAFE_METHODS
from shared.errors import Conflict, invalid_input, problem
from shared.identity import REPLAY_WINDOW_SECONDS, Identity, canonical_query
from shared.middleware import _read_body, _replay
from shared.settings import CommonSettings

log = logging.getLogger("hub.idempotency")

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_FORMAT = re.compile(r"^[\x21-\x7e]{1,200}$")  # printable ASCII, as the reports route always took
KEY_KEPT = timedelta(hours=24)
NONCE_KEPT = timedelta(seconds=2 * REPLAY_WINDOW_SECONDS)
MAX_KEPT_BODY = 1_048_576  # a larger answer is not kept: its retry is told the write was applied
# Not replayed: hop-by-hop, or set afresh for each answer.
NOT_KEPT_HEADERS = {"content-length", "date", "server", "x-request-id", "connection", "transfer-encoding"}
STATE_KEY = "idempotency"  # where the unit of work finds the claim (shared/db.py)

_tables: dict[str, Table] = {}


def _columns() -> list[Column[Any]]:
    return [
        Column("scope", String(300), primary_key=True),  # "nonce", or "key:<caller>"
        Column("key", String(200), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("state", String(16), nullable=False),  # applied (answer not kept yet) | answered
        Column("status_code", Integer, nullable=True),
        Column("headers", JSONB, nullable=True),
        Column("body", LargeBinary, nullable=True),  # sealed
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    ]


def idempotency_table(schema: str) -> Table:
    """The service's table of write keys, on the models' metadata (defined once per schema)."""
    if schema not in _tables:
        _tables[schema] = Table("idempotency_records", SQLModel.metadata, *_columns(), schema=schema)
    return _tables[schema]


def create_idempotency_table(op: Any, schema: str) -> None:
    """For each service's migration: the same table everywhere."""
    op.create_table("idempotency_records", *_columns(), schema=schema)


@dataclass(frozen=True)
class _Statements:
    """A table's statements, built once: building one per write (its clauses, its cache key)
    cost more CPU than running it."""

    hold: Executable
    keep_answer: Executable
    keep_refusal: Executable


# As the write's transaction begins, in one round trip: the key's advisory lock, its unexpired
# record if any, and, when the lock is held and there is none, the key written as taken (an
# expired record of the same key is replaced). The written record commits or rolls back with
# the write, so the key is taken if and only if the write committed.
HOLD = """
WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended(:lock_name, 0)) AS held),
found AS (SELECT * FROM {table} WHERE scope = :scope AND key = :key AND expires_at > now()),
taken AS (
    INSERT INTO {table} (scope, key, request_hash, state, expires_at)
    SELECT :scope, :key, :request_hash, 'applied', :expires_at
    WHERE (SELECT held FROM lock) AND NOT EXISTS (SELECT FROM found)
    ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, state = EXCLUDED.state,
        status_code = NULL, headers = NULL, body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
)
SELECT lock.held, found.* FROM lock LEFT JOIN found ON true
"""


@functools.cache
def _statements(t: Table) -> _Statements:
    hold = text(HOLD.format(table=f"{t.schema}.{t.name}")).bindparams(
        bindparam("expires_at", type_=DateTime(timezone=True))
    )
    return _Statements(
        hold=hold.columns(column("held", Boolean), *t.c),
        keep_answer=t.update().where((t.c.scope == bindparam("b_scope")) & (t.c.key == bindparam("b_key"))),
        keep_refusal=insert(t).on_conflict_do_nothing(),
    )


@event.listens_for(Session, "after_begin")
def _hold_claimed_key(session: Session, _transaction: Any, connection: Any) -> None:
    """As a write's transaction begins (its first statement), its key is held (Claim.watch).
    One listener for every session: adding one to each write's session cost more than the
    lookup here."""
    if (claim := session.info.get(STATE_KEY)) is not None and not claim.began:
        # Once: a request that commits more than once has taken its key with its first commit.
        claim.hold(connection)


class InProgress(Conflict):
    headers = {"Retry-After": "1"}


class Taken(Exception):  # noqa: N818 - a signal to the middleware, not an error
    """The key was taken by an earlier attempt: the middleware answers from its record."""

    def __init__(self, record: Any) -> None:
        super().__init__("idempotency key taken")
        self.record = record


@dataclass
class Claim:
    """A write's key, carried from the middleware to the unit of work."""

    table: Table
    scope: str
    key: str
    request_hash: str
    kept_for: timedelta
    began: bool = False  # the write's transaction began, holding the key
    applied: bool = False  # recorded in the write's transaction
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def by_client(self) -> bool:
        return self.scope != "nonce"

    def watch(self, session: AsyncSession) -> None:
        """Hold the key as soon as `session` begins its transaction."""
        session.info[STATE_KEY] = self

    def hold(self, connection: Any) -> None:
        # Inside the async session's greenlet: a plain execute(), one round trip (HOLD).
        t = self.table
        params: dict[str, Any] = {
            "lock_name": f"{t.schema}:{self.scope}:{self.key}",
            "scope": self.scope,
            "key": self.key,
            "request_hash": self.request_hash,
            "expires_at": _now() + self.kept_for,
        }
        row = connection.execute(_statements(t).hold, params).mappings().one()
        if not row["held"]:
            raise InProgress("An earlier attempt of this request is still being answered; retry in a second.")
        if row["scope"] is not None:
            raise Taken({k: v for k, v in row.items() if k != "held"})
        self.began = True

    def commit_with_write(self) -> None:
        """The write's transaction is about to commit: the key written by `hold` commits with it."""
        self.applied = True


def _now() -> datetime:
    return datetime.now(UTC)


def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"idempotent answers")
    return Fernet(base64.urlsafe_b64encode(derived.derive(secret.encode())))


def _sealer(settings: CommonSettings) -> MultiFernet:
    secrets = [settings.secret_key.get_secret_value(), *settings.fallback_secrets()]
    return MultiFernet([_fernet(s) for s in secrets])


def _request_hash(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], canonical_query(scope["query_string"].decode("latin-1"))):
        digest.update(part.encode() + b"\n")
    digest.update(hashlib.sha256(body).digest())
    return digest.hexdigest()


def _caller(identity: Identity) -> str | None:
    """Whose client keys these are; None for an anonymous caller (whose keys could meet)."""
    if identity.kind == "service":
        return f"service:{identity.service}"
    if identity.key_id:
        return f"api-key:{identity.key_id}"
    if identity.account_id:
        return f"account:{identity.account_id}"
    return None


class IdempotencyMiddleware:
    """Inside the identity check (it reads the identity and nonce that check leaves in the scope);
    for writes only. The app must have a database (`app.state.sessionmaker`, `app.state.schema`)."""

    def __init__(self, app: ASGIApp, *, settings: CommonSettings) -> None:
        self.app = app
        self.sealer = _sealer(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.setdefault("state", {})
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or "identity_nonce" not in state:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        client_key = headers.get(HEADER.lower())
        if client_key is not None and not KEY_FORMAT.fullmatch(client_key):
            reason = "must be 1 to 200 printable ASCII characters"
            errors = [{"field": HEADER, "reason": reason}]
            await invalid_input(errors, instance=scope["path"], fields=[HEADER])(scope, receive, send)
            return
        body = await _read_body(receive)
        claim = self._claim(scope, state, client_key, body)
        state[STATE_KEY] = claim
        keep = functools.partial(self._keep, scope["app"].state.read_sessionmaker, claim)
        try:
            await self.app(scope, _replay(body, receive), self._keeping(claim, send, keep))
        except Taken as taken:
            if "status_code" in claim.answer:
                raise  # cannot happen: the key is looked up before any answer starts
            await self._answer_again(scope, receive, send, claim, taken.record)

    def _claim(self, scope: Scope, state: dict[str, Any], client_key: str | None, body: bytes) -> Claim:
        table = idempotency_table(scope["app"].state.schema)
        request_hash = _request_hash(scope, body)
        caller = _caller(state.get("identity") or Identity.anonymous())
        if client_key is not None and caller is not None:
            return Claim(table, f"key:{caller}", client_key, request_hash, KEY_KEPT)
        return Claim(table, "nonce", state["identity_nonce"], request_hash, NONCE_KEPT)

    @staticmethod
    def _keeping(claim: Claim, send: Send, keep: Callable[[], Awaitable[None]]) -> Send:
        """Passes the answer on, noting its status, headers and body (up to MAX_KEPT_BODY), and
        keeps it before its last part goes out: a client that has the answer and retries finds it."""
        chunks: list[bytes] = []
        size = 0

        async def keeping(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                claim.answer["status_code"] = message["status"]
                claim.answer["headers"] = [
                    [k.decode("latin-1"), v.decode("latin-1")]
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in NOT_KEPT_HEADERS
                ]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                if size <= MAX_KEPT_BODY:
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    claim.answer["body"] = b"".join(chunks) if size <= MAX_KEPT_BODY else None
                    await keep()
            await send(message)

        return keeping

    async def _keep(self, sessionmaker: async_sessionmaker[AsyncSession], claim: Claim) -> None:
        """As the answer goes out: keep it with the key. A committed write's answer always; a
        refusal (4xx) under a nonce once the write had begun, which spends the nonce. Not a
        failure (5xx): a retry of the same request may run again."""
        status = claim.answer.get("status_code")
        if status is None or not claim.began or status >= 500 or (claim.by_client and not claim.applied):
            return
        statements = _statements(claim.table)
        body = claim.answer.get("body")
        values = {
            "state": "answered",
            "status_code": status,
            "headers": claim.answer.get("headers"),
            "body": None if body is None else self.sealer.encrypt(body),
        }
        try:
            # One statement in autocommit: no BEGIN and COMMIT round trips around it.
            async with sessionmaker() as session:
                if claim.applied:
                    await session.execute(statements.keep_answer, values | {"b_scope": claim.scope, "b_key": claim.key})
                else:
                    row: dict[str, Any] = {"scope": claim.scope, "key": claim.key, "request_hash": claim.request_hash}
                    row |= {**values, "expires_at": _now() + claim.kept_for}
                    await session.execute(statements.keep_refusal, row)
                await session.commit()
        except Exception:  # noqa: BLE001 - the answer was sent; a retry is then told it was applied
            log.warning("could not keep an answer for its retries", exc_info=True)

    async def _answer_again(self, scope: Scope, receive: Receive, send: Send, claim: Claim, found: Any) -> None:
        if found["request_hash"] != claim.request_hash:
            if claim.by_client:
                detail = f"This {HEADER} was used for a different request; use a new key for a new request."
                errors = [{"field": HEADER, "reason": "already used for a different request"}]
                answer = problem(
                    422, "Invalid input", detail, slug="invalid-input", instance=scope["path"], errors=errors
                )
                await answer(scope, receive, send)
            else:
                log.warning("identity nonce reused for another request", extra={"path": scope["path"]})
                await problem(
                    401,
                    "Authentication required",
                    "Refused: the identity signature was already used. Call the API through the gateway.",
                    slug="unauthorized",
                    instance=scope["path"],
                )(scope, receive, send)
            return
        body = self._open(found["body"])
        if found["state"] != "answered" or body is None:
            await problem(
                409,
                "Conflict",
                "This request was applied, but its answer was not kept; read the resource to see it.",
                slug="conflict",
                instance=scope["path"],
                headers={"Retry-After": "1"} if found["state"] == "applied" else None,
            )(scope, receive, send)
            return
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in found["headers"] or []]
        headers += [(b"content-length", str(len(body)).encode()), (REPLAYED_HEADER.lower().encode(), b"true")]
        await send({"type": "http.response.start", "status": found["status_code"], "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _open(self, sealed: bytes | None) -> bytes | None:
        if sealed is None:
            return None
        try:
            return self.sealer.decrypt(sealed)
        except InvalidToken:  # sealed under a secret no longer configured
            return None


def declare_header(app: Any) -> None:
    """Declare the `Idempotency-Key` header on every write of `app`'s OpenAPI document (the
    middleware reads it, so no route declares it itself)."""
    build = app.openapi
    parameter = {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": "Send a write again with the same key and body to get its first answer, never a second effect "
        "(kept 24 hours; the same key with another body is a 422).",
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": KEY_FORMAT.pattern},
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            for item in build()["paths"].values():
                for method, operation in item.items():
                    declared = {p.get("name", "").lower() for p in operation.get("parameters", [])}
                    if method.upper() not in SAFE_METHODS and HEADER.lower() not in declared:
                        operation.setdefault("parameters", []).append(parameter)
        return app.openapi_schema

    app.openapi = openapi


async def purge_expired(sessionmaker: async_sessionmaker[AsyncSession], schema: str, *, limit: int = 5000) -> int:
    """Forget keys past their time; returns how many."""
    t = idempotency_table(schema)
    expired = select(t.c.scope, t.c.key).where(t.c.expires_at < func.now()).limit(limit)
    async with sessionmaker() as session:
        result = await session.execute(delete(t).where(func.row(t.c.scope, t.c.key).in_(expired)))
        await session.commit()
    return cast("CursorResult[Any]", result).rowcount or 0  # a DELETE's result is a cursor's
