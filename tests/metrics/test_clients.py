"""The metrics service's client of the directory, against the directory app in process."""

import uuid

import httpx
from fastapi import FastAPI

from services.metrics.clients import DirectoryClient
from shared.db import session_scope
from tests import factories
from tests.conftest import as_service
from tests.support.apps import asgi_client


async def test_coverage_counts_are_reused_for_their_lifetime_and_fetched_per_country(
    directory: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    async with asgi_client(directory_app, "http://directory", signer=as_service("metrics")) as http:
        remembering, fresh = DirectoryClient(http), DirectoryClient(http, coverage_seconds=0)
        before = await fresh.organisations_in(["NPL", "GHA"])
        assert await remembering.organisations_in(["NPL"]) == {"NPL": before["NPL"]}
        async with session_scope(directory_app.state.sessionmaker) as session:  # rolled back after the test
            await factories.organisation_in(session, "NPL")
            await factories.organisation_in(session, "GHA")

        # NPL is remembered (for a minute by default); GHA was never asked for, so it is fetched.
        assert await remembering.organisations_in(["NPL", "GHA"]) == {"NPL": before["NPL"], "GHA": before["GHA"] + 1}
        assert await fresh.organisations_in(["NPL"]) == {"NPL": before["NPL"] + 1}
        assert await remembering.organisations_in([]) == {}


async def test_an_organisation_the_directory_does_not_list_is_active_in_no_coalition(
    directory: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    """The directory answers 404 for its memberships (unknown, removed, or awaiting review): not
    an outage of the directory, but an organisation in no coalition."""
    async with asgi_client(directory_app, "http://directory", signer=as_service("metrics")) as http:
        assert await DirectoryClient(http).active_coalitions(uuid.uuid4()) == set()
