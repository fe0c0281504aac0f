from enum import StrEnum


class CoalitionCreateScope(StrEnum):
    GLOBAL = "global"
    NATIONAL = "national"
    REGIONAL = "regional"

    def __str__(self) -> str:
        return str(self.value)
