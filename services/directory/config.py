from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class DirectorySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTORY_", extra="ignore", populate_by_name=True)

    port: int = 8001
    # How long search facet counts (which depend on the filters only) are reused; 0 turns it off.
    facet_cache_seconds: float = Field(30.0, ge=0)
    # A queued import older than this with no job in Redis is re-enqueued by the sweeper.
    sweep_queued_after_seconds: int = Field(30, ge=0)
    # A running import not touched for this long is presumed orphaned by a dead worker.
    sweep_running_after_seconds: int = Field(600, ge=0)
