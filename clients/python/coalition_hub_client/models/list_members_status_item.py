from enum import StrEnum


class ListMembersStatusItem(StrEnum):
    ACTIVE = "active"
    INVITED = "invited"
    LEFT = "left"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
