"""Which answers the gateway's shared cache may keep (RFC 9111): only a 200 marked `public`
with a lifetime, without cookies, varying only on the request headers it keys on; and how
concurrent misses of one page share one forward."""

import asyncio

import pytest
from starlette.requests import Request
from starlette.responses import Response

from services.gateway.cache import PASS, SharedCache

PATH = "/v1/directory/x"
PUBLIC = "public, max-age=2"


def request(headers: dict[str, str] | None = None, method: str = "GET") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request({"type": "http", "method": method, "path": PATH, "query_string": b"a=1", "headers": raw})


def answer(status: int = 200, body: bytes = b'{"items": []}', **headers: str) -> Response:
    response = Response(body, status_code=status)
    for name, value in headers.items():
        response.raw_headers.append((name.replace("_", "-").encode(), value.encode()))
    return response


class Service:
    """Counts forwards; each answers `response` after `delay` seconds."""

    def __init__(self, response: Response, delay: float = 0) -> None:
        self.response, self.delay, self.calls = response, delay, 0

    async def __call__(self) -> Response:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return self.response


async def read(cache: SharedCache, service: Service, headers: dict[str, str] | None = None) -> Response:
    lookup = cache.lookup(request(headers), "directory", PATH, "ip:1")
    return lookup.stored or await cache.through(lookup, service)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (answer(cache_control=PUBLIC), True),
        (answer(cache_control="public, s-maxage=5"), True),
        (answer(cache_control=PUBLIC, vary="Accept-Encoding"), True),
        (answer(), False),  # unmarked
        (answer(cache_control="max-age=2"), False),  # not said to be the same for everyone
        (answer(cache_control="public, max-age=2, private"), False),
        (answer(cache_control="public, no-store, max-age=2"), False),
        (answer(cache_control="public"), False),  # no lifetime
        (answer(cache_control=PUBLIC, set_cookie="session=1"), False),
        (answer(cache_control=PUBLIC, vary="Authorization"), False),
        (answer(cache_control=PUBLIC, vary="*"), False),
        (answer(404, cache_control=PUBLIC), False),
    ],
)
async def test_only_answers_marked_the_same_for_everyone_are_kept(response: Response, expected: bool) -> None:
    cache, service = SharedCache(1_048_576, 2), Service(response)
    await read(cache, service)
    await read(cache, service)
    assert service.calls == (1 if expected else 2)


def test_nothing_is_kept_when_the_cache_is_off() -> None:
    assert SharedCache(1_048_576, 0).lookup(request(), "directory", PATH, "ip:1") == PASS


@pytest.mark.parametrize("headers", [{"If-None-Match": '"x"'}, {"Range": "bytes=0-1"}, {"If-Modified-Since": "x"}])
def test_conditional_requests_go_to_the_service(headers: dict[str, str]) -> None:
    assert SharedCache(1_048_576, 2).lookup(request(headers), "directory", PATH, "ip:1") == PASS


def test_writes_and_their_writers_go_to_the_service() -> None:
    cache = SharedCache(1_048_576, 2)
    assert cache.lookup(request(method="POST"), "directory", PATH, "ip:1") == PASS
    cache.forwarded(request(method="POST"), "directory", "ip:1")
    assert cache.lookup(request(), "directory", PATH, "ip:1") == PASS
    assert cache.lookup(request(), "metrics", "/v1/metrics/x", "ip:1").key is not None
    assert cache.lookup(request(), "directory", PATH, "ip:2").key is not None


def test_answers_differ_by_the_headers_they_may_vary_on() -> None:
    cache = SharedCache(1_048_576, 2)
    english = cache.lookup(request({"Accept-Language": "en"}), "directory", PATH, "ip:1").key
    french = cache.lookup(request({"Accept-Language": "fr"}), "directory", PATH, "ip:1").key
    assert english is not None and english != french


async def test_a_client_asking_for_a_fresh_answer_gets_one_and_leaves_it_for_the_next() -> None:
    cache = SharedCache(1_048_576, 2)
    await read(cache, Service(answer(cache_control=PUBLIC, body=b"old")))
    for asked in ({"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}, {"Cache-Control": "max-age=0"}):
        assert (await read(cache, Service(answer(cache_control=PUBLIC, body=b"new")), asked)).body == b"new"
    assert (await read(cache, Service(answer(body=b"unused")))).body == b"new"


async def test_concurrent_misses_of_a_page_share_one_forward() -> None:
    cache, service = SharedCache(1_048_576, 2), Service(answer(cache_control=PUBLIC, body=b"page"), delay=0.05)
    answers = await asyncio.gather(*(read(cache, service) for _ in range(20)))
    assert service.calls == 1 and {a.body for a in answers} == {b"page"}


async def test_concurrent_misses_of_a_private_answer_each_forward() -> None:
    cache, service = SharedCache(1_048_576, 2), Service(answer(body=b"yours"), delay=0.05)
    answers = await asyncio.gather(*(read(cache, service) for _ in range(5)))
    assert service.calls == 5 and all(a is service.response for a in answers)  # never a copy of another's
