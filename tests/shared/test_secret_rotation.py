"""Rotating SECRET_KEY without refusing requests: while a new secret rolls out, signatures made
with a fallback secret are accepted, and only SECRET_KEY signs."""

import pytest
from pydantic import ValidationError

from shared.identity import Identity, IdentityRejected, sign, verify
from shared.settings import CommonSettings

OLD, NEW, OTHER = "old-secret-" + "a" * 24, "new-secret-" + "b" * 24, "other-secret-" + "c" * 24
PATH = "/v1/directory/organisations"


def headers_signed_with(secret: str) -> dict[str, str]:
    signed = sign(Identity.anonymous(), secret=secret, method="GET", path=PATH)
    return {k.lower(): v for k, v in signed.items()}


def test_a_signature_by_a_fallback_secret_is_accepted() -> None:
    identity, _ = verify(headers_signed_with(OLD), secret=NEW, method="GET", path=PATH, fallbacks=[OLD])

    assert identity.kind == "anonymous"


def test_a_signature_by_neither_secret_is_refused() -> None:
    with pytest.raises(IdentityRejected, match="does not match"):
        verify(headers_signed_with(OTHER), secret=NEW, method="GET", path=PATH, fallbacks=[OLD])


def test_without_fallbacks_the_old_secret_is_refused() -> None:
    with pytest.raises(IdentityRejected):
        verify(headers_signed_with(OLD), secret=NEW, method="GET", path=PATH)


def test_fallbacks_are_read_comma_separated() -> None:
    settings = CommonSettings(environment="production", secret_key=NEW, secret_key_fallbacks=f" {OLD}, {OTHER} ,")

    assert settings.fallback_secrets() == [OLD, OTHER]


def test_a_placeholder_fallback_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY_FALLBACKS"):
        CommonSettings(environment="production", secret_key=NEW, secret_key_fallbacks=f"{OLD},changeme")
