from enum import StrEnum


class InvitationRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    SECRETARIAT = "secretariat"

    def __str__(self) -> str:
        return str(self.value)
