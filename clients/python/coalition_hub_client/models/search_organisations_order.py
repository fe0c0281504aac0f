from enum import StrEnum


class SearchOrganisationsOrder(StrEnum):
    NAME = "name"
    RELEVANCE = "relevance"

    def __str__(self) -> str:
        return str(self.value)
