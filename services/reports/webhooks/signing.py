"""Signatures in the Standard Webhooks form (https://www.standardwebhooks.com), so receivers can
check them with that project's libraries or a few lines of their own:

  webhook-id         the message id (the same on every retry and redelivery of one event)
  webhook-timestamp  unix seconds when this attempt was signed
  webhook-signature  v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">, space-separated
                     when more than one secret is valid (during a rotation)

A secret reads `whsec_<base64>`; the HMAC key is the base64-decoded part."""

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def headers(secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets_),
    }
