from enum import StrEnum


class WebhookEvent(StrEnum):
    REPORT_COMPLETED = "report.completed"
    REPORT_FAILED = "report.failed"
    REPORT_PUBLISHED = "report.published"
    REPORT_REGENERATION_NEEDED = "report.regeneration_needed"

    def __str__(self) -> str:
        return str(self.value)
