from enum import StrEnum


class TestimonyCreateMilestoneType0(StrEnum):
    COORDINATION = "coordination"
    JUSTICE = "justice"
    RISK_FACTORS = "risk_factors"
    SUPPLY_CHAINS = "supply_chains"
    SURVIVORS = "survivors"

    def __str__(self) -> str:
        return str(self.value)
