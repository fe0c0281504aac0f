"""Which answers the gateway's shared cache may keep (RFC 9111): only a 200 marked `public`
with a lifetime, without cookies, varying only on the request headers it keys on."""

import pytest
from starlette.requests import Request
from starlette.responses import Response

from services.gateway.cache import SharedCache


def request(headers: dict[str, str] | None = None, method: str = "GET") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request(
        {"type": "http", "method": method, "path": "/v1/directory/x", "query_string": b"a=1", "headers": raw}
    )


def answer(status: int = 200, **headers: str) -> Response:
    response = Response(b'{"items": []}', status_code=status)
    for name, value in headers.items():
        response.raw_headers.append((name.replace("_", "-").encode(), value.encode()))
    return response


def kept(response: Response, max_seconds: float = 2) -> bool:
    cache = SharedCache(1_048_576, max_seconds)
    key, _ = cache.lookup(request(), "directory", "/v1/directory/x", "ip:1")
    assert key is not None
    cache.keep(key, response)
    return cache.lookup(request(), "directory", "/v1/directory/x", "ip:1")[1] is not None


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (answer(cache_control="public, max-age=2"), True),
        (answer(cache_control="public, s-maxage=5"), True),
        (answer(cache_control="public, max-age=2", vary="Accept-Encoding"), True),
        (answer(), False),  # unmarked
        (answer(cache_control="max-age=2"), False),  # not said to be the same for everyone
        (answer(cache_control="public, max-age=2, private"), False),
        (answer(cache_control="public, no-store, max-age=2"), False),
        (answer(cache_control="public"), False),  # no lifetime
        (answer(cache_control="public, max-age=2", set_cookie="session=1"), False),
        (answer(cache_control="public, max-age=2", vary="Authorization"), False),
        (answer(cache_control="public, max-age=2", vary="*"), False),
        (answer(404, cache_control="public, max-age=2"), False),
    ],
)
def test_only_answers_marked_the_same_for_everyone_are_kept(response: Response, expected: bool) -> None:
    assert kept(response) is expected


def test_nothing_is_kept_when_the_cache_is_off() -> None:
    cache = SharedCache(1_048_576, 0)
    assert cache.lookup(request(), "directory", "/v1/directory/x", "ip:1") == (None, None)


@pytest.mark.parametrize("headers", [{"If-None-Match": '"x"'}, {"Range": "bytes=0-1"}, {"If-Modified-Since": "x"}])
def test_conditional_requests_go_to_the_service(headers: dict[str, str]) -> None:
    assert SharedCache(1_048_576, 2).lookup(request(headers), "directory", "/v1/directory/x", "ip:1") == (None, None)


def test_writes_and_their_writers_go_to_the_service() -> None:
    cache = SharedCache(1_048_576, 2)
    assert cache.lookup(request(method="POST"), "directory", "/v1/directory/x", "ip:1") == (None, None)
    cache.forwarded(request(method="POST"), "directory", "ip:1")
    assert cache.lookup(request(), "directory", "/v1/directory/x", "ip:1") == (None, None)
    assert cache.lookup(request(), "metrics", "/v1/metrics/x", "ip:1")[0] is not None
    assert cache.lookup(request(), "directory", "/v1/directory/x", "ip:2")[0] is not None


def test_answers_differ_by_the_headers_they_may_vary_on() -> None:
    cache = SharedCache(1_048_576, 2)
    english, _ = cache.lookup(request({"Accept-Language": "en"}), "directory", "/v1/directory/x", "ip:1")
    french, _ = cache.lookup(request({"Accept-Language": "fr"}), "directory", "/v1/directory/x", "ip:1")
    assert english is not None and english != french


def test_a_client_asking_for_a_fresh_answer_gets_one_and_leaves_it_for_the_next() -> None:
    cache = SharedCache(1_048_576, 2)
    key, _ = cache.lookup(request(), "directory", "/v1/directory/x", "ip:1")
    assert key is not None
    cache.keep(key, answer(cache_control="public, max-age=2"))
    for asked in ({"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}, {"Cache-Control": "max-age=0"}):
        assert cache.lookup(request(asked), "directory", "/v1/directory/x", "ip:1") == (key, None)
