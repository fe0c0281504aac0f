"""Finding organisations: validated filters, search, facets, partner matches and coverage."""

import base64
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed, vocabularies
from services.directory.organisations.service import get_organisation
from services.directory.search import repository
from services.directory.search.repository import Filters
from shared.db import raw_connection
from shared.errors import InvalidInput
from shared.pagination import (
    CURSOR_ERRORS,
    KeyPart,
    cursor_json,
    malformed_cursor,
    number_part,
    sort_key,
    text_part,
    uuid_part,
)

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


# The sort key of each order's cursor: [rank,] folded name, id.
KEY_PARTS: dict[Order, tuple[KeyPart, ...]] = {
    "relevance": (number_part, text_part, uuid_part),
    "name": (text_part, uuid_part),
}


def decode_cursor(cursor: str | None, order: Order) -> list[Any] | None:
    if not cursor:
        return None
    try:
        data = cursor_json(cursor)
        if not isinstance(data, dict) or data.get("o") != order:
            raise ValueError("from a search with another order")
        return list(sort_key(data.get("k"), KEY_PARTS[order]))
    except CURSOR_ERRORS as exc:
        raise malformed_cursor("malformed, or from a search with another order") from exc


async def search(
    session: AsyncSession,
    filters: Filters,
    *,
    order: Order,
    cursor: str | None,
    limit: int,
    facet_cache: "FacetCache",
    grams: "GramFrequencies",
) -> tuple[Sequence[Any], str | None, int, dict[str, dict[str, int]]]:
    validate(filters)
    by_relevance = order == "relevance" and bool(filters.q)
    effective: Order = "relevance" if by_relevance else "name"
    query = await _built(session, filters, grams)
    after = decode_cursor(cursor, effective)
    if (counted := facet_cache.get(query)) is not None:
        # Facets known for these filters: only the page is needed, in index order.
        rows, last = await repository.page(session, query, by_relevance=by_relevance, after=after, limit=limit)
        total, facets = counted
    else:
        # Page, total and facets in one scan.
        rows, last, total, facets = await repository.page_and_facets(
            session, query, by_relevance=by_relevance, after=after, limit=limit
        )
        facet_cache.put(query, (total, facets))
    return rows, encode_cursor(effective, last) if last else None, total, facets


class FacetCache:
    """Counts depend on the filters only, not on the page: paging through a result set, or many
    visitors opening the same listing, reuse them for a while (0 seconds turns this off)."""

    def __init__(self, seconds: float, max_entries: int = 2048) -> None:
        self.entries: TTLCache[str, tuple[int, dict[str, dict[str, int]]]] | None = (
            TTLCache(max_entries, seconds) if seconds > 0 else None
        )

    @staticmethod
    def _key(query: repository.Query) -> str:
        return repr((query.where, query.args))

    def get(self, query: repository.Query) -> tuple[int, dict[str, dict[str, int]]] | None:
        return None if self.entries is None else self.entries.get(self._key(query))

    def put(self, query: repository.Query, counts: tuple[int, dict[str, dict[str, int]]]) -> None:
        if self.entries is not None:
            self.entries[self._key(query)] = counts


class GramFrequencies:
    """How common each name trigram is, read from PostgreSQL's statistics again every
    `seconds`: a text search asks the index for a name's rarest trigrams (repository.rarest)."""

    def __init__(self, seconds: float = 600.0) -> None:
        self.seconds = seconds
        self.known: Mapping[str, float] = {}
        self.read_at: float | None = None

    async def get(self, session: AsyncSession) -> Mapping[str, float]:
        if self.read_at is None or time.monotonic() - self.read_at > self.seconds:
            self.known = await repository.gram_frequencies(await raw_connection(session))
            self.read_at = time.monotonic()
        return self.known


async def _built(session: AsyncSession, filters: Filters, grams: GramFrequencies) -> repository.Query:
    """The query of `filters`; a text searched asks for the trigram statistics (read at most
    every few minutes), a search without text does not."""
    return repository.build(filters, await grams.get(session) if filters.q else None)


def reasons(match: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Why an organisation is proposed, in words."""
    out = []
    if match["shared_countries"]:
        out.append("works in " + ", ".join(names.get(c, c) for c in match["shared_countries"]))
    if match["shared_forms"]:
        out.append("also works on " + ", ".join(vocabularies.FORMS[f].lower() for f in match["shared_forms"]))
    if match["complementary"]:
        out.append(
            "brings "
            + ", ".join(vocabularies.INTERVENTIONS[i].lower() for i in match["complementary"])
            + ", which you do not do"
        )
    if match["shared_sectors"]:
        out.append("same sectors: " + ", ".join(vocabularies.SECTORS[s].lower() for s in match["shared_sectors"]))
    return out


async def partner_matches(
    session: AsyncSession, organisation_id: Any, filters: Filters, limit: int, grams: GramFrequencies
) -> list[dict[str, Any]]:
    await get_organisation(session, organisation_id)  # 404 for an unknown or deleted one
    validate(filters)
    found = await repository.matches(session, organisation_id, await _built(session, filters, grams), limit)
    names = {row["iso3"]: row["name"] for row in seed.country_rows()}
    for match in found:
        match["reasons"] = reasons(match, names)
    return found
