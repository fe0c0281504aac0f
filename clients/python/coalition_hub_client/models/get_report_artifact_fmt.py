from enum import StrEnum


class GetReportArtifactFmt(StrEnum):
    CSV = "csv"
    HTML = "html"
    JSON = "json"
    MD = "md"
    PDF = "pdf"

    def __str__(self) -> str:
        return str(self.value)
