"""Finding organisations: validated filters, search, facets, partner matches and coverage."""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed, vocabularies
from services.directory.repository import search as repository
from services.directory.repository.search import Filters
from shared.errors import InvalidInput

Order = Literal["relevance", "name"]
VOCABULARY_OF = {
    "regions": ("region", vocabularies.REGIONS),
    "forms": ("form", vocabularies.FORMS),
    "interventions": ("intervention", vocabularies.INTERVENTIONS),
    "sectors": ("sector", vocabularies.SECTORS),
    "kinds": ("kind", vocabularies.KINDS),
}


def validate(filters: Filters) -> Filters:
    """Unknown terms and country codes are a 422 naming the parameter, never an empty result."""
    errors = []
    for attribute, (parameter, vocabulary) in VOCABULARY_OF.items():
        for term in getattr(filters, attribute):
            if term not in vocabulary:
                errors.append({"field": parameter, "reason": f"unknown term {term!r}; see /v1/directory/vocabularies"})
    filters.countries = [c.upper() for c in filters.countries]
    for code in filters.countries:
        if code not in seed.country_codes():
            errors.append({"field": "country", "reason": f"{code!r} is not an ISO 3166-1 alpha-3 code"})
    if errors:
        raise InvalidInput("Some filters are not valid.", errors=errors)
    return filters


def encode_cursor(order: Order, key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": order, "k": key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, order: Order) -> list[Any] | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key = data["k"]
        if data["o"] != order or not isinstance(key, list) or len(key) != (3 if order == "relevance" else 2):
            raise ValueError
        return key
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "The cursor is not one this search gave out.",
            errors=[{"field": "cursor", "reason": "malformed, or from a search with another order"}],
        ) from exc


async def search(
    session: AsyncSession, filters: Filters, *, order: Order, cursor: str | None, limit: int
) -> tuple[Sequence[Any], str | None, int, dict[str, dict[str, int]]]:
    validate(filters)
    by_relevance = order == "relevance" and bool(filters.q)
    effective: Order = "relevance" if by_relevance else "name"
    query = repository.build(filters)
    rows, last, total, facets = await repository.run(
        session, query, by_relevance=by_relevance, after=decode_cursor(cursor, effective), limit=limit
    )
    return rows, encode_cursor(effective, last) if last else None, total, facets
