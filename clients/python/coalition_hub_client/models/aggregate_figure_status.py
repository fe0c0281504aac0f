from enum import StrEnum


class AggregateFigureStatus(StrEnum):
    C = "C"
    F = "F"

    def __str__(self) -> str:
        return str(self.value)
