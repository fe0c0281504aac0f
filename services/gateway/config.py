from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    port: int = Field(8000, validation_alias="PORT")
    # How long the gateway waits for a service's answer: most routes, and the long ones (exports,
    # report files, uploads; services/gateway/timeouts.py). Each must exceed what a balancer in
    # front of the replicas waits in all its tries, and stay under the ingress's timeout.
    upstream_timeout_seconds: float = Field(25.0, gt=0)
    upstream_long_timeout_seconds: float = Field(55.0, gt=0)
    openapi_cache_seconds: float = Field(60.0, ge=0)
    # How long a verified (or refused) key is remembered: the bound on how late a revocation bites.
    key_cache_seconds: float = Field(10.0, ge=0)
    # The shared cache of answers the services mark the same for everyone (services/gateway/cache.py):
    # the longest it keeps one (0: no cache; the services' max-age applies below it) and its size.
    shared_cache_seconds: float = Field(2.0, ge=0)
    shared_cache_megabytes: int = Field(16, ge=1)
    # Token buckets: `burst` requests at once, refilled at `per_second`.
    rate_limit_burst: int = Field(120, ge=1)
    rate_limit_per_second: float = Field(20.0, gt=0)
    anonymous_burst: int = Field(60, ge=1)
    anonymous_per_second: float = Field(5.0, gt=0)
    key_creation_burst: int = Field(5, ge=1)
    key_creation_per_hour: float = Field(20.0, gt=0)
    # Self-registrations of organisations (anonymous) per client address.
    registration_burst: int = Field(3, ge=1)
    registration_per_hour: float = Field(6.0, gt=0)
    # Refused keys per client address: once spent, that address's keys get 429 unchecked.
    auth_failure_burst: int = Field(10, ge=1)
    auth_failure_per_minute: float = Field(6.0, gt=0)
    # Browser origins allowed to call the API, comma-separated ("" allows none).
    cors_origins: str = ""
    # `/docs` and the merged `/openapi.json`: served outside production unless set false, in
    # production only when set true.
    expose_docs: bool | None = None

    def upstreams(self) -> dict[str, str]:
        return {"directory": self.directory_url, "metrics": self.metrics_url, "reports": self.reports_url}

    def docs_exposed(self) -> bool:
        return self.environment != "production" if self.expose_docs is None else self.expose_docs

    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]
