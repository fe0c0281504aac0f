"""The metrics service's view of the directory: known countries, who works where on what, and
who is in which coalition. Every call has the timeouts of the service's shared HTTP client.

Reference data (the countries) and coverage counts are remembered; while the directory is down
the last ones read stand in for fresh ones, so published figures outlive an outage of the
directory. Memberships are never remembered: a coalition's view needs the directory now."""

import logging
import math
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from shared.errors import PEER_OUTAGES, NotFound, UpstreamUnavailable
from shared.http import call
from shared.identity import Identity

log = logging.getLogger("hub.metrics.directory")
COUNTRIES_TTL_SECONDS = 3600.0
COVERAGE_TTL_SECONDS = 60.0


@dataclass(frozen=True)
class PairCoverage:
    """The directory's active organisations in one country: all of them, and per form of
    exploitation and intervention (every pair of the vocabularies, zeros too)."""

    country: str
    name: str
    organisations: int
    counts: dict[str, dict[str, int]]  # form -> intervention -> organisations


class DirectoryClient:
    def __init__(self, http: httpx.AsyncClient, *, coverage_seconds: float = COVERAGE_TTL_SECONDS) -> None:
        self.http = http
        self.coverage_seconds = coverage_seconds
        self._countries: tuple[float, list[dict[str, Any]]] | None = None
        self._coverage: dict[str, tuple[float, int]] = {}  # country -> (fetched at, organisations)

    async def _get(self, url: str, *, absent: str | None = None, **params: object) -> dict[str, Any]:
        """A page of the directory: `items` and `next_cursor`. With `absent`, a 404 (the list's
        owner is not there) is NotFound saying so."""
        response = await call(self.http, "GET", url, params=params)
        if response.status_code == 404 and absent:
            raise NotFound(absent)
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The directory answered {response.status_code} for {url}.")
        page: dict[str, Any] = response.json()
        return page

    async def _all_items(self, url: str, *, absent: str | None = None, **params: object) -> list[dict[str, Any]]:
        """Every item of a directory list, page after page."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = await self._get(url, absent=absent, **params, **({"cursor": cursor} if cursor else {}))
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items

    async def _country_rows(self) -> list[dict[str, Any]]:
        """The directory's countries, fetched once an hour (reference data changes rarely)."""
        if self._countries is None or time.monotonic() - self._countries[0] > COUNTRIES_TTL_SECONDS:
            try:
                page = await self._get("/v1/directory/countries", limit=500)
            except PEER_OUTAGES:
                if self._countries is None:
                    raise
                log.warning("directory unavailable: the countries read earlier stand")
                return self._countries[1]
            self._countries = (time.monotonic(), page["items"])
        return self._countries[1]

    async def country_regions(self) -> dict[str, str | None]:
        """ISO 3166-1 alpha-3 code -> UN region."""
        return {c["iso3"]: c["region"] for c in await self._country_rows()}

    async def country_names(self) -> dict[str, str]:
        """ISO 3166-1 alpha-3 code -> English short name."""
        return {c["iso3"]: c["name"] for c in await self._country_rows()}

    async def country_alpha2(self) -> dict[str, str]:
        """ISO 3166-1 alpha-3 code -> alpha-2 code (which begins its subdivisions' codes)."""
        return {c["iso3"]: c["iso2"] for c in await self._country_rows()}

    async def country_codes(self) -> frozenset[str]:
        return frozenset(await self.country_regions())

    async def organisations_in(self, countries: list[str]) -> dict[str, int]:
        """How many organisations the directory knows in each country (for coverage), each
        count remembered for `coverage_seconds`; only the countries not remembered are asked for.

        A count is at most that old, so a coverage ratio may lag an organisation joining or
        leaving by as much. Nothing else depends on it: which values are visible, contributor
        counts and disclosure control are all computed from the metrics database on each request.
        """
        now = time.monotonic()
        missing = [c for c in countries if now - self._coverage.get(c, (-math.inf, 0))[0] > self.coverage_seconds]
        if missing:
            try:
                rows = await self._all_items("/v1/directory/coverage", country=missing, by="country", limit=500)
            except PEER_OUTAGES:
                log.warning("directory unavailable: coverage from the counts read earlier")
            else:
                counts = {r["country"]: r["organisations"] for r in rows}
                self._coverage.update({c: (now, counts.get(c, 0)) for c in missing})
        return {c: self._coverage[c][1] for c in countries if c in self._coverage}

    async def form_intervention_coverage(self, countries: list[str]) -> list[PairCoverage]:
        """Organisations per form x intervention in each of `countries`, as the directory counts
        them now (not remembered: the counts are the answer, not a ratio beside it)."""
        if not countries:
            return []  # the directory would answer for the Pathfinder Countries
        rows = await self._all_items(
            "/v1/directory/coverage/pairs", country=countries, by="form,intervention", limit=500
        )
        return [PairCoverage(r["country"], r["name"], r["organisations"], r["counts"]) for r in rows]

    async def require_organisation(self, organisation_id: uuid.UUID, caller: Identity) -> None:
        """NotFound unless the directory has the organisation (and it is not deleted). A caller's
        own organisation is not asked for: the directory refuses the keys of a deleted one."""
        if caller.is_account and caller.organisation_id == organisation_id:
            return
        response = await call(self.http, "GET", f"/v1/directory/organisations/{organisation_id}")
        if response.status_code == 404:
            raise NotFound(f"No organisation {organisation_id} in the directory.")
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The directory answered {response.status_code} for an organisation.")

    async def active_members(self, coalition_id: uuid.UUID) -> list[uuid.UUID]:
        """The coalition's active member organisations, as the directory says now; NotFound when
        it has no such coalition (or it was deleted)."""
        url = f"/v1/directory/coalitions/{coalition_id}/members"
        rows = await self._all_items(url, absent=f"No coalition {coalition_id} in the directory.", limit=100)
        return sorted(uuid.UUID(m["member_id"]) for m in rows if m["member_kind"] == "organisation")

    async def active_coalitions(self, organisation_id: uuid.UUID) -> set[uuid.UUID]:
        """Where the organisation is an active member; nowhere when the directory does not list it."""
        # One page holds them all: an organisation is active in a handful of coalitions, 500 at most.
        url = f"/v1/directory/organisations/{organisation_id}/memberships"
        try:
            page = await self._get(url, absent="not listed", limit=500)
        except NotFound:
            return set()
        return {uuid.UUID(m["coalition_id"]) for m in page["items"]}
