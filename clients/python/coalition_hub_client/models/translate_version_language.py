from enum import StrEnum


class TranslateVersionLanguage(StrEnum):
    AR = "ar"
    ES = "es"
    FR = "fr"
    PT = "pt"
    RU = "ru"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
