from enum import StrEnum


class ObservationWriteVisibility(StrEnum):
    COALITION = "coalition"
    PRIVATE = "private"
    PUBLIC = "public"

    def __str__(self) -> str:
        return str(self.value)
