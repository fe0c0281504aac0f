from enum import StrEnum


class IdentityKind(StrEnum):
    ACCOUNT = "account"
    ANONYMOUS = "anonymous"
    SERVICE = "service"

    def __str__(self) -> str:
        return str(self.value)
