from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import MAX_JOBS, RunSweepSettings


class ReportsSettings(RunSweepSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTS_", extra="ignore", populate_by_name=True)

    port: int = 8003
    # The disclosure rules the metrics service applies, stated in each report's methodology
    # (the same environment variables as the metrics service reads).
    min_contributors: int = Field(3, ge=1, validation_alias="METRICS_MIN_CONTRIBUTORS")
    min_sensitive_count: int = Field(5, ge=1, validation_alias="METRICS_MIN_SENSITIVE_COUNT")

    # Where rendered forms are kept: "postgres" (in the run's row) or "s3" (S3-compatible object
    # storage; credentials from the usual AWS_* settings). Reading follows each run's row.
    artifact_store: Literal["postgres", "s3"] = "postgres"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""  # empty: AWS itself; otherwise e.g. MinIO's address
    s3_region: str = "us-east-1"
    s3_prefix: str = "reports/"
    # Where readers reach the gateway (e.g. https://hub.example.org): makes the Atom feed's links
    # absolute. Empty: root-relative links, which feed readers resolve against the feed's address.
    public_base_url: str = ""

    # A run whose job meets a peer service down (the directory, metrics) waits for it: retried
    # with backoff, then handed back by the sweeper, until the run is this old; then it fails.
    # A run event's delivery waits as long for the directory to say who may receive it.
    peer_patience_seconds: int = Field(21600, ge=0)

    # Webhooks. Loopback receivers (and plain http) only for tests; refused in production.
    webhooks_allow_loopback: bool = False
    webhooks_max_per_organisation: int = Field(10, ge=1)
    # Attempts of one delivery before it is given up, and the delays between them: the first
    # retry after `backoff_seconds`, doubling up to `backoff_max_seconds`, each plus up to a
    # quarter at random.
    webhooks_max_attempts: int = Field(10, ge=1, le=50)
    webhooks_backoff_seconds: float = Field(60.0, gt=0)
    webhooks_backoff_max_seconds: float = Field(21600.0, gt=0)
    # The deadline of one attempt, all of it: resolving the host, connecting, sending, and the
    # answer's status line (a receiver that dribbles its answer is cut off at it).
    webhooks_timeout_seconds: float = Field(10.0, gt=0, le=60)
    # Deliveries one worker makes at once; one more waits (deferred a second or two, holding no
    # job slot), so receivers that hang cannot take the slots report runs need.
    webhooks_concurrency: int = Field(4, ge=1, le=MAX_JOBS - 2)
    # A call's claim on its delivery lasts its timeout and this margin (claiming, recording the
    # outcome); a worker that dies mid-call holds the delivery until then.
    webhooks_claim_margin_seconds: float = Field(30.0, ge=0, le=300)
    # A delivery due for this long without its job having run is re-enqueued by the sweeper.
    webhooks_sweep_after_seconds: int = Field(60, ge=0)
    # After a rotation, the old secret keeps signing (a second signature) for this long.
    webhooks_secret_grace_seconds: int = Field(86400, ge=0)

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> "ReportsSettings":
        if self.artifact_store == "s3" and not self.s3_bucket:
            raise ValueError("REPORTS_ARTIFACT_STORE=s3 needs REPORTS_S3_BUCKET")
        return self

    @model_validator(mode="after")
    def _no_loopback_webhooks_in_production(self) -> "ReportsSettings":
        if self.webhooks_allow_loopback and self.environment == "production":
            raise ValueError("REPORTS_WEBHOOKS_ALLOW_LOOPBACK must be off in production")
        return self
