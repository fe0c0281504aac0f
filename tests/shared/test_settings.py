import pytest
from pydantic import ValidationError

from services.gateway.config import GatewaySettings
from services.reports.config import ReportsSettings


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
