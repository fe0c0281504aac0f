from enum import StrEnum


class ReportCreateTemplate(StrEnum):
    ACCOUNTABILITY_SHADOW_REPORT = "accountability-shadow-report"
    COLLECTIVE_IMPACT = "collective-impact"

    def __str__(self) -> str:
        return str(self.value)
