"""Webhook signing secrets at rest. The service must read a secret to sign each delivery, so it
cannot be hashed like an API key; it is sealed instead (Fernet) under a key derived from
SECRET_KEY, so a database dump or a backup holds no usable secret. Opening tries SECRET_KEY, then
each of SECRET_KEY_FALLBACKS, so rotating the platform secret keeps deliveries signed;
`hub reseal-webhook-secrets` seals every secret again under the current key, to run before an
old key leaves the fallbacks (docs/operations.md)."""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.reports.webhooks.signing import PREFIX
from shared.settings import CommonSettings

__all__ = ["InvalidToken", "seal", "unseal", "reseal"]


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"webhook signing secrets")
    return Fernet(base64.urlsafe_b64encode(derived.derive(secret_key.encode())))


def _keys(settings: CommonSettings) -> MultiFernet:
    current = settings.secret_key.get_secret_value()
    return MultiFernet([_fernet(current), *(_fernet(key) for key in settings.fallback_secrets())])


def seal(secret: str, settings: CommonSettings) -> str:
    return _keys(settings).encrypt(secret.encode()).decode()


def unseal(stored: str, settings: CommonSettings) -> str:
    """The secret; raises InvalidToken when no configured key opens it."""
    if stored.startswith(PREFIX):  # written before secrets were sealed
        return stored
    return _keys(settings).decrypt(stored.encode()).decode()


def reseal(stored: str, settings: CommonSettings) -> str:
    """The same secret, sealed under the current key."""
    if stored.startswith(PREFIX):
        return seal(stored, settings)
    return _keys(settings).rotate(stored.encode()).decode()
