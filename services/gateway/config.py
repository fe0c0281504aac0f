from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    port: int = Field(8000, validation_alias="PORT")
    # Upstream answers may be slower than a peer call (report files, exports).
    upstream_timeout_seconds: float = Field(30.0, gt=0)
    openapi_cache_seconds: float = Field(60.0, ge=0)

    def upstreams(self) -> dict[str, str]:
        return {"directory": self.directory_url, "metrics": self.metrics_url, "reports": self.reports_url}
