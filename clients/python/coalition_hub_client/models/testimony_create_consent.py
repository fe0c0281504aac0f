from enum import StrEnum


class TestimonyCreateConsent(StrEnum):
    COALITION = "coalition"
    INTERNAL = "internal"
    PUBLIC = "public"

    def __str__(self) -> str:
        return str(self.value)
