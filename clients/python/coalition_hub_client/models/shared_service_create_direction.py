from enum import StrEnum


class SharedServiceCreateDirection(StrEnum):
    NEED = "need"
    OFFER = "offer"

    def __str__(self) -> str:
        return str(self.value)
