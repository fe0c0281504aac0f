from enum import StrEnum


class SubmitBatchJsonObservationWriteVisibility(StrEnum):
    COALITION = "coalition"
    PRIVATE = "private"
    PUBLIC = "public"

    def __str__(self) -> str:
        return str(self.value)
