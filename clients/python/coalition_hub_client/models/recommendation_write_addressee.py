from enum import StrEnum


class RecommendationWriteAddressee(StrEnum):
    ALLIANCE = "alliance"
    BUSINESS = "business"
    GOVERNMENT = "government"
    TRADE_UNIONS = "trade_unions"

    def __str__(self) -> str:
        return str(self.value)
