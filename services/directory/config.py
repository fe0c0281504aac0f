from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings


class DirectorySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTORY_", extra="ignore", populate_by_name=True)

    port: int = 8001
