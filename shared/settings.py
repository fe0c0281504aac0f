"""Settings common to every process; each service subclasses with its own env prefix.

Fields shared by all services name their environment variable explicitly (an alias
bypasses the service prefix), so `DATABASE_URL` and `REDIS_URL` are set once.
"""

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Jobs one worker runs at once. Features whose jobs wait on the outside world cap their own share
# below it (webhook deliveries: REPORTS_WEBHOOKS_CONCURRENCY), so the other jobs keep slots.
MAX_JOBS = 10
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "development-only-secret"}
# In production every secret must be at least this long (32 characters: 192 bits and more from
# `secrets.token_urlsafe(24)`), and not a template's `<...>` left in place.
MIN_PRODUCTION_SECRET_LENGTH = 32


def weak_secret(value: str, environment: str) -> str | None:
    """Why `value` may not be a secret in `environment`, or None when it may: a known placeholder
    outside development; in production also anything shorter than 32 characters."""
    value = value.strip()
    if environment == "development":
        return None
    if value.lower() in PLACEHOLDER_SECRETS or (value.startswith("<") and value.endswith(">")):
        return "is a placeholder"
    if environment == "production" and len(value) < MIN_PRODUCTION_SECRET_LENGTH:
        return f"is shorter than {MIN_PRODUCTION_SECRET_LENGTH} characters"
    return None


def refuse_weak_secret(name: str, value: str, environment: str) -> None:
    if reason := weak_secret(value, environment):
        raise ValueError(f"{name} {reason}: set a real secret outside development (ENVIRONMENT={environment})")


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
    # Prometheus metrics on a port of their own, read with the service's prefix
    # (GATEWAY_PROMETHEUS_PORT, DIRECTORY_PROMETHEUS_PORT, ...). Left at 0, `/metrics` is on the
    # service's own port outside production, and nowhere in production (docs/operations.md).
    prometheus_port: int = Field(0, ge=0, le=65535)
    host: str = Field("127.0.0.1", validation_alias="HOST")

    def metrics_on_service_port(self) -> bool:
        """Whether `/metrics` is served with the API: only outside production, and only when no
        port of its own is set."""
        return not self.prometheus_port and self.environment != "production"

    def fallback_secrets(self) -> list[str]:
        return [s.strip() for s in self.secret_key_fallbacks.get_secret_value().split(",") if s.strip()]

    @model_validator(mode="after")
    def _refuse_weak_secrets(self) -> "CommonSettings":
        refuse_weak_secret("SECRET_KEY", self.secret_key.get_secret_value(), self.environment)
        for secret in self.fallback_secrets():
            refuse_weak_secret("SECRET_KEY_FALLBACKS", secret, self.environment)
        return self


class WorkerMetricsSettings(BaseSettings):
    """The worker's Prometheus port (0: none), read by the worker and by `hub run`, which checks
    that it is free before starting anything: one default, one reading. Named so that its field
    name is its variable too: `metrics_port` would also read METRICS_PORT, the metrics service's
    port, which `hub run` sets (settings accept a field's name as well as its alias)."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    worker_metrics_port: int = Field(8004, validation_alias="WORKER_METRICS_PORT", ge=0, le=65535)


class PortSettings(BaseSettings):
    """The port each process of `hub run` listens on (and `hub serve <service>` without --port):
    read once, each held to a port number."""

    model_config = SettingsConfigDict(extra="ignore")

    gateway: int = Field(8000, validation_alias="PORT", ge=1, le=65535)
    directory: int = Field(8001, validation_alias="DIRECTORY_PORT", ge=1, le=65535)
    metrics: int = Field(8002, validation_alias="METRICS_PORT", ge=1, le=65535)
    reports: int = Field(8003, validation_alias="REPORTS_PORT", ge=1, le=65535)


class RunSweepSettings(CommonSettings):
    """A service whose jobs keep their state in a run's row (imports, batches, report runs): the
    sweeper re-enqueues a run queued for `sweep_queued_after_seconds` (Redis lost its job), or
    running but untouched for `sweep_running_after_seconds` (its worker died). A live job touches
    its run every quarter of that (its heartbeat), so a dead worker's run is handed back within
    that time and one sweep (30 s). A run whose job stopped its worker (the worker died holding
    it) `sweep_orphaned_limit` times is failed rather than handed back again."""

    sweep_queued_after_seconds: int = Field(30, ge=0)
    sweep_running_after_seconds: int = Field(120, ge=1)
    sweep_orphaned_limit: int = Field(3, ge=1)

    @property
    def heartbeat_seconds(self) -> float:
        return self.sweep_running_after_seconds / 4
