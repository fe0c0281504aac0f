"""Field types the services' request models share, each checked the same way everywhere."""

import re
from typing import Annotated

from pydantic import AfterValidator

from shared import periods


def _iso3(value: str) -> str:
    value = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("an ISO 3166-1 alpha-3 code such as 'NPL'")
    return value


def _period(value: str) -> str:
    periods.bounds(value)
    return value


# A country, as an ISO 3166-1 alpha-3 code (upper-cased).
Iso3 = Annotated[str, AfterValidator(_iso3)]
# A reporting period: `2024`, `2024-Q2` or `2024-05`.
Period = Annotated[str, AfterValidator(_period)]
