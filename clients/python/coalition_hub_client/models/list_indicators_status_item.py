from enum import StrEnum


class ListIndicatorsStatusItem(StrEnum):
    ADOPTED = "adopted"
    PROPOSED = "proposed"
    RETIRED = "retired"
    UNDER_REVIEW = "under_review"

    def __str__(self) -> str:
        return str(self.value)
