"""Settings common to every process; each service subclasses with its own env prefix.

Fields shared by all services name their environment variable explicitly (an alias
bypasses the service prefix), so `DATABASE_URL` and `REDIS_URL` are set once.
"""

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "development-only-secret"}


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = Field("development", validation_alias="ENVIRONMENT")
    database_url: str = Field("postgresql://postgres@127.0.0.1:5432/postgres", validation_alias="DATABASE_URL")
    redis_url: str = Field("redis://127.0.0.1:6379/0", validation_alias="REDIS_URL")
    queue_name: str = Field("hub:queue", validation_alias="JOB_QUEUE")
    secret_key: SecretStr = Field(SecretStr("development-only-secret"), validation_alias="SECRET_KEY")
    # Further secrets whose signatures are still accepted (comma-separated), never used to sign:
    # rotating SECRET_KEY across replicas without refusing a request (docs/operations.md).
    secret_key_fallbacks: SecretStr = Field(SecretStr(""), validation_alias="SECRET_KEY_FALLBACKS")
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL")
    max_body_bytes: int = Field(1_048_576, validation_alias="MAX_BODY_BYTES", gt=0)
    # Bulk imports may be larger than any other request.
    max_import_bytes: int = Field(16 * 1_048_576, validation_alias="MAX_IMPORT_BYTES", gt=0)
    http_timeout_seconds: float = Field(10.0, validation_alias="HTTP_TIMEOUT_SECONDS", gt=0)
    directory_url: str = Field("http://127.0.0.1:8001", validation_alias="DIRECTORY_URL")
    metrics_url: str = Field("http://127.0.0.1:8002", validation_alias="METRICS_URL")
    reports_url: str = Field("http://127.0.0.1:8003", validation_alias="REPORTS_URL")

    def fallback_secrets(self) -> list[str]:
        return [s.strip() for s in self.secret_key_fallbacks.get_secret_value().split(",") if s.strip()]

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> "CommonSettings":
        if (
            self.environment != "development"
            and self.secret_key.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
        ):
            raise ValueError(
                f"SECRET_KEY must be set to a real secret outside development (ENVIRONMENT={self.environment})"
            )
        if self.environment != "development" and any(s.lower() in PLACEHOLDER_SECRETS for s in self.fallback_secrets()):
            raise ValueError("SECRET_KEY_FALLBACKS must hold real secrets only")
        return self
