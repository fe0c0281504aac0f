from enum import StrEnum


class SubmitBatchJsonObservationWriteStatus(StrEnum):
    FINAL = "final"
    PROVISIONAL = "provisional"

    def __str__(self) -> str:
        return str(self.value)
