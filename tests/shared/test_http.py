"""How a peer's failures read to the caller: down or 503 is a 503 to retry (with Retry-After),
too slow a 504, any other 5xx a 502 (it answered wrongly)."""

import ssl

import httpx
import pytest

from shared.errors import PeerUnavailable, UpstreamTimeout, UpstreamUnavailable
from shared.http import call, create_client


def peer(status: int, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, headers=headers, json={}))
    return httpx.AsyncClient(base_url="http://peer", transport=transport)


async def test_a_peer_in_an_outage_is_a_503_with_its_retry_after() -> None:
    async with peer(503, {"Retry-After": "7"}) as client:
        with pytest.raises(PeerUnavailable) as raised:
            await call(client, "GET", "/x")

    assert raised.value.status == 503 and raised.value.headers == {"Retry-After": "7"}


async def test_a_peer_that_cannot_be_reached_is_a_503_with_retry_after() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with httpx.AsyncClient(base_url="http://peer", transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(PeerUnavailable) as raised:
            await call(client, "GET", "/x")

    assert raised.value.status == 503 and raised.value.headers == {"Retry-After": "5"}


async def test_a_named_peer_is_named_in_errors_without_its_address() -> None:
    """Errors reach users (a 503's detail, a report run's stage): they say which service, never
    where it runs inside the platform."""
    async with create_client("http://127.0.0.1:1", peer="directory", timeout=1) as client:
        with pytest.raises(PeerUnavailable) as raised:
            await call(client, "GET", "/v1/directory/countries")

    assert raised.value.detail == "The directory service is unreachable; retry shortly."


@pytest.mark.parametrize(
    ("status", "error", "answered"), [(500, UpstreamUnavailable, 502), (504, UpstreamTimeout, 504)]
)
async def test_other_peer_failures_are_502_or_504(status: int, error: type[Exception], answered: int) -> None:
    async with peer(status) as client:
        with pytest.raises(error) as raised:
            await call(client, "GET", "/x")

    assert not isinstance(raised.value, PeerUnavailable) and raised.value.status == answered  # type: ignore[attr-defined]


async def test_clients_share_one_verifying_tls_context() -> None:
    """Building a TLS context reads the certificate bundle (about 16 ms of CPU): every client of
    the process shares one, and it still verifies certificates and host names."""
    first, second = create_client("https://a.example"), create_client("https://b.example")
    contexts = [client._transport.ssl_context for client in (first, second)]  # type: ignore[attr-defined]
    await first.aclose()
    await second.aclose()
    assert contexts[0] is contexts[1]
    assert contexts[0].verify_mode == ssl.CERT_REQUIRED and contexts[0].check_hostname
