"""SIGTERM on a real service process (`hub serve`): it stops accepting connections at once and
finishes the request in flight before it exits."""

import json
import signal
import socket
from pathlib import Path

import pytest

from shared.identity import Identity, sign
from tests.conftest import TEST_SECRET, Env
from tests.processes import start, wait_for
from tests.support.ports import free_port

pytestmark = pytest.mark.process

PATH = "/internal/keys/verify"


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def signed_headers() -> dict[str, str]:
    return sign(Identity.of_service("gateway"), secret=TEST_SECRET, method="POST", path=PATH)


def read_response(conn: socket.socket) -> tuple[int, dict]:
    data = b""
    while chunk := conn.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


def test_a_request_in_flight_completes_after_sigterm(env: Env, tmp_path: Path) -> None:
    port = free_port()
    service = start(["-m", "hub", "serve", "directory"], env, tmp_path / "directory.log", DIRECTORY_PORT=str(port))
    try:
        wait_for(lambda: accepts(port), "the service to listen")
        body = json.dumps({"prefix": "hub_000000000000", "fingerprint": "0" * 64}).encode()
        head = [f"POST {PATH} HTTP/1.1", "Host: directory", "Content-Type: application/json"]
        head += [f"Content-Length: {len(body)}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in signed_headers().items()]
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[:10])  # the request is in flight

        service.terminate()
        wait_for(lambda: not accepts(port), "the service to stop accepting connections")
        conn.sendall(body[10:])
        status, problem = read_response(conn)
        conn.close()
        code = service.wait()
    finally:
        service.stop()

    assert status == 401  # answered by the route: the key is unknown
    assert problem["detail"] == "Unknown, expired or revoked API key."
    # uvicorn re-raises the signal once it has shut down cleanly
    assert code in (0, -signal.SIGTERM), service.output()[-3000:]
    assert "Application shutdown complete." in service.output()
