"""What the README and docs/ state about settings, lists, benchmarks and the contract test holds
for the code: each claim is checked against what it describes."""

import re

import pytest
from pydantic_settings import BaseSettings

from hub.worker import WorkerSettings
from services.directory.config import DirectorySettings
from services.directory.search.routes import MAX_PAGE
from services.gateway.config import GatewaySettings
from services.metrics.config import MetricsSettings
from services.reports.config import ReportsSettings
from shared.pagination import MAX_PAGE_SIZE
from tests.conftest import ROOT
from tests.system import test_contract

SETTINGS: list[type[BaseSettings]] = [
    GatewaySettings,
    DirectorySettings,
    MetricsSettings,
    ReportsSettings,
    WorkerSettings,
]
# Inherited by the worker, which serves its metrics on WORKER_METRICS_PORT and never reads this.
UNREAD = {"PROMETHEUS_PORT"}


def variables() -> set[str]:
    """Every environment variable a settings class reads: its alias, or its prefix and name."""
    names = set()
    for settings in SETTINGS:
        prefix = settings.model_config.get("env_prefix") or ""
        for name, field in settings.model_fields.items():
            alias = field.validation_alias or field.alias
            names.add(str(alias).upper() if alias else f"{prefix}{name}".upper())
    return names - UNREAD


def test_every_setting_is_in_env_example() -> None:
    example = (ROOT / "deploy" / "env.example").read_text()
    listed = {m[1] for m in re.finditer(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M)}

    assert variables() - listed == set()


def test_every_setting_is_in_the_readmes_table() -> None:
    readme = (ROOT / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    webhooks = (ROOT / "docs" / "reports.md").read_text()  # the table's `REPORTS_WEBHOOKS_*` row

    missing = {
        name
        for name in variables()
        if f"`{name}`" not in table
        and not (name.startswith("REPORTS_WEBHOOKS_") and re.search(f"`{name}[`=]", webhooks))
    }
    assert missing == set()


def test_the_readme_lists_every_benchmark() -> None:
    benchmarks = (ROOT / "README.md").read_text().split("## Benchmarks", 1)[1]
    scripts = {p.name for p in (ROOT / "bench").glob("*.py")} - {"__init__.py", "servers.py"}

    assert {s for s in scripts if f"bench/{s}" not in benchmarks} == set()


def test_the_api_page_states_the_page_sizes() -> None:
    lists = (ROOT / "docs" / "api.md").read_text().split("## Lists", 1)[1].split("\n## ", 1)[0]

    assert f"1 to\n{MAX_PAGE_SIZE}" in lists or f"1 to {MAX_PAGE_SIZE}" in lists
    assert f"1 to {MAX_PAGE}" in lists and "`GET /v1/directory/organisations`" in lists


# The check behind each failure the contract test tolerates (schemathesis' titles).
CHECKS = {
    "Schema-valid request rejected": "positive_data_acceptance",
    "Schema-violating request accepted": "negative_data_rejection",
    "Wrong response to undeclared method": "unsupported_method",
    "Allow header mismatch": "allow_header_conformance",
}


def test_the_documented_schemathesis_command_is_the_contract_tests() -> None:
    page = (ROOT / "docs" / "api.md").read_text().split("## Checked in the tests", 1)[1]
    command = page.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    options = dict(re.findall(r"(--[a-z-]+)(?:=(\S+))?", command))

    assert set(CHECKS) == test_contract.TOLERATED
    assert set(options["--exclude-checks"].split(",")) == set(CHECKS.values())
    assert options["--checks"] == "all" and options["--max-examples"] == test_contract.EXAMPLES_PER_OPERATION
    assert {"--phases", "--seed", "--no-shrink"} <= set(options)
    assert f"--max-time={test_contract.KEYED_RUN_SECONDS}" in page
    for limit in ("ANONYMOUS", "RATE_LIMIT", "AUTH_FAILURE", "KEY_CREATION", "REGISTRATION"):
        assert f"GATEWAY_{limit}_BURST=1000000" in command


@pytest.mark.parametrize("option", ["--phases", "--seed", "--workers", "--warnings"])
def test_the_documented_schemathesis_options_are_the_tests(option: str) -> None:
    page = (ROOT / "docs" / "api.md").read_text()
    source = (ROOT / "tests" / "system" / "test_contract.py").read_text()

    used = re.search(rf'"{option}=([^"]+)"', source)
    assert used is not None and f"{option}={used[1]}" in page
