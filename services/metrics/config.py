import hashlib
import hmac

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.metrics.privacy import Rules
from shared.settings import RunSweepSettings, refuse_weak_secret


class MetricsSettings(RunSweepSettings):
    model_config = SettingsConfigDict(env_prefix="METRICS_", extra="ignore", populate_by_name=True)

    port: int = 8002
    # Disclosure control of every published figure.
    min_contributors: int = Field(3, ge=1, description="Organisations a published figure needs")
    min_sensitive_count: int = Field(5, ge=1, description="Smallest sensitive count published")
    # Keys the noise of published figures (docs/privacy.md). Set it on its own in production:
    # derived from SECRET_KEY otherwise, so rotating that secret would redraw every figure's noise.
    cell_key_secret: SecretStr = Field(SecretStr(""))
    # How long the count of organisations per country (coverage of aggregates) is reused.
    coverage_cache_seconds: float = Field(60, ge=0)
    # A batch job that finds the directory down waits for it: retried with backoff, then handed
    # back by the sweeper, until the file was sent this long ago; then the batch fails.
    peer_patience_seconds: int = Field(21600, ge=0)

    @model_validator(mode="after")
    def _refuse_weak_cell_key_secret(self) -> "MetricsSettings":
        if secret := self.cell_key_secret.get_secret_value():
            refuse_weak_secret("METRICS_CELL_KEY_SECRET", secret, self.environment)
        return self

    def disclosure(self) -> Rules:
        """The disclosure control rules every published figure goes through."""
        secret = self.cell_key_secret.get_secret_value().encode() or hmac.digest(
            self.secret_key.get_secret_value().encode(), b"metrics cell key", hashlib.sha256
        )
        return Rules(self.min_contributors, self.min_sensitive_count, secret)
