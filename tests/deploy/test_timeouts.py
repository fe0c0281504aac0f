"""Timeouts ordered from the inside out, for ordinary and long routes alike: what a balancer in
front of service replicas waits in all its tries < what the gateway waits for a service < what
the front (the Ingress, or nginx outside Kubernetes) waits for the gateway. And the three agree
on which routes are long."""

import re

import pytest
import yaml

from services.gateway.config import GatewaySettings
from services.gateway.timeouts import LONG_ROUTES
from tests.conftest import ROOT

NGINX = ROOT / "deploy" / "nginx" / "coalition-hub.conf"
INGRESS = ROOT / "deploy" / "k8s" / "base" / "ingress.yaml"
LONG = [
    "/v1/directory/organisations.csv",
    "/v1/directory/hsds.json",
    "/v1/directory/imports",
    "/v1/metrics/exports/aggregates.csv",
    f"/v1/metrics/organisations/{'0' * 8}/observations/batches",
    "/v1/reports/reports/abc/report.pdf",
]
ORDINARY = [
    "/v1/directory/organisations",
    "/v1/directory/organisations/abc",
    "/v1/directory/imports/abc",
    "/v1/metrics/aggregates",
    "/v1/reports/reports",
    "/v1/reports/reports/abc",
]


def server_blocks(text: str) -> dict[str, str]:
    """The nginx `server` blocks, by their first `listen`."""
    blocks = {}
    for match in re.finditer(r"^server \{\n(.*?)^\}", text, re.S | re.M):
        body = match.group(1)
        blocks[re.search(r"listen (\S+?)[ ;]", body).group(1)] = body  # type: ignore[union-attr]
    return blocks


def locations(block: str) -> dict[str, str]:
    """`location` bodies by their pattern ('/' for the default)."""
    return {m.group(1): m.group(2) for m in re.finditer(r"location (?:~ )?(\S+) \{\n(.*?)\n    \}", block, re.S)}


def setting(body: str, name: str, default: int | None = None) -> int:
    match = re.search(rf"{name} (\d+)s?;", body)
    assert match or default is not None, name
    return int(match.group(1)) if match else default  # type: ignore[return-value]


@pytest.fixture(scope="module")
def nginx() -> dict[str, dict[str, str]]:
    return {listen: locations(body) for listen, body in server_blocks(NGINX.read_text()).items()}


@pytest.fixture(scope="module")
def ingresses() -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in yaml.safe_load_all(INGRESS.read_text())}


def long_pattern(locs: dict[str, str]) -> str:
    [pattern] = [p for p in locs if p != "/"]
    return pattern


@pytest.mark.parametrize(
    ("kind", "gateway_seconds"), [("ordinary", "upstream_timeout_seconds"), ("long", "upstream_long_timeout_seconds")]
)
def test_each_layer_waits_longer_than_the_one_inside(
    nginx: dict[str, dict[str, str]], ingresses: dict[str, dict], kind: str, gateway_seconds: str
) -> None:
    internal, front = nginx["9001"], nginx["443"]
    pick = (lambda locs: locs["/"]) if kind == "ordinary" else (lambda locs: locs[long_pattern(locs)])
    replica = setting(pick(internal), "proxy_read_timeout") * setting(pick(internal), "proxy_next_upstream_tries")
    gateway = getattr(GatewaySettings(), gateway_seconds)
    ingress = ingresses["gateway" if kind == "ordinary" else "gateway-long"]["metadata"]["annotations"]

    assert replica < gateway < setting(pick(front), "proxy_read_timeout")
    assert gateway < int(ingress["nginx.ingress.kubernetes.io/proxy-read-timeout"])


def test_the_long_routes_are_the_same_everywhere(nginx: dict[str, dict[str, str]], ingresses: dict[str, dict]) -> None:
    patterns = [long_pattern(nginx["9001"]), long_pattern(nginx["443"])]
    ingress_paths = [p["path"] for r in ingresses["gateway-long"]["spec"]["rules"] for p in r["http"]["paths"]]
    for path in LONG:
        assert LONG_ROUTES.match(path), path
        assert all(re.search(p, path) for p in patterns), path
        assert any(re.match(p, path) for p in ingress_paths), path
    for path in ORDINARY:
        assert not LONG_ROUTES.match(path), path
        assert not any(re.search(p, path) for p in patterns), path
        assert not any(re.match(p, path) for p in ingress_paths), path
