"""Webhook URLs may only reach the public internet: the service must not become a way to call
its own network (databases, peer services, cloud metadata). Checked when a URL is registered and
again before each delivery, which then connects to the very address checked here (DNS can
change between the two, or between a check and a connection)."""

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
RESOLVE_TIMEOUT_SECONDS = 5.0
MAX_URL_LENGTH = 2048
MAX_NAME_LENGTH = 253  # a DNS name in text, without its final dot (RFC 1035)
MAX_LABEL_LENGTH = 63
# Letters, digits and hyphens (RFC 1123), and the underscore some real names hold.
LABEL = re.compile(r"[A-Za-z0-9_-]+")

# Instance metadata services of the large clouds (AWS, GCP, Azure, Oracle, OpenStack: the first;
# AWS ECS task metadata; Alibaba Cloud; AWS over IPv6).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
# IPv6 prefixes that embed an IPv4 address a packet may end up at.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeURL(ValueError):
    """The URL may not be called; the message says why, for the `url` field."""


class Unresolvable(UnsafeURL):
    """The host name does not resolve (now): perhaps a passing failure of DNS."""


@dataclass(frozen=True)
class Target:
    url: httpx.URL
    addresses: list[IPAddress]

    @property
    def host(self) -> str:
        """The host as it goes on the wire: an address, or a name in ASCII (A-labels). Not
        `url.host`, which decodes A-labels by IDNA 2008 and raises for some that DNS takes."""
        return ascii_host(self.url)


def ascii_host(url: httpx.URL) -> str:
    return url.raw_host.decode("ascii")


def _a_label_problem(label: str) -> str | None:
    """Why an A-label (`xn--…`) is not one, or None: its Punycode must decode to printable text
    that is not ASCII alone (RFC 5890)."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return f"{label!r} is not valid Punycode"
    if not decoded or decoded.isascii() or not decoded.isprintable():
        return f"{label!r} is not a valid internationalised label"
    return None


def host_problem(host: str) -> str | None:
    """Why `host` (in ASCII) is not an address or a DNS name, or None."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    name = host.removesuffix(".")
    if len(name) > MAX_NAME_LENGTH:
        return f"longer than {MAX_NAME_LENGTH} characters"
    for label in name.split("."):
        if not label:
            return "has an empty label (two dots in a row, or a dot at the start)"
        if len(label) > MAX_LABEL_LENGTH:
            return f"has a label longer than {MAX_LABEL_LENGTH} characters"
        if not LABEL.fullmatch(label):
            return f"{label!r} holds characters other than letters, digits, hyphens and underscores"
        if label.startswith("-") or label.endswith("-"):
            return f"{label!r} starts or ends with a hyphen"
        if label[:4].lower() == "xn--" and (problem := _a_label_problem(label)):
            return problem
    return None


def refusal(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why `address` may not be called, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = refusal(embedded, allow_loopback=allow_loopback)
            return f"{reason} (embedded in {address})" if reason else None
    if address in METADATA_ADDRESSES:
        return f"{address} is a cloud metadata address"
    if address.is_loopback:
        return None if allow_loopback else f"{address} is a loopback address"
    for kind, flag in (
        ("an unspecified", address.is_unspecified),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a private", address.is_private),
        ("a reserved", address.is_reserved),
    ):
        if flag:
            return f"{address} is {kind} address"
    if not address.is_global:
        return f"{address} is not a public address"
    return None


def parse(url: str, *, allow_loopback: bool = False) -> httpx.URL:
    """The URL's form: absolute https (http only where loopback is allowed, i.e. in tests), a host,
    no credentials, no fragment."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"must be at most {MAX_URL_LENGTH} characters")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise UnsafeURL("must not contain spaces or control characters")
    try:
        parsed = httpx.URL(url)
        port = parsed.port
        host = ascii_host(parsed)
    except (httpx.InvalidURL, ValueError) as exc:  # UnicodeError is a ValueError
        raise UnsafeURL("is not a valid URL") from exc
    allowed = ("https", "http") if allow_loopback else ("https",)
    if parsed.scheme not in allowed:
        raise UnsafeURL("must be an https:// URL")
    if not host:
        raise UnsafeURL("must name a host")
    if problem := host_problem(host):
        raise UnsafeURL(f"does not name a valid host: {problem}")
    if parsed.userinfo:
        raise UnsafeURL("must not contain a user name or password")
    if parsed.fragment:
        raise UnsafeURL("must not contain a fragment (#...)")
    if port is not None and not 0 < port < 65536:
        raise UnsafeURL("has an invalid port")
    return parsed


async def resolve(url: str, *, allow_loopback: bool = False) -> Target:
    """Check the URL and every address its host resolves to; raises UnsafeURL when any of them
    may not be called (an attacker's name may resolve to a public and a private address)."""
    parsed = parse(url, allow_loopback=allow_loopback)
    host = ascii_host(parsed)
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = await _lookup(host, parsed.port or (443 if parsed.scheme == "https" else 80))
    for address in addresses:
        if reason := refusal(address, allow_loopback=allow_loopback):
            raise UnsafeURL(f"{host} may not be called: {reason}")
    return Target(parsed, addresses)


async def _lookup(host: str, port: int) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Unresolvable(f"the host name {host} does not resolve") from exc
    except TimeoutError as exc:
        raise Unresolvable(f"the host name {host} did not resolve in time") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        # IPv6 socket addresses may carry a zone ("fe80::1%eth0"); the zone does not change the verdict.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise Unresolvable(f"the host name {host} does not resolve")
    return addresses
