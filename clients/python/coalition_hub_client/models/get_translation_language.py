from enum import StrEnum


class GetTranslationLanguage(StrEnum):
    AR = "ar"
    ES = "es"
    FR = "fr"
    PT = "pt"
    RU = "ru"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
