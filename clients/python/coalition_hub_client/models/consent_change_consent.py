from enum import StrEnum


class ConsentChangeConsent(StrEnum):
    COALITION = "coalition"
    INTERNAL = "internal"
    PUBLIC = "public"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
