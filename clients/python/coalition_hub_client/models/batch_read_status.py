from enum import StrEnum


class BatchReadStatus(StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    QUEUED = "queued"
    REJECTED = "rejected"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
