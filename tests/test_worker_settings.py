"""The worker's settings read only their own variables, though `hub run` sets every service's."""

import pytest

from hub.worker import WorkerSettings


def test_the_worker_does_not_take_the_metrics_services_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKER_METRICS_PORT", raising=False)
    monkeypatch.setenv("METRICS_PORT", "18002")

    assert WorkerSettings().worker_metrics_port == 8004

    monkeypatch.setenv("WORKER_METRICS_PORT", "18004")
    assert WorkerSettings().worker_metrics_port == 18004
