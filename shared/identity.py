"""Who is calling: the identity the gateway (or a peer service) asserts, signed with the secret
that gateway and services share.

Two headers travel with every request a service accepts:
  X-Hub-Identity   base64url(JSON of Identity)
  X-Hub-Signature  t=<unix seconds>,n=<nonce>,s=<hex HMAC-SHA256>
The HMAC covers timestamp, nonce, method, path, query string and the identity, so a header
cannot be moved to another request (nor a query added to it); the timestamp must be within a minute of the service's clock and each nonce
is accepted once (kept in Redis for the window), so a captured header cannot be replayed."""

import base64
import functools
import hashlib
import hmac
import re
import secrets
import time
import uuid
from collections.abc import Sequence
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode

from pydantic import BaseModel, Field, ValidationError

# Moved by the directory after any change to who may do what (an admin right granted or
# withdrawn, a key revoked, an organisation removed): a gateway forgets the keys it remembers
# when it moves, so the change holds from the next request (services/gateway/keys.py).
ACCESS_EPOCH_KEY = "hub:access-epoch"
IDENTITY_HEADER = "X-Hub-Identity"
SIGNATURE_HEADER = "X-Hub-Signature"
REPLAY_WINDOW_SECONDS = 60


class Identity(BaseModel):
    kind: Literal["anonymous", "account", "service"] = "anonymous"
    account_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    org_role: Literal["member", "admin"] | None = None
    platform_admin: bool = False
    reviewer: bool = False  # approves or rejects organisations that registered themselves
    # The account's organisation registered itself and awaits review: the gateway lets such a
    # key only read who it is and read or edit its own organisation (services/gateway/routes.py).
    pending: bool = False
    coalition_admin_of: list[uuid.UUID] = Field(default_factory=list)
    key_id: uuid.UUID | None = None
    service: str | None = None  # for kind == "service": which service calls

    @classmethod
    def anonymous(cls) -> "Identity":
        return cls()

    @classmethod
    def of_service(cls, name: str) -> "Identity":
        return cls(kind="service", service=name)

    @property
    def is_account(self) -> bool:
        return self.kind == "account"

    def member_of(self, organisation_id: uuid.UUID) -> bool:
        return self.is_account and (self.platform_admin or self.organisation_id == organisation_id)

    def admin_of(self, organisation_id: uuid.UUID) -> bool:
        return self.is_account and (
            self.platform_admin or (self.organisation_id == organisation_id and self.org_role == "admin")
        )

    @property
    def reviews_organisations(self) -> bool:
        return self.is_account and (self.platform_admin or self.reviewer)

    def reads_unlisted(self, organisation_id: uuid.UUID) -> bool:
        """Whether it sees the organisation while not listed (awaiting review, or rejected): its
        own accounts, reviewers and platform admins do; to anyone else it is unknown."""
        return self.member_of(organisation_id) or self.reviews_organisations

    def admin_of_coalition(self, coalition_id: uuid.UUID) -> bool:
        return self.is_account and (self.platform_admin or coalition_id in self.coalition_admin_of)


class IdentityRejected(Exception):
    """The identity headers are missing, malformed, forged, stale or replayed."""


@functools.lru_cache(maxsize=512)
def canonical_query(query: str) -> str:
    """The query's parameters, decoded and encoded again one way: transports re-encode a query
    (`%2C` and `,` are the same parameter), and the signature is about what it asks, not its spelling.
    Remembered for the last few hundred queries: a page asked again is signed and checked again."""
    if not query:
        return ""
    return urlencode(parse_qsl(query, keep_blank_values=True), quote_via=quote)


def _mac(secret: str, timestamp: int, nonce: str, method: str, path: str, query: str, payload: str) -> str:
    message = "\n".join([str(timestamp), nonce, method.upper(), path, canonical_query(query), payload]).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _encode(identity: Identity) -> str:
    return base64.urlsafe_b64encode(identity.model_dump_json(exclude_defaults=True).encode()).decode()


ANONYMOUS_PAYLOAD = _encode(Identity.anonymous())


def _payload(identity: Identity) -> str:
    # Most requests are anonymous reads: their identity is always the same few bytes.
    if identity.kind == "anonymous" and not identity.model_fields_set:
        return ANONYMOUS_PAYLOAD
    return _encode(identity)


def sign(
    identity: Identity, *, secret: str, method: str, path: str, query: str = "", now: float | None = None
) -> dict[str, str]:
    """The two headers asserting `identity` for one request: `path` decoded, `query` the query
    string (without `?`), in any encoding of the same parameters."""
    payload = _payload(identity)
    timestamp = int(now if now is not None else time.time())
    nonce = secrets.token_urlsafe(16)
    signature = _mac(secret, timestamp, nonce, method, path, query, payload)
    return {IDENTITY_HEADER: payload, SIGNATURE_HEADER: f"t={timestamp},n={nonce},s={signature}"}


def verify(
    headers: dict[str, str],
    *,
    secret: str,
    method: str,
    path: str,
    query: str = "",
    now: float | None = None,
    fallbacks: Sequence[str] = (),
) -> tuple[Identity, str]:
    """Check the headers (lower-cased names); returns the identity and the nonce, which the
    caller must accept only once. A signature made with one of the `fallbacks` secrets is
    accepted too (while a new secret rolls out)."""
    payload = headers.get(IDENTITY_HEADER.lower())
    signature_header = headers.get(SIGNATURE_HEADER.lower())
    if not payload or not signature_header:
        raise IdentityRejected("the request carries no gateway identity")
    try:
        parts = dict(item.split("=", 1) for item in signature_header.split(","))
        timestamp, nonce, signature = int(parts["t"]), parts["n"], parts["s"]
    except (ValueError, KeyError) as exc:
        raise IdentityRejected("the identity signature is malformed") from exc
    if not any(
        hmac.compare_digest(_mac(key, timestamp, nonce, method, path, query, payload), signature)
        for key in (secret, *fallbacks)
    ):
        raise IdentityRejected("the identity signature does not match")
    if abs((now if now is not None else time.time()) - timestamp) > REPLAY_WINDOW_SECONDS:
        raise IdentityRejected("the identity signature has expired")
    try:
        identity = Identity.model_validate_json(base64.urlsafe_b64decode(payload.encode()))
    except (ValueError, ValidationError) as exc:
        raise IdentityRejected("the identity is malformed") from exc
    return identity, nonce


# An API key: `hub_<12 hex>_<43 url-safe chars>`; the first part is its public prefix.
KEY_FORMAT = re.compile(r"^(hub_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$")


def new_key() -> tuple[str, str]:
    """A fresh API key and its prefix."""
    prefix = f"hub_{secrets.token_hex(6)}"
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def key_prefix(key: str) -> str | None:
    match = KEY_FORMAT.fullmatch(key)
    return match.group(1) if match else None


def fingerprint(secret_value: str) -> str:
    """SHA-256 hex digest: how API keys are stored and cached, never in the clear."""
    return hashlib.sha256(secret_value.encode()).hexdigest()
