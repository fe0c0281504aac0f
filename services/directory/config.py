from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import RunSweepSettings


class DirectorySettings(RunSweepSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTORY_", extra="ignore", populate_by_name=True)

    port: int = 8001
    # How long search facet counts (which depend on the filters only) are reused; 0 turns it off.
    facet_cache_seconds: float = Field(30.0, ge=0)
