from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class MetricsSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="METRICS_", extra="ignore", populate_by_name=True)

    port: int = 8002
