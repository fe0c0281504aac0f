from enum import StrEnum


class ListCoalitionsScopeType0(StrEnum):
    GLOBAL = "global"
    NATIONAL = "national"
    REGIONAL = "regional"

    def __str__(self) -> str:
        return str(self.value)
