from enum import StrEnum


class MoveReportAction(StrEnum):
    PUBLISH = "publish"
    RETURN = "return"
    SUBMIT = "submit"

    def __str__(self) -> str:
        return str(self.value)
