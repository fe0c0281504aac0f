"""Gathering asks the peers several things at once; a failure keeps its meaning; what it gathers
can be traced to where it was read."""

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from services.reports.rendering import render_text
from services.reports.runs.gather import AT_ONCE, Request, _indicators, _together
from shared.errors import UpstreamUnavailable
from tests.reports.sample_document import sample_document


async def test_calls_made_at_once_answer_in_order() -> None:
    started: list[str] = []

    async def answer(name: str, delay: float) -> str:
        started.append(name)
        await asyncio.sleep(delay)
        return name

    assert await _together(answer("slow", 0.05), answer("fast", 0)) == ["slow", "fast"]
    assert started == ["slow", "fast"]


async def test_the_first_failure_is_raised_as_it_is_and_cancels_the_others() -> None:
    cancelled = asyncio.Event()

    async def hangs() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def fails() -> None:
        raise UpstreamUnavailable("http://directory answered 500.")

    with pytest.raises(UpstreamUnavailable, match="answered 500"):
        await _together(hangs(), fails())
    assert cancelled.is_set()


async def test_a_lookup_error_from_a_nested_gathering_stays_a_lookup_error() -> None:
    async def gone() -> None:
        raise LookupError("/v1/directory/coalitions/x is not found.")

    async def nested() -> list[None]:
        return await _together(gone())

    with pytest.raises(LookupError):
        await _together(nested())


async def test_no_more_than_a_few_calls_are_in_flight() -> None:
    in_flight, most = 0, 0

    async def call() -> None:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1

    await _together(*(call() for _ in range(3 * AT_ONCE)))

    assert most == AT_ONCE


async def test_a_baseline_and_a_target_are_traced_to_where_they_are_read() -> None:
    """A reader checks the figures progress is measured against as well as the figures: the
    baseline and target get provenance entries naming the metrics query that gives them (no
    organisation contributes to a stated figure), so the report links them to the annex."""
    target = {"indicator": "convictions", "country": "NPL", "baseline_period": "2020", "baseline_value": "40",
              "target_period": "2030", "target_value": "120"}  # fmt: skip

    def metrics(request: httpx.Request) -> httpx.Response:  # the metrics service, outside the report service
        if request.url.path == "/v1/metrics/targets":
            return httpx.Response(200, json={"items": [target], "next_cursor": None})
        if request.url.path == "/v1/metrics/aggregates":
            cell = {"period": "2024", "value": 63, "status": "F", "contributors": 3}
            return httpx.Response(200, json={"indicator_version": 1, "unit": "people convicted",
                                             "aggregation": "sum", "cells": [cell]})  # fmt: skip
        version = {"name": "Convictions", "unit": "people convicted", "definition": "", "translations": {}}
        return httpx.Response(200, json=version)

    request = Request("NPL", "2024", uuid.uuid4(), "accountability-shadow-report", "en")
    async with httpx.AsyncClient(transport=httpx.MockTransport(metrics), base_url="http://metrics") as client:
        [part], provenance, _ = await _indicators(client, request, ["convictions"], datetime(2025, 1, 1, tzinfo=UTC))
    document = sample_document().model_copy(update={"indicators": [part], "provenance": provenance})
    html, _, _ = render_text(document)
    stated = {e.figure_id: e for e in provenance if e.figure_id[0] in "BT"}

    assert part.baseline and part.target and set(stated) == {part.baseline.figure_id, part.target.figure_id}
    assert {e.source for e in stated.values()} == {"/v1/metrics/targets?indicator=convictions&country=NPL"}
    assert all(e.contributors is None and e.status == "F" for e in stated.values())
    assert '<a class="figure" href="#fig-b-convictions-npl">40\u00a0people convicted</a> (2020)' in html
    assert '<tbody id="fig-t-convictions-npl" class="entry">' in html
