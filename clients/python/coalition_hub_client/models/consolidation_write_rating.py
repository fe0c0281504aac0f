from enum import StrEnum


class ConsolidationWriteRating(StrEnum):
    ACHIEVED = "achieved"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    REGRESSED = "regressed"

    def __str__(self) -> str:
        return str(self.value)
