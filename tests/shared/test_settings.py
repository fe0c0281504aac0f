import pytest
from pydantic import ValidationError

from services.gateway.config import GatewaySettings
from services.metrics.config import MetricsSettings
from services.reports.config import ReportsSettings
from shared.settings import MIN_PRODUCTION_SECRET_LENGTH


def test_placeholder_secret_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        ReportsSettings(environment="production", secret_key="changeme")


def test_default_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        GatewaySettings(environment="production")


def test_development_runs_with_the_default_secret() -> None:
    assert ReportsSettings(environment="development").secret_key.get_secret_value()


def test_shared_variables_ignore_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.example/hub")
    monkeypatch.setenv("REPORTS_SWEEP_QUEUED_AFTER_SECONDS", "7")
    monkeypatch.setenv("PORT", "9000")

    assert ReportsSettings().database_url == "postgresql://db.example/hub"
    assert ReportsSettings().sweep_queued_after_seconds == 7
    assert GatewaySettings().port == 9000


LONG_ENOUGH = "s" * MIN_PRODUCTION_SECRET_LENGTH


@pytest.mark.parametrize(
    "secret", ["password", "x" * (MIN_PRODUCTION_SECRET_LENGTH - 1), "<long random value: python>"]
)
def test_production_refuses_a_weak_secret_key(secret: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        GatewaySettings(environment="production", secret_key=secret)


def test_production_takes_a_secret_key_of_32_characters() -> None:
    assert GatewaySettings(environment="production", secret_key=LONG_ENOUGH).secret_key.get_secret_value()


def test_production_refuses_a_short_fallback_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY_FALLBACKS"):
        ReportsSettings(environment="production", secret_key=LONG_ENOUGH, secret_key_fallbacks="password")


def test_production_refuses_a_short_cell_key_secret_when_set() -> None:
    with pytest.raises(ValidationError, match="METRICS_CELL_KEY_SECRET"):
        MetricsSettings(environment="production", secret_key=LONG_ENOUGH, cell_key_secret="password")

    assert MetricsSettings(environment="production", secret_key=LONG_ENOUGH, cell_key_secret="")
    assert MetricsSettings(environment="production", secret_key=LONG_ENOUGH, cell_key_secret="c" * 32)


def test_length_is_a_production_rule() -> None:
    assert ReportsSettings(environment="test", secret_key="short-test-secret").secret_key.get_secret_value()


def test_docs_are_hidden_in_production_unless_asked_for() -> None:
    assert GatewaySettings(environment="development").docs_exposed()
    assert not GatewaySettings(environment="production", secret_key=LONG_ENOUGH).docs_exposed()
    assert GatewaySettings(environment="production", secret_key=LONG_ENOUGH, expose_docs=True).docs_exposed()


def test_metrics_leave_the_service_port_in_production_or_when_given_their_own() -> None:
    assert ReportsSettings(environment="development").metrics_on_service_port()
    assert not ReportsSettings(environment="development", prometheus_port=9003).metrics_on_service_port()
    assert not ReportsSettings(environment="production", secret_key=LONG_ENOUGH).metrics_on_service_port()


def test_each_service_reads_its_own_prometheus_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_PROMETHEUS_PORT", "9000")
    monkeypatch.setenv("METRICS_PROMETHEUS_PORT", "9002")

    assert GatewaySettings().prometheus_port == 9000
    assert MetricsSettings().prometheus_port == 9002
    assert ReportsSettings().prometheus_port == 0
