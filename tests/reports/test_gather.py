"""Gathering asks the peers several things at once; a failure keeps its meaning."""

import asyncio

import pytest

from services.reports.runs.gather import AT_ONCE, _together
from shared.errors import UpstreamUnavailable


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
