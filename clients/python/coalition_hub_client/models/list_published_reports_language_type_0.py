from enum import StrEnum


class ListPublishedReportsLanguageType0(StrEnum):
    EN = "en"
    ES = "es"
    FR = "fr"

    def __str__(self) -> str:
        return str(self.value)
